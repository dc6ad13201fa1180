CREATE FUNCTION _first_ordered_final(internal, anyelement) RETURNS anyelement LANGUAGE internal IMMUTABLE
    AS 'array_agg_finalfn';
CREATE FUNCTION _arr_append(anyarray, anyelement) RETURNS anyarray LANGUAGE sql IMMUTABLE
    AS $$SELECT array_append($1, $2)$$;
CREATE AGGREGATE arr_ordered(ORDER BY anyelement) (SFUNC = _arr_append, STYPE = anyarray, INITCOND = '{}');
CREATE TABLE t (x integer);
CREATE VIEW v AS SELECT arr_ordered() WITHIN GROUP (ORDER BY x) AS xs FROM t;

CREATE FUNCTION _msum(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$SELECT $1 + $2$$;
CREATE AGGREGATE msum(numeric) (SFUNC = _msum, STYPE = numeric, INITCOND = '0');

CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL, category text);

CREATE FUNCTION _sum_len(integer, text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$SELECT $1 + length($2)$$;
CREATE AGGREGATE sum_len(text) (SFUNC = _sum_len, STYPE = integer, INITCOND = '0');
CREATE VIEW v AS SELECT category, sum_len(title) AS n FROM film GROUP BY category;

CREATE FUNCTION approx_eq(numeric, numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$SELECT abs($1 - $2) < 0.01$$;
CREATE OPERATOR ~= (FUNCTION = approx_eq, LEFTARG = numeric, RIGHTARG = numeric, COMMUTATOR = ~=);
CREATE TABLE m (a numeric, b numeric);
CREATE VIEW close AS SELECT * FROM m WHERE a ~= b;

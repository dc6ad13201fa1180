CREATE TABLE t (a int);
CREATE FUNCTION dbl(x int) RETURNS bigint LANGUAGE sql AS 'SELECT x::bigint * 2';
CREATE VIEW v AS SELECT dbl(a) AS d FROM t;

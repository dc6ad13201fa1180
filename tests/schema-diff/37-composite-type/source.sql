CREATE TYPE address AS (street text, city text, zip varchar(10));
CREATE TYPE pair AS (a int, b int);
CREATE TABLE t (home address);
CREATE FUNCTION mkpair(int, int) RETURNS pair LANGUAGE sql AS 'SELECT ROW($1, $2)::pair';

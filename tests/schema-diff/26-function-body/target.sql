CREATE FUNCTION add1(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 2';
CREATE FUNCTION greet(name text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'hi ' || name; END $$;

CREATE FUNCTION next_code() RETURNS varchar LANGUAGE sql AS $$ SELECT 'X'::varchar $$;
CREATE TABLE t (id int, code text DEFAULT next_code());
CREATE TABLE u (id int, code text);

CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT 'C-' || floor(random() * 1000)::text $$;
CREATE TABLE t (id int, code text DEFAULT next_code());
CREATE TABLE u (id int, code text DEFAULT next_code());

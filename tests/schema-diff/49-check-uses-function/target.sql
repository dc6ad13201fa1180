CREATE FUNCTION valid_code(c text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;
CREATE TABLE t (code text CONSTRAINT code_ok CHECK (valid_code(code) = 1));

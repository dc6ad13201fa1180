CREATE FUNCTION valid_code(c text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT c ~ '^[A-Z]+$' $$;
CREATE TABLE t (code text CONSTRAINT code_ok CHECK (valid_code(code)));
CREATE INDEX t_valid ON t (code) WHERE valid_code(code);

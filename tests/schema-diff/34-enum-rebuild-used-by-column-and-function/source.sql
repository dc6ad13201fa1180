CREATE TYPE color AS ENUM ('red', 'green', 'blue');
CREATE TABLE paint (id int, c color DEFAULT 'red');
CREATE FUNCTION is_red(x color) RETURNS boolean LANGUAGE sql AS $$ SELECT x = 'red' $$;
CREATE VIEW reds AS SELECT id FROM paint WHERE c = 'red';

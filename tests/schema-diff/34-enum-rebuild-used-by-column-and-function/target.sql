CREATE TYPE color AS ENUM ('blue', 'red', 'yellow', 'green');
CREATE TABLE paint (id int, c color DEFAULT 'red');
INSERT INTO paint VALUES (1, 'red'), (2, 'yellow');
CREATE FUNCTION is_red(x color) RETURNS boolean LANGUAGE sql AS $$ SELECT x = 'red' $$;
CREATE VIEW reds AS SELECT id FROM paint WHERE c = 'red';

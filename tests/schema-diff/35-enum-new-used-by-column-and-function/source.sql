CREATE TYPE size AS ENUM ('s', 'm', 'l');
CREATE TABLE shirt (id int, sz size NOT NULL DEFAULT 'm');
CREATE FUNCTION biggest() RETURNS size LANGUAGE sql AS $$ SELECT 'l'::size $$;

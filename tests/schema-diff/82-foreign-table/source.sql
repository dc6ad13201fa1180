CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', dbname 'other');

CREATE FOREIGN TABLE remote_film (film_id integer NOT NULL, title text OPTIONS (column_name 'name'))
    SERVER remote OPTIONS (schema_name 'public', table_name 'film');
COMMENT ON FOREIGN TABLE remote_film IS 'over there';
CREATE VIEW remote_titles AS SELECT title FROM remote_film;

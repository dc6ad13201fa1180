DO $$BEGIN CREATE ROLE sd_reader; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE sd_writer; EXCEPTION WHEN duplicate_object THEN NULL; END$$;

CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', dbname 'other');
CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL, category text);
CREATE MATERIALIZED VIEW mv AS SELECT count(*) FROM film;

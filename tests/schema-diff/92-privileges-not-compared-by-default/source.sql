DO $$BEGIN CREATE ROLE sd_reader; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE sd_writer; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
CREATE TABLE t (id integer PRIMARY KEY, secret text, note text);
CREATE SEQUENCE s AS integer;
CREATE VIEW v AS SELECT id FROM t;
GRANT SELECT ON t TO sd_reader;

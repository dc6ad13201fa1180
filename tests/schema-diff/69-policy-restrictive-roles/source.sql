DO $$BEGIN CREATE ROLE sd_reader; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE sd_writer; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL DEFAULT current_user, body text);

ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY readers ON doc FOR SELECT TO sd_reader, sd_writer USING (true);
CREATE POLICY not_empty ON doc AS RESTRICTIVE TO sd_writer USING (body <> '');

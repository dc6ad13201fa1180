DO $$BEGIN CREATE ROLE sd_reader; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE sd_writer; EXCEPTION WHEN duplicate_object THEN NULL; END$$;

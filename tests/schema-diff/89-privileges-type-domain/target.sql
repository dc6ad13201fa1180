DO $$BEGIN CREATE ROLE sd_reader; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE sd_writer; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);

DO $$BEGIN CREATE ROLE sd_reader; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE sd_writer; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
REVOKE USAGE ON TYPE mood FROM PUBLIC;
GRANT USAGE ON TYPE mood TO sd_reader;
GRANT USAGE ON DOMAIN posint TO sd_writer;

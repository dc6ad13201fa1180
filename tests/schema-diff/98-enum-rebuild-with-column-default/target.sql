CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE person (id integer, m mood NOT NULL DEFAULT 'sad', prev mood DEFAULT 'happy'::mood);

CREATE TYPE mood AS ENUM ('ok', 'happy', 'ecstatic');
CREATE TABLE person (id integer, m mood NOT NULL DEFAULT 'ok', prev mood DEFAULT 'happy'::mood);

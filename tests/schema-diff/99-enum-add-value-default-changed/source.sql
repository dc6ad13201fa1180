CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'great');
CREATE TABLE person (id integer, m mood DEFAULT 'great');

CREATE TABLE a (id serial PRIMARY KEY, v text);
CREATE TABLE b (id bigserial, v text);
CREATE TABLE c (n int);
ALTER TABLE c ADD COLUMN id serial;

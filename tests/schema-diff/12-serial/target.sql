CREATE TABLE a (id serial PRIMARY KEY, v text);
CREATE TABLE c (n int);

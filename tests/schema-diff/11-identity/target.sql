CREATE TABLE a (id integer PRIMARY KEY, v text);
INSERT INTO a VALUES (1, 'x'), (2, 'y');
CREATE TABLE b (id integer GENERATED ALWAYS AS IDENTITY, v text);
CREATE TABLE c (id integer GENERATED ALWAYS AS IDENTITY, v text);

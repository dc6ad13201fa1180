CREATE TABLE a (id integer PRIMARY KEY, x text);
CREATE TABLE b (id integer PRIMARY KEY, y text);
CREATE PUBLICATION pub_a FOR TABLE a WITH (publish = 'insert, update');

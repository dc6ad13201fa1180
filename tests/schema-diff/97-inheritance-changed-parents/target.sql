CREATE TABLE a (x integer);
CREATE TABLE b (y integer);
CREATE TABLE c (x integer, y integer, z integer) INHERITS (b);

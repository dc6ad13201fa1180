CREATE EXTENSION citext;
CREATE TABLE t (name citext);

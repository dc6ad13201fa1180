CREATE TABLE t (x integer);

CREATE TABLE t (a text, b text COLLATE "C", c varchar(10));

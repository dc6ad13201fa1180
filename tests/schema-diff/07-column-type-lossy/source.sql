CREATE TABLE t (a smallint, b integer, c varchar(5));

CREATE TABLE t (a integer, b text, c varchar(50));
INSERT INTO t VALUES (1, '42', 'abc');

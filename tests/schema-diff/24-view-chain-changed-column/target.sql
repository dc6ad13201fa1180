CREATE TABLE t (id int, amount integer, label varchar(10));
CREATE VIEW v1 AS SELECT id, amount, label FROM t;
CREATE VIEW v2 AS SELECT id, amount FROM v1 WHERE amount > 0;
CREATE VIEW v3 AS SELECT count(*) AS n FROM v2;

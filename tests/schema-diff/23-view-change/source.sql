CREATE TABLE t (a int, b int);
CREATE VIEW v AS SELECT a, b FROM t WHERE a > 0;
CREATE VIEW sec WITH (security_barrier) AS SELECT a FROM t;

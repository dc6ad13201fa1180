CREATE TABLE t (id int, keep text);
CREATE VIEW v AS SELECT id, keep FROM t;

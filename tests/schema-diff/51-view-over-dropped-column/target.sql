CREATE TABLE t (id int, keep text, old int);
CREATE VIEW v AS SELECT id, keep, old FROM t;

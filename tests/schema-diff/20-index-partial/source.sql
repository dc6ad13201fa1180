CREATE TABLE t (id int, active boolean, v int);
CREATE INDEX t_active ON t (id) WHERE active;
CREATE INDEX t_v ON t (v) WHERE v > 10;

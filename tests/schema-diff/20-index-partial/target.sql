CREATE TABLE t (id int, active boolean, v int);
CREATE INDEX t_active ON t (id);
CREATE INDEX t_old ON t (v);

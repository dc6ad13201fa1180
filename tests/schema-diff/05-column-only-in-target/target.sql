CREATE TABLE t (id int, old_flag boolean NOT NULL, old_note text);
INSERT INTO t VALUES (1, true, 'x');

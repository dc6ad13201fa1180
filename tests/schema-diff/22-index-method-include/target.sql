CREATE TABLE t (id int, tags text[], h text, v int);
CREATE INDEX t_h ON t USING btree (h);
CREATE INDEX t_id_inc ON t (id);

CREATE TABLE t (id int, tags text[], h text, v int);
CREATE INDEX t_tags ON t USING gin (tags);
CREATE INDEX t_h ON t USING hash (h);
CREATE INDEX t_id_inc ON t (id) INCLUDE (v);

CREATE TABLE t (id int, v text);
COMMENT ON TABLE t IS 'table t';
COMMENT ON COLUMN t.v IS 'it''s the value';
CREATE VIEW v AS SELECT id FROM t;
COMMENT ON VIEW v IS 'a view';
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
COMMENT ON FUNCTION f() IS E'back\\slash';
CREATE INDEX t_id ON t (id);
COMMENT ON INDEX t_id IS 'by id';

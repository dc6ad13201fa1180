CREATE TYPE status AS ENUM ('new', 'doing', 'done');
CREATE TABLE task (id integer, st status DEFAULT 'doing');
CREATE FUNCTION is_done(status) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$SELECT $1 = 'done'$$;
CREATE VIEW open_tasks AS SELECT id FROM task WHERE NOT is_done(st);

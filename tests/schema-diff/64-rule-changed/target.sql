CREATE TABLE item (id integer PRIMARY KEY, name text);
CREATE TABLE item_log (id integer, name text, at timestamptz DEFAULT now());
CREATE RULE no_delete AS ON DELETE TO item WHERE OLD.id > 10 DO INSTEAD NOTHING;
COMMENT ON RULE no_delete ON item IS 'old';

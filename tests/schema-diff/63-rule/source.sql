CREATE TABLE item (id integer PRIMARY KEY, name text);
CREATE TABLE item_log (id integer, name text, at timestamptz DEFAULT now());
CREATE RULE log_insert AS ON INSERT TO item DO ALSO INSERT INTO item_log (id, name) VALUES (NEW.id, NEW.name);

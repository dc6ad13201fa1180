CREATE TABLE item (id integer PRIMARY KEY, name text);
CREATE TABLE item_log (id integer, name text, at timestamptz DEFAULT now());

CREATE VIEW item_v AS SELECT id, name FROM item;
CREATE RULE item_v_ins AS ON INSERT TO item_v DO INSTEAD INSERT INTO item VALUES (NEW.id, NEW.name);

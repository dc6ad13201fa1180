CREATE TABLE item (id integer PRIMARY KEY, name text);
CREATE TABLE item_log (id integer, name text, at timestamptz DEFAULT now());

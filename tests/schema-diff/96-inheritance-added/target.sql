CREATE TABLE city (id integer, name text);
CREATE TABLE capital (id integer, name text, country text);

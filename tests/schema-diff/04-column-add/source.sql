CREATE TABLE t (id int, a text, b integer NOT NULL DEFAULT 7, c timestamptz DEFAULT now());

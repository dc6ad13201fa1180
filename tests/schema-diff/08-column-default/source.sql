CREATE TABLE t (a int DEFAULT 1, b text DEFAULT 'new', c int, d timestamptz DEFAULT now());

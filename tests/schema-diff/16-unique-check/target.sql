CREATE TABLE t (a int, b int CHECK (b >= 0), c text, CONSTRAINT old_check CHECK (c <> ''));

CREATE TABLE t (a int UNIQUE, b int CHECK (b > 0), c text, CONSTRAINT c_len CHECK (length(c) < 10));

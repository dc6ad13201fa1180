CREATE TABLE t (a int DEFAULT 2, b text, c int DEFAULT 5, d timestamptz);

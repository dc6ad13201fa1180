CREATE TABLE t (a int, b int, total int GENERATED ALWAYS AS (a + b) STORED, twice int GENERATED ALWAYS AS (a * 2) STORED, plain int);

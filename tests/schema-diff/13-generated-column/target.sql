CREATE TABLE t (a int, b int, total int GENERATED ALWAYS AS (a - b) STORED, twice int, plain int GENERATED ALWAYS AS (a) STORED);

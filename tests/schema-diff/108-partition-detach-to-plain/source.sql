CREATE TABLE measure (id integer, at date NOT NULL, v numeric) PARTITION BY RANGE (at);
CREATE INDEX measure_at ON measure (at);

CREATE TABLE measure_2023 (id integer, at date NOT NULL, v numeric);

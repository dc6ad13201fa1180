CREATE TABLE measure (id integer, at date NOT NULL, v numeric) PARTITION BY RANGE (at);
CREATE INDEX measure_at ON measure (at);

CREATE TABLE measure_a PARTITION OF measure FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE measure_b PARTITION OF measure FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE TABLE measure (id integer, at date NOT NULL, v numeric) PARTITION BY RANGE (at);
CREATE INDEX measure_at ON measure (at);
CREATE TABLE archive (id integer, at date NOT NULL, v numeric) PARTITION BY RANGE (at);
CREATE INDEX archive_at ON archive (at);

CREATE TABLE m1 PARTITION OF measure FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');

CREATE TABLE t (a integer, b varchar(20), c numeric(10,2), d varchar(10), e real);
INSERT INTO t VALUES (1, 'x', 1.5, 'y', 2.5);

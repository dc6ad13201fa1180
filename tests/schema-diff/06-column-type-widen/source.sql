CREATE TABLE t (a bigint, b varchar(50), c numeric(12,2), d text, e double precision);

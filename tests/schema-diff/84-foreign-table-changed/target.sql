CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', dbname 'other');

CREATE FOREIGN TABLE rf (id bigint) SERVER remote OPTIONS (table_name 'films');

CREATE COLLATION ci (PROVIDER = icu, LOCALE = 'und-u-ks-level2', DETERMINISTIC = false);
CREATE TABLE users (id integer PRIMARY KEY, email text COLLATE ci NOT NULL UNIQUE);

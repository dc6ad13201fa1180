CREATE TABLE kept (id int);
CREATE TABLE legacy (id int PRIMARY KEY, payload text NOT NULL);
CREATE INDEX legacy_payload ON legacy (payload);
INSERT INTO legacy VALUES (1, 'keep me');

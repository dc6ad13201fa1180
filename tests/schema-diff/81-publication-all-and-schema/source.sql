CREATE TABLE a (id integer PRIMARY KEY, x text);
CREATE TABLE b (id integer PRIMARY KEY, y text);
CREATE PUBLICATION everything FOR ALL TABLES;
CREATE PUBLICATION sch FOR TABLES IN SCHEMA public WITH (publish_via_partition_root = true);

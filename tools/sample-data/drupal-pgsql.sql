-- A small Drupal-like site for the quickstart's @pgprod database
-- (PostgreSQL), the same shape as drupal-mysql.sql with fewer tables.
CREATE TABLE users_field_data (
  uid integer NOT NULL,
  langcode varchar(12) NOT NULL,
  name varchar(60) NOT NULL,
  mail varchar(254),
  status smallint,
  created integer NOT NULL,
  access integer NOT NULL,
  PRIMARY KEY (uid, langcode),
  CONSTRAINT user__name UNIQUE (name, langcode)
);
CREATE TABLE node (
  nid serial PRIMARY KEY,
  vid integer,
  type varchar(32) NOT NULL,
  uuid uuid NOT NULL UNIQUE,
  langcode varchar(12) NOT NULL
);
CREATE INDEX node_field__type__target_id ON node (type);
CREATE TABLE node_field_data (
  nid integer NOT NULL,
  vid integer NOT NULL,
  type varchar(32) NOT NULL,
  langcode varchar(12) NOT NULL,
  status smallint NOT NULL,
  uid integer NOT NULL,
  title varchar(255) NOT NULL,
  created integer NOT NULL,
  changed integer,
  promote smallint,
  sticky smallint,
  PRIMARY KEY (nid, langcode)
);
CREATE INDEX node__frontpage ON node_field_data (promote, status, sticky, created);
CREATE TABLE node__body (
  bundle varchar(128) NOT NULL DEFAULT '',
  entity_id integer NOT NULL,
  langcode varchar(32) NOT NULL DEFAULT '',
  delta integer NOT NULL,
  body_value text NOT NULL,
  body_format varchar(255),
  PRIMARY KEY (entity_id, delta, langcode)
);
CREATE TABLE watchdog (
  wid bigserial PRIMARY KEY,
  uid integer NOT NULL DEFAULT 0,
  type varchar(64) NOT NULL DEFAULT '',
  message text NOT NULL,
  variables bytea NOT NULL,
  severity smallint NOT NULL DEFAULT 0,
  location text NOT NULL,
  hostname varchar(128) NOT NULL DEFAULT '',
  "timestamp" integer NOT NULL DEFAULT 0
);
CREATE INDEX watchdog__type ON watchdog (type);
CREATE TABLE cache_data (
  cid varchar(255) PRIMARY KEY,
  data bytea,
  expire integer NOT NULL DEFAULT 0,
  created numeric(14,3) NOT NULL DEFAULT 0,
  serialized smallint NOT NULL DEFAULT 0,
  tags text,
  checksum varchar(255) NOT NULL
);
CREATE VIEW published_nodes AS
  SELECT nid, title, created FROM node_field_data WHERE status = 1;

INSERT INTO users_field_data
SELECT n, 'en', 'user' || n, 'user' || n || '@example.test', 1, 1600000000 + n * 3600, 1700000000 + n
FROM generate_series(1, 200) n;
INSERT INTO node (nid, vid, type, uuid, langcode)
SELECT n, n, CASE WHEN n % 5 = 0 THEN 'page' ELSE 'article' END,
       md5('node' || n)::uuid, 'en'
FROM generate_series(1, 2000) n;
SELECT setval('node_nid_seq', 2000);
INSERT INTO node_field_data
SELECT nid, vid, type, 'en', (nid % 17 <> 0)::int, 1 + nid % 200,
       initcap(type) || ' ' || nid || CASE WHEN nid % 50 = 0 THEN ' — café, naïve, 東京' ELSE '' END,
       1600000000 + nid * 600, 1650000000 + nid * 600, (type = 'article')::int, (nid % 97 = 0)::int
FROM node;
INSERT INTO node__body
SELECT type, nid, 'en', 0, '<p>Body of node ' || nid || '. ' || repeat('Lorem ipsum dolor sit amet. ', 1 + nid % 40) || '</p>',
       'basic_html'
FROM node;
INSERT INTO watchdog (uid, type, message, variables, severity, location, hostname, "timestamp")
SELECT n % 200, (ARRAY['php', 'cron', 'user', 'page not found', 'content'])[1 + n % 5],
       'Event ' || n || ': @message', convert_to('a:1:{s:8:"@message";s:' || length(n::text) || ':"' || n || '";}', 'UTF8'),
       n % 8, 'https://prod.example.test/node/' || (1 + n % 2000), '192.0.2.' || (n % 250), 1700000000 + n * 60
FROM generate_series(1, 5000) n;
SELECT setval('watchdog_wid_seq', 5000);
INSERT INTO cache_data
SELECT 'data:' || n, convert_to(repeat('z', 300), 'UTF8'), -1, 1700000000 + n / 1000.0, 1, 'node_list', '3'
FROM generate_series(1, 300) n;

-- The tables of tests/integration/sanitize-drupal.mysql.sql as Drupal
-- creates them on PostgreSQL (serial for auto-increment, bytea for blobs,
-- unsigned as CHECK), with the same rows, for the sanitize tests (t0710).
SET client_min_messages = warning;
CREATE TABLE users (uid integer NOT NULL CHECK (uid >= 0), uuid varchar(128) NOT NULL,
  langcode varchar(12) NOT NULL, PRIMARY KEY (uid), CONSTRAINT user_field__uuid__value__key UNIQUE (uuid));
CREATE TABLE users_field_data (uid integer NOT NULL CHECK (uid >= 0), langcode varchar(12) NOT NULL,
  preferred_langcode varchar(12), name varchar(60) NOT NULL, pass varchar(255), mail varchar(254),
  timezone varchar(32), status smallint, created integer NOT NULL, changed integer, access integer NOT NULL,
  login integer, init varchar(254), default_langcode smallint NOT NULL,
  PRIMARY KEY (uid, langcode), CONSTRAINT users_field_data__user__name__key UNIQUE (name, langcode));
CREATE INDEX users_field_data__user_field__mail__idx ON users_field_data (mail);
CREATE TABLE sessions (uid integer NOT NULL CHECK (uid >= 0), sid varchar(128) NOT NULL,
  hostname varchar(128) NOT NULL DEFAULT '', timestamp bigint NOT NULL DEFAULT 0, session bytea,
  PRIMARY KEY (sid));
CREATE TABLE comment_field_data (cid integer NOT NULL CHECK (cid >= 0), comment_type varchar(32) NOT NULL,
  langcode varchar(12) NOT NULL, status smallint NOT NULL, uid integer NOT NULL CHECK (uid >= 0),
  pid integer, entity_id integer, subject varchar(64), name varchar(60), mail varchar(254),
  homepage varchar(255), hostname varchar(128), created integer NOT NULL, changed integer,
  thread varchar(255) NOT NULL, entity_type varchar(32) NOT NULL, field_name varchar(32) NOT NULL,
  default_langcode smallint NOT NULL, PRIMARY KEY (cid, langcode));
CREATE TABLE comment_entity_statistics (entity_id integer NOT NULL DEFAULT 0,
  entity_type varchar(32) NOT NULL DEFAULT 'node', field_name varchar(32) NOT NULL DEFAULT '',
  cid integer NOT NULL DEFAULT 0, last_comment_timestamp integer NOT NULL DEFAULT 0,
  last_comment_name varchar(60), last_comment_uid integer NOT NULL DEFAULT 0,
  comment_count integer NOT NULL DEFAULT 0, PRIMARY KEY (entity_id, entity_type, field_name));
CREATE TABLE user__field_phone (bundle varchar(128) NOT NULL DEFAULT '', deleted smallint NOT NULL DEFAULT 0,
  entity_id integer NOT NULL, revision_id integer NOT NULL, langcode varchar(32) NOT NULL DEFAULT '',
  delta integer NOT NULL, field_phone_value varchar(255) NOT NULL,
  PRIMARY KEY (entity_id, deleted, delta, langcode));
CREATE TABLE user__field_bio (bundle varchar(128) NOT NULL DEFAULT '', deleted smallint NOT NULL DEFAULT 0,
  entity_id integer NOT NULL, revision_id integer NOT NULL, langcode varchar(32) NOT NULL DEFAULT '',
  delta integer NOT NULL, field_bio_value text NOT NULL, field_bio_summary text, field_bio_format varchar(255),
  PRIMARY KEY (entity_id, deleted, delta, langcode));
CREATE TABLE watchdog (wid bigserial PRIMARY KEY, uid integer NOT NULL DEFAULT 0, type varchar(64) NOT NULL DEFAULT '',
  message text NOT NULL, variables bytea NOT NULL, severity smallint NOT NULL DEFAULT 0, link text,
  location text NOT NULL, referer text, hostname varchar(128) NOT NULL DEFAULT '', timestamp bigint NOT NULL DEFAULT 0);
CREATE TABLE cache_entity (cid varchar(255) NOT NULL DEFAULT '' PRIMARY KEY, data bytea, expire integer NOT NULL DEFAULT 0,
  created numeric(14,3) NOT NULL DEFAULT 0, serialized smallint NOT NULL DEFAULT 0, tags text, checksum varchar(255) NOT NULL);
CREATE TABLE flood (fid serial PRIMARY KEY, event varchar(64) NOT NULL DEFAULT '',
  identifier varchar(128) NOT NULL DEFAULT '', timestamp integer NOT NULL DEFAULT 0, expiration integer NOT NULL DEFAULT 0);
CREATE TABLE node_field_data (nid integer NOT NULL, vid integer NOT NULL, type varchar(32) NOT NULL,
  langcode varchar(12) NOT NULL, status smallint NOT NULL, uid integer NOT NULL, title varchar(255) NOT NULL,
  created integer NOT NULL, PRIMARY KEY (nid, langcode));

INSERT INTO users VALUES (0, 'uuid-anonymous', 'en');
INSERT INTO users SELECT s, 'uuid-' || s, 'en' FROM generate_series(1, 200) s;
INSERT INTO users_field_data VALUES (0, 'en', 'en', '', NULL, NULL, 'UTC', 0, 1600000000, 1600000000, 0, 0, NULL, 1);
INSERT INTO users_field_data SELECT s, 'en', 'en',
  (ARRAY['alice', 'bob', 'chloé', 'dmitri', 'eve'])[1 + s % 5] || '.' || (ARRAY['martin', 'okafor', 'nguyen'])[1 + s % 3] || s,
  '$2y$10$' || encode(sha256(convert_to('pw' || s, 'UTF8')), 'hex'),
  (ARRAY['alice', 'bob', 'chloe', 'dmitri', 'eve'])[1 + s % 5] || '.' || (ARRAY['martin', 'okafor', 'nguyen'])[1 + s % 3] || s || '@mail' || s % 7 || '.example.net',
  'Europe/Paris', 1, 1600000000 + s, 1600000000 + s, 1700000000 + s, 1700000000 + s,
  (ARRAY['alice', 'bob', 'chloe', 'dmitri', 'eve'])[1 + s % 5] || '.' || (ARRAY['martin', 'okafor', 'nguyen'])[1 + s % 3] || s || '@mail' || s % 7 || '.example.net',
  1 FROM generate_series(1, 200) s;
INSERT INTO sessions SELECT 1 + s % 200, 'sid-' || encode(sha256(convert_to('session' || s, 'UTF8')), 'hex'),
  '203.0.113.' || s % 250, 1700000000 + s,
  convert_to('_sf2_attributes|a:1:{s:3:"uid";s:' || length((1 + s % 200)::text) || ':"' || (1 + s % 200) || '";}', 'UTF8')
  FROM generate_series(1, 300) s;
INSERT INTO comment_field_data SELECT s, 'comment', 'en', 1, CASE WHEN s % 4 = 0 THEN 0 ELSE 1 + s % 200 END, NULL, 1 + s % 50,
  'Re: node ' || s % 50, u.name, u.mail, 'https://blog.example.net/~' || u.name,
  '198.51.100.' || s % 250, 1650000000 + s, 1650000000 + s, lpad(s::text, 2, '0') || '/', 'node', 'comment', 1
  FROM generate_series(1, 400) s JOIN users_field_data u ON u.uid = 1 + s % 200;
INSERT INTO comment_entity_statistics SELECT s, 'node', 'comment', s * 8, 1650000000 + s,
  (SELECT name FROM users_field_data WHERE uid = s), s, 8 FROM generate_series(1, 50) s;
INSERT INTO user__field_phone SELECT 'user', 0, s, s, 'en', 0, '+33 6 ' || lpad((s * 7919 % 100000000)::text, 8, '0')
  FROM generate_series(1, 200) s;
INSERT INTO user__field_bio SELECT 'user', 0, s, s, 'en', 0,
  '<p>I am ' || u.name || ', write to ' || u.mail || '</p>', 'Bio of ' || u.name, 'basic_html'
  FROM generate_series(1, 120) s JOIN users_field_data u ON u.uid = s;
INSERT INTO watchdog (uid, type, message, variables, severity, link, location, referer, hostname, timestamp)
  SELECT u.uid, 'user', 'Password reset instructions mailed to %name at %email.',
  convert_to('a:2:{s:5:"%name";s:' || length(u.name) || ':"' || u.name || '";s:6:"%email";s:' || length(u.mail) || ':"' || u.mail || '";}', 'UTF8'),
  5, '', 'https://www.example.net/user/password', '', '192.0.2.' || u.uid % 250, 1700000000 + u.uid
  FROM users_field_data u WHERE u.uid > 0;
INSERT INTO cache_entity SELECT 'values:user:' || u.uid,
  convert_to('O:8:"stdClass":3:{s:4:"name";s:' || length(u.name) || ':"' || u.name || '";s:4:"mail";s:' || length(u.mail) || ':"' || u.mail ||
  '";s:4:"pass";s:' || length(u.pass) || ':"' || u.pass || '";}', 'UTF8'), -1, 1700000000, 1, 'entity_field_info user_values', '0'
  FROM users_field_data u WHERE u.uid > 0;
INSERT INTO flood (event, identifier, timestamp, expiration)
  SELECT 'user.failed_login_ip', '203.0.113.' || s, 1700000000, 1700003600 FROM generate_series(1, 20) s;
INSERT INTO node_field_data SELECT s, s, 'article', 'en', 1, 1 + s % 200, 'Article ' || s, 1600000000 + s
  FROM generate_series(1, 50) s;
ANALYZE;

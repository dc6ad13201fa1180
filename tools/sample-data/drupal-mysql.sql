-- A small Drupal-like site for the quickstart's @prod database (MariaDB).
-- Run inside the target database; about 16 tables and 13,000 rows.
SET NAMES utf8mb4;

CREATE TEMPORARY TABLE seq (n INT NOT NULL PRIMARY KEY);
INSERT INTO seq (n)
SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 1
FROM (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c,
     (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) e;

CREATE TABLE users (
  uid INT UNSIGNED NOT NULL,
  uuid VARCHAR(128) CHARACTER SET ascii NOT NULL,
  langcode VARCHAR(12) CHARACTER SET ascii NOT NULL,
  PRIMARY KEY (uid),
  UNIQUE KEY user_field__uuid__value (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE users_field_data (
  uid INT UNSIGNED NOT NULL,
  langcode VARCHAR(12) CHARACTER SET ascii NOT NULL,
  preferred_langcode VARCHAR(12) CHARACTER SET ascii DEFAULT NULL,
  name VARCHAR(60) NOT NULL,
  pass VARCHAR(255) DEFAULT NULL,
  mail VARCHAR(254) DEFAULT NULL,
  timezone VARCHAR(32) DEFAULT NULL,
  status TINYINT DEFAULT NULL,
  created INT NOT NULL,
  changed INT DEFAULT NULL,
  access INT NOT NULL,
  login INT DEFAULT NULL,
  init VARCHAR(254) DEFAULT NULL,
  default_langcode TINYINT NOT NULL,
  PRIMARY KEY (uid, langcode),
  UNIQUE KEY user__name (name, langcode),
  KEY user_field__mail (mail),
  KEY user_field__created (created),
  KEY user_field__access (access)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE node (
  nid INT UNSIGNED NOT NULL AUTO_INCREMENT,
  vid INT UNSIGNED DEFAULT NULL,
  type VARCHAR(32) CHARACTER SET ascii NOT NULL,
  uuid VARCHAR(128) CHARACTER SET ascii NOT NULL,
  langcode VARCHAR(12) CHARACTER SET ascii NOT NULL,
  PRIMARY KEY (nid),
  UNIQUE KEY node_field__uuid__value (uuid),
  UNIQUE KEY node__vid (vid),
  KEY node_field__type__target_id (type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE node_field_data (
  nid INT UNSIGNED NOT NULL,
  vid INT UNSIGNED NOT NULL,
  type VARCHAR(32) CHARACTER SET ascii NOT NULL,
  langcode VARCHAR(12) CHARACTER SET ascii NOT NULL,
  status TINYINT NOT NULL,
  uid INT UNSIGNED NOT NULL,
  title VARCHAR(255) NOT NULL,
  created INT NOT NULL,
  changed INT DEFAULT NULL,
  promote TINYINT DEFAULT NULL,
  sticky TINYINT DEFAULT NULL,
  default_langcode TINYINT NOT NULL,
  PRIMARY KEY (nid, langcode),
  KEY node__id__default_langcode__langcode (nid, default_langcode, langcode),
  KEY node__vid (vid),
  KEY node__frontpage (promote, status, sticky, created),
  KEY node__status_type (status, type, nid),
  KEY node__title_type (title(191), type(4)),
  KEY node_field__uid__target_id (uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE node__body (
  bundle VARCHAR(128) CHARACTER SET ascii NOT NULL DEFAULT '',
  deleted TINYINT NOT NULL DEFAULT 0,
  entity_id INT UNSIGNED NOT NULL,
  revision_id INT UNSIGNED NOT NULL,
  langcode VARCHAR(32) CHARACTER SET ascii NOT NULL DEFAULT '',
  delta INT UNSIGNED NOT NULL,
  body_value LONGTEXT NOT NULL,
  body_summary LONGTEXT DEFAULT NULL,
  body_format VARCHAR(255) CHARACTER SET ascii DEFAULT NULL,
  PRIMARY KEY (entity_id, deleted, delta, langcode),
  KEY bundle (bundle),
  KEY revision_id (revision_id),
  KEY body_format (body_format)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE taxonomy_term_field_data (
  tid INT UNSIGNED NOT NULL,
  revision_id INT UNSIGNED NOT NULL,
  vid VARCHAR(32) CHARACTER SET ascii NOT NULL,
  langcode VARCHAR(12) CHARACTER SET ascii NOT NULL,
  status TINYINT NOT NULL,
  name VARCHAR(255) NOT NULL,
  description__value LONGTEXT DEFAULT NULL,
  description__format VARCHAR(255) CHARACTER SET ascii DEFAULT NULL,
  weight INT NOT NULL,
  changed INT DEFAULT NULL,
  default_langcode TINYINT NOT NULL,
  PRIMARY KEY (tid, langcode),
  KEY taxonomy_term__tree (vid, weight, name(191)),
  KEY taxonomy_term__vid_name (vid, name(191))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE path_alias (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  revision_id INT UNSIGNED DEFAULT NULL,
  uuid VARCHAR(128) CHARACTER SET ascii NOT NULL,
  langcode VARCHAR(12) CHARACTER SET ascii NOT NULL,
  path VARCHAR(255) DEFAULT NULL,
  alias VARCHAR(255) DEFAULT NULL,
  status TINYINT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY path_alias_field__uuid__value (uuid),
  KEY path_alias__alias_langcode_id_status (alias(191), langcode, id, status),
  KEY path_alias__path_langcode_id_status (path(191), langcode, id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE file_managed (
  fid INT UNSIGNED NOT NULL AUTO_INCREMENT,
  uuid VARCHAR(128) CHARACTER SET ascii NOT NULL,
  langcode VARCHAR(12) CHARACTER SET ascii NOT NULL,
  uid INT UNSIGNED DEFAULT NULL,
  filename VARCHAR(255) DEFAULT NULL,
  uri VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  filemime VARCHAR(255) CHARACTER SET ascii DEFAULT NULL,
  filesize BIGINT UNSIGNED DEFAULT NULL,
  status TINYINT NOT NULL,
  created INT DEFAULT NULL,
  changed INT NOT NULL,
  PRIMARY KEY (fid),
  UNIQUE KEY file_field__uuid__value (uuid),
  KEY file_field__uid__target_id (uid),
  KEY file_field__uri (uri),
  KEY file_field__status (status),
  KEY file_field__changed (changed)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE watchdog (
  wid BIGINT NOT NULL AUTO_INCREMENT,
  uid INT UNSIGNED NOT NULL DEFAULT 0,
  type VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '',
  message LONGTEXT NOT NULL,
  variables LONGBLOB NOT NULL,
  severity TINYINT UNSIGNED NOT NULL DEFAULT 0,
  link TEXT DEFAULT NULL,
  location TEXT NOT NULL,
  referer TEXT DEFAULT NULL,
  hostname VARCHAR(128) NOT NULL DEFAULT '',
  timestamp INT NOT NULL DEFAULT 0,
  PRIMARY KEY (wid),
  KEY type (type),
  KEY uid (uid),
  KEY severity (severity)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE sessions (
  uid INT UNSIGNED NOT NULL,
  sid VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  hostname VARCHAR(128) NOT NULL DEFAULT '',
  timestamp BIGINT NOT NULL DEFAULT 0,
  session LONGBLOB DEFAULT NULL,
  PRIMARY KEY (sid),
  KEY timestamp (timestamp),
  KEY uid (uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE config (
  collection VARCHAR(255) CHARACTER SET ascii NOT NULL DEFAULT '',
  name VARCHAR(255) CHARACTER SET ascii NOT NULL DEFAULT '',
  data LONGBLOB DEFAULT NULL,
  PRIMARY KEY (collection, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE key_value (
  collection VARCHAR(128) CHARACTER SET ascii NOT NULL DEFAULT '',
  name VARCHAR(128) CHARACTER SET ascii NOT NULL DEFAULT '',
  value LONGBLOB NOT NULL,
  PRIMARY KEY (collection, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE cache_bootstrap (
  cid VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  data LONGBLOB DEFAULT NULL,
  expire INT NOT NULL DEFAULT 0,
  created DECIMAL(14,3) NOT NULL DEFAULT 0.000,
  serialized SMALLINT NOT NULL DEFAULT 0,
  tags LONGTEXT DEFAULT NULL,
  checksum VARCHAR(255) CHARACTER SET ascii NOT NULL,
  PRIMARY KEY (cid),
  KEY expire (expire),
  KEY created (created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE cache_config LIKE cache_bootstrap;
CREATE TABLE cache_data LIKE cache_bootstrap;
CREATE TABLE cache_render LIKE cache_bootstrap;

-- data
INSERT INTO users (uid, uuid, langcode)
SELECT n - 1, UUID(), 'en' FROM seq WHERE n <= 201;
INSERT INTO users_field_data
SELECT uid, 'en', 'en', IF(uid = 0, '', CONCAT('user', uid)),
       IF(uid = 0, NULL, CONCAT('$2y$10$', SHA2(uid, 256))),
       IF(uid = 0, NULL, CONCAT('user', uid, '@example.test')), 'Europe/Zurich',
       uid > 0, 1600000000 + uid * 3600, 1700000000, 1700000000 + uid, 1700000000 + uid,
       IF(uid = 0, NULL, CONCAT('user', uid, '@example.test')), 1
FROM users;

INSERT INTO node (nid, vid, type, uuid, langcode)
SELECT n, n, IF(n % 5 = 0, 'page', 'article'), UUID(), 'en' FROM seq WHERE n <= 2000;
INSERT INTO node_field_data
SELECT nid, vid, type, 'en', nid % 17 <> 0, 1 + nid % 200,
       CONCAT(IF(type = 'page', 'Page ', 'Article '), nid, IF(nid % 50 = 0, ' — café, naïve, 東京', '')),
       1600000000 + nid * 600, 1650000000 + nid * 600, type = 'article', nid % 97 = 0, 1
FROM node;
INSERT INTO node__body
SELECT type, 0, nid, vid, 'en', 0,
       CONCAT('<p>Body of node ', nid, '. ', REPEAT('Lorem ipsum dolor sit amet. ', 1 + nid % 40), '</p>'),
       NULL, 'basic_html'
FROM node;

INSERT INTO taxonomy_term_field_data
SELECT n, n, IF(n <= 30, 'tags', 'category'), 'en', 1, CONCAT('Term ', n),
       NULL, 'plain_text', n % 7, 1650000000, 1
FROM seq WHERE n <= 50;

INSERT INTO path_alias (id, revision_id, uuid, langcode, path, alias, status)
SELECT nid, nid, UUID(), 'en', CONCAT('/node/', nid),
       CONCAT('/', type, '/', LOWER(REPLACE(CONCAT(IF(type = 'page', 'page-', 'article-'), nid), ' ', '-'))), 1
FROM node;

INSERT INTO file_managed (fid, uuid, langcode, uid, filename, uri, filemime, filesize, status, created, changed)
SELECT n, UUID(), 'en', 1 + n % 200, CONCAT('image-', n, '.jpg'),
       CONCAT('public://2024-0', 1 + n % 9, '/image-', n, '.jpg'), 'image/jpeg', 1000 + n * 37,
       1, 1650000000 + n, 1650000000 + n
FROM seq WHERE n <= 200;

INSERT INTO watchdog (uid, type, message, variables, severity, link, location, referer, hostname, timestamp)
SELECT n % 200, ELT(1 + n % 5, 'php', 'cron', 'user', 'page not found', 'content'),
       CONCAT('Event ', n, ': @message'), CONCAT('a:1:{s:8:"@message";s:', LENGTH(n), ':"', n, '";}'),
       n % 8, NULL, CONCAT('https://prod.example.test/node/', 1 + n % 2000), '',
       CONCAT('192.0.2.', n % 250), 1700000000 + n * 60
FROM seq WHERE n <= 5000;

INSERT INTO sessions
SELECT 1 + n % 200, SHA2(CONCAT('session', n), 256), CONCAT('198.51.100.', n), 1700000000 + n,
       CONCAT('_sf2_attributes|a:1:{s:3:"uid";s:', LENGTH(n), ':"', n, '";}')
FROM seq WHERE n <= 50;

INSERT INTO config
SELECT '', CONCAT(ELT(1 + n % 4, 'system.', 'core.', 'node.type.', 'field.storage.node.'), 'item', n),
       CONCAT('a:2:{s:4:"name";s:', LENGTH(n), ':"', n, '";s:6:"status";b:1;}')
FROM seq WHERE n <= 100;
INSERT INTO config VALUES ('', 'system.site',
       'a:3:{s:4:"name";s:11:"Sample site";s:4:"mail";s:17:"site@example.test";s:4:"slogan";s:0:"";}');

INSERT INTO key_value
SELECT ELT(1 + n % 3, 'state', 'system.schema', 'entity.definitions.installed'), CONCAT('key', n),
       CONCAT('i:', n, ';')
FROM seq WHERE n <= 200;

INSERT INTO cache_bootstrap
SELECT CONCAT('bootstrap:', n), REPEAT('x', 100 + n), -1, 1700000000 + n / 1000, 1, '', '0'
FROM seq WHERE n <= 100;
INSERT INTO cache_config
SELECT CONCAT('config:', n), REPEAT('y', 200), -1, 1700000000 + n / 1000, 1, '', '0'
FROM seq WHERE n <= 300;
INSERT INTO cache_data
SELECT CONCAT('data:', n), REPEAT('z', 300), -1, 1700000000 + n / 1000, 1, 'node_list', '3'
FROM seq WHERE n <= 300;
INSERT INTO cache_render
SELECT CONCAT('entity_view:node:', n, ':full'), REPEAT('<div>rendered</div>', 20), -1,
       1700000000 + n / 1000, 1, CONCAT('node:', n, ' rendered'), '7'
FROM seq WHERE n <= 500;

DROP TEMPORARY TABLE seq;

-- A Drupal 10 site's tables that hold personal data (as Drupal creates them
-- on MySQL), with 200 users, their sessions, comments, log entries and cached
-- entities, for the sanitize tests (t0490).  Every e-mail address is
-- <first>.<last><n>@mail<n % 7>.example.net, every password hash starts
-- with $2y$10$, every session id with sid-.
CREATE TABLE users (uid int unsigned NOT NULL, uuid varchar(128) CHARACTER SET ascii NOT NULL,
  langcode varchar(12) CHARACTER SET ascii NOT NULL, PRIMARY KEY (uid),
  UNIQUE KEY user_field__uuid__value (uuid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE users_field_data (uid int unsigned NOT NULL, langcode varchar(12) CHARACTER SET ascii NOT NULL,
  preferred_langcode varchar(12) CHARACTER SET ascii DEFAULT NULL,
  name varchar(60) NOT NULL, pass varchar(255) DEFAULT NULL, mail varchar(254) DEFAULT NULL,
  timezone varchar(32) DEFAULT NULL, status tinyint DEFAULT NULL, created int NOT NULL,
  changed int DEFAULT NULL, access int NOT NULL, login int DEFAULT NULL,
  init varchar(254) DEFAULT NULL, default_langcode tinyint NOT NULL,
  PRIMARY KEY (uid, langcode), UNIQUE KEY user__name (name, langcode),
  KEY user_field__mail (mail), KEY user_field__created (created), KEY user_field__access (access))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE sessions (uid int unsigned NOT NULL, sid varchar(128) CHARACTER SET ascii NOT NULL,
  hostname varchar(128) NOT NULL DEFAULT '', timestamp bigint NOT NULL DEFAULT 0, session longblob,
  PRIMARY KEY (sid), KEY timestamp (timestamp), KEY uid (uid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE comment_field_data (cid int unsigned NOT NULL, comment_type varchar(32) CHARACTER SET ascii NOT NULL,
  langcode varchar(12) CHARACTER SET ascii NOT NULL, status tinyint NOT NULL, uid int unsigned NOT NULL,
  pid int unsigned DEFAULT NULL, entity_id int unsigned DEFAULT NULL, subject varchar(64) DEFAULT NULL,
  name varchar(60) DEFAULT NULL, mail varchar(254) DEFAULT NULL, homepage varchar(255) DEFAULT NULL,
  hostname varchar(128) DEFAULT NULL, created int NOT NULL, changed int DEFAULT NULL,
  thread varchar(255) NOT NULL, entity_type varchar(32) CHARACTER SET ascii NOT NULL,
  field_name varchar(32) CHARACTER SET ascii NOT NULL, default_langcode tinyint NOT NULL,
  PRIMARY KEY (cid, langcode), KEY comment__status_pid (pid, status), KEY comment_field__uid__target_id (uid))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE comment_entity_statistics (entity_id int unsigned NOT NULL DEFAULT 0,
  entity_type varchar(32) CHARACTER SET ascii NOT NULL DEFAULT 'node', field_name varchar(32) CHARACTER SET ascii NOT NULL DEFAULT '',
  cid int NOT NULL DEFAULT 0, last_comment_timestamp int NOT NULL DEFAULT 0,
  last_comment_name varchar(60) DEFAULT NULL, last_comment_uid int unsigned NOT NULL DEFAULT 0,
  comment_count int unsigned NOT NULL DEFAULT 0, PRIMARY KEY (entity_id, entity_type, field_name))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE user__field_phone (bundle varchar(128) CHARACTER SET ascii NOT NULL DEFAULT '',
  deleted tinyint NOT NULL DEFAULT 0, entity_id int unsigned NOT NULL, revision_id int unsigned NOT NULL,
  langcode varchar(32) CHARACTER SET ascii NOT NULL DEFAULT '', delta int unsigned NOT NULL,
  field_phone_value varchar(255) NOT NULL, PRIMARY KEY (entity_id, deleted, delta, langcode))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE user__field_bio (bundle varchar(128) CHARACTER SET ascii NOT NULL DEFAULT '',
  deleted tinyint NOT NULL DEFAULT 0, entity_id int unsigned NOT NULL, revision_id int unsigned NOT NULL,
  langcode varchar(32) CHARACTER SET ascii NOT NULL DEFAULT '', delta int unsigned NOT NULL,
  field_bio_value longtext NOT NULL, field_bio_summary longtext, field_bio_format varchar(255) DEFAULT NULL,
  PRIMARY KEY (entity_id, deleted, delta, langcode)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE watchdog (wid bigint unsigned NOT NULL AUTO_INCREMENT, uid int unsigned NOT NULL DEFAULT 0,
  type varchar(64) NOT NULL DEFAULT '', message longtext NOT NULL, variables longblob NOT NULL,
  severity tinyint unsigned NOT NULL DEFAULT 0, link text, location text NOT NULL, referer text,
  hostname varchar(128) NOT NULL DEFAULT '', timestamp bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (wid), KEY type (type), KEY uid (uid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE cache_entity (cid varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  data longblob, expire int NOT NULL DEFAULT 0, created decimal(14,3) NOT NULL DEFAULT 0,
  serialized smallint NOT NULL DEFAULT 0, tags longtext, checksum varchar(255) CHARACTER SET ascii NOT NULL,
  PRIMARY KEY (cid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE flood (fid int NOT NULL AUTO_INCREMENT, event varchar(64) NOT NULL DEFAULT '',
  identifier varchar(128) NOT NULL DEFAULT '', timestamp int NOT NULL DEFAULT 0, expiration int NOT NULL DEFAULT 0,
  PRIMARY KEY (fid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE node_field_data (nid int unsigned NOT NULL, vid int unsigned NOT NULL, type varchar(32) NOT NULL,
  langcode varchar(12) NOT NULL, status tinyint NOT NULL, uid int unsigned NOT NULL, title varchar(255) NOT NULL,
  created int NOT NULL, PRIMARY KEY (nid, langcode)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO users VALUES (0, 'uuid-anonymous', 'en');
INSERT INTO users SELECT seq, CONCAT('uuid-', seq), 'en' FROM seq_1_to_200;
INSERT INTO users_field_data VALUES (0, 'en', 'en', '', NULL, NULL, 'UTC', 0, 1600000000, 1600000000, 0, 0, NULL, 1);
INSERT INTO users_field_data SELECT seq, 'en', 'en',
  CONCAT(ELT(1 + seq % 5, 'alice', 'bob', 'chloé', 'dmitri', 'eve'), '.', ELT(1 + seq % 3, 'martin', 'okafor', 'nguyen'), seq),
  CONCAT('$2y$10$', SHA2(CONCAT('pw', seq), 256)),
  CONCAT(ELT(1 + seq % 5, 'alice', 'bob', 'chloe', 'dmitri', 'eve'), '.', ELT(1 + seq % 3, 'martin', 'okafor', 'nguyen'), seq, '@mail', seq % 7, '.example.net'),
  'Europe/Paris', 1, 1600000000 + seq, 1600000000 + seq, 1700000000 + seq, 1700000000 + seq,
  CONCAT(ELT(1 + seq % 5, 'alice', 'bob', 'chloe', 'dmitri', 'eve'), '.', ELT(1 + seq % 3, 'martin', 'okafor', 'nguyen'), seq, '@mail', seq % 7, '.example.net'),
  1 FROM seq_1_to_200;
INSERT INTO sessions SELECT 1 + seq % 200, CONCAT('sid-', SHA2(CONCAT('session', seq), 256)),
  CONCAT('203.0.113.', seq % 250), 1700000000 + seq,
  CONCAT('_sf2_attributes|a:1:{s:3:"uid";s:', LENGTH(1 + seq % 200), ':"', 1 + seq % 200, '";}') FROM seq_1_to_300;
INSERT INTO comment_field_data SELECT seq, 'comment', 'en', 1, IF(seq % 4 = 0, 0, 1 + seq % 200), NULL, 1 + seq % 50,
  CONCAT('Re: node ', seq % 50), u.name, u.mail, CONCAT('https://blog.example.net/~', u.name),
  CONCAT('198.51.100.', seq % 250), 1650000000 + seq, 1650000000 + seq, CONCAT(LPAD(seq, 2, '0'), '/'),
  'node', 'comment', 1
  FROM seq_1_to_400 JOIN users_field_data u ON u.uid = 1 + seq % 200;
INSERT INTO comment_entity_statistics SELECT seq, 'node', 'comment', seq * 8, 1650000000 + seq,
  (SELECT name FROM users_field_data WHERE uid = seq), seq, 8 FROM seq_1_to_50;
INSERT INTO user__field_phone SELECT 'user', 0, seq, seq, 'en', 0, CONCAT('+33 6 ', LPAD(seq * 7919 % 100000000, 8, '0'))
  FROM seq_1_to_200;
INSERT INTO user__field_bio SELECT 'user', 0, seq, seq, 'en', 0,
  CONCAT('<p>I am ', u.name, ', write to ', u.mail, '</p>'), CONCAT('Bio of ', u.name), 'basic_html'
  FROM seq_1_to_120 JOIN users_field_data u ON u.uid = seq;
INSERT INTO watchdog (uid, type, message, variables, severity, link, location, referer, hostname, timestamp)
  SELECT u.uid, 'user', 'Password reset instructions mailed to %name at %email.',
  CONCAT('a:2:{s:5:"%name";s:', LENGTH(u.name), ':"', u.name, '";s:6:"%email";s:', LENGTH(u.mail), ':"', u.mail, '";}'),
  5, '', 'https://www.example.net/user/password', '', CONCAT('192.0.2.', u.uid % 250), 1700000000 + u.uid
  FROM users_field_data u WHERE u.uid > 0;
INSERT INTO cache_entity SELECT CONCAT('values:user:', u.uid),
  CONCAT('O:8:"stdClass":3:{s:4:"name";s:', LENGTH(u.name), ':"', u.name, '";s:4:"mail";s:', LENGTH(u.mail), ':"', u.mail,
  '";s:4:"pass";s:', LENGTH(u.pass), ':"', u.pass, '";}'), -1, 1700000000, 1, 'entity_field_info user_values', '0'
  FROM users_field_data u WHERE u.uid > 0;
INSERT INTO flood (event, identifier, timestamp, expiration)
  SELECT 'user.failed_login_ip', CONCAT('203.0.113.', seq), 1700000000, 1700003600 FROM seq_1_to_20;
INSERT INTO node_field_data SELECT seq, seq, 'article', 'en', 1, 1 + seq % 200, CONCAT('Article ', seq), 1600000000 + seq
  FROM seq_1_to_50;

-- The tables of a WordPress site that hold personal data (as WordPress
-- creates them), with 30 users, their meta, comments and the site's
-- options, for the wordpress profile test of t0490.
CREATE TABLE wp_users (ID bigint(20) unsigned NOT NULL AUTO_INCREMENT, user_login varchar(60) NOT NULL DEFAULT '',
  user_pass varchar(255) NOT NULL DEFAULT '', user_nicename varchar(50) NOT NULL DEFAULT '',
  user_email varchar(100) NOT NULL DEFAULT '', user_url varchar(100) NOT NULL DEFAULT '',
  user_registered datetime NOT NULL DEFAULT '2000-01-01 00:00:00', user_activation_key varchar(255) NOT NULL DEFAULT '',
  user_status int(11) NOT NULL DEFAULT 0, display_name varchar(250) NOT NULL DEFAULT '',
  PRIMARY KEY (ID), KEY user_login_key (user_login), KEY user_nicename (user_nicename), KEY user_email (user_email))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
CREATE TABLE wp_usermeta (umeta_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  meta_key varchar(255) DEFAULT NULL, meta_value longtext, PRIMARY KEY (umeta_id), KEY user_id (user_id),
  KEY meta_key (meta_key(191))) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
CREATE TABLE wp_comments (comment_ID bigint(20) unsigned NOT NULL AUTO_INCREMENT, comment_post_ID bigint(20) unsigned NOT NULL DEFAULT 0,
  comment_author tinytext NOT NULL, comment_author_email varchar(100) NOT NULL DEFAULT '',
  comment_author_url varchar(200) NOT NULL DEFAULT '', comment_author_IP varchar(100) NOT NULL DEFAULT '',
  comment_date datetime NOT NULL DEFAULT '2000-01-01 00:00:00', comment_content text NOT NULL,
  comment_approved varchar(20) NOT NULL DEFAULT '1', comment_agent varchar(255) NOT NULL DEFAULT '',
  comment_type varchar(20) NOT NULL DEFAULT 'comment', comment_parent bigint(20) unsigned NOT NULL DEFAULT 0,
  user_id bigint(20) unsigned NOT NULL DEFAULT 0, PRIMARY KEY (comment_ID), KEY comment_post_ID (comment_post_ID),
  KEY comment_author_email (comment_author_email(10))) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
CREATE TABLE wp_options (option_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, option_name varchar(191) NOT NULL DEFAULT '',
  option_value longtext NOT NULL, autoload varchar(20) NOT NULL DEFAULT 'yes', PRIMARY KEY (option_id),
  UNIQUE KEY option_name (option_name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

INSERT INTO wp_users (user_login, user_pass, user_nicename, user_email, user_url, user_activation_key, display_name)
  SELECT CONCAT('author', seq), CONCAT('$P$B', LEFT(SHA2(CONCAT('wp', seq), 256), 31)), CONCAT('nice-author-', seq),
  CONCAT('author', seq, '@press', seq % 4, '.example.com'), CONCAT('https://author', seq, '.example.com'),
  CONCAT('1700000000:$P$Bkey', MD5(seq)), CONCAT('Author Number', seq) FROM seq_1_to_30;
INSERT INTO wp_usermeta (user_id, meta_key, meta_value)
  SELECT seq, 'first_name', CONCAT('Firstname', seq) FROM seq_1_to_30 UNION ALL
  SELECT seq, 'last_name', CONCAT('Lastname', seq) FROM seq_1_to_30 UNION ALL
  SELECT seq, 'session_tokens', CONCAT('a:1:{s:64:"', SHA2(CONCAT('token', seq), 256), '";a:0:{}}') FROM seq_1_to_30 UNION ALL
  SELECT seq, 'billing_phone', CONCAT('+1 555 01', LPAD(seq, 2, '0'), '99') FROM seq_1_to_30 UNION ALL
  SELECT seq, 'rich_editing', 'true' FROM seq_1_to_30;
INSERT INTO wp_comments (comment_post_ID, comment_author, comment_author_email, comment_author_url, comment_author_IP,
  comment_content, comment_agent, user_id)
  SELECT seq % 5 + 1, CONCAT('Visitor Name', seq), CONCAT('visitor', seq, '@mailbox.example.org'),
  CONCAT('https://visitor', seq, '.example.org'), CONCAT('203.0.113.', seq), 'Nice post', CONCAT('Mozilla/5.0 (agent ', seq, ')'),
  IF(seq % 2, seq, 0) FROM seq_1_to_60;
INSERT INTO wp_options (option_name, option_value) VALUES ('siteurl', 'https://www.example.com'),
  ('admin_email', 'webmaster@owner.example.com'), ('new_admin_email', 'newmaster@owner.example.com'),
  ('blogname', 'A blog');

# lib.sh - what the bench scripts share: the Drupal-like MySQL database and
# timing.  Sourced by bench/sql-sync-mysql and bench/sql-sync-ssh.

# bench_mysql_scale SIZE: sets scale and the row counts NODES USERS LOGS CACHE
# for a database of about SIZE MB (500 MB at scale 1).
bench_mysql_scale() {
	scale=$(awk -v s="$1" 'BEGIN { printf "%.3f", s / 500 }')
	NODES=$(bench_n 120000) USERS=$(bench_n 20000) LOGS=$(bench_n 600000) CACHE=$(bench_n 12000)
}
bench_n() { awk -v s="$scale" -v n="$1" 'BEGIN { v = int(n * s); print (v < 1 ? 1 : v) }'; }

# gen_sql: the SQL that creates and fills the database "drupal" (after bench_mysql_scale)
gen_sql() {
cat <<SQL
CREATE DATABASE drupal;
USE drupal;
SET SESSION sql_log_bin = 0;
CREATE TABLE users (uid int unsigned NOT NULL, uuid varchar(128) NOT NULL,
  langcode varchar(12) NOT NULL, PRIMARY KEY (uid), UNIQUE KEY user_field__uuid__value (uuid))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE users_field_data (uid int unsigned NOT NULL, langcode varchar(12) NOT NULL,
  name varchar(60) NOT NULL, pass varchar(255), mail varchar(254), timezone varchar(32),
  status tinyint, created int, changed int, access int NOT NULL DEFAULT 0, login int,
  init varchar(254), default_langcode tinyint NOT NULL,
  PRIMARY KEY (uid, langcode), UNIQUE KEY user__name (name, langcode),
  KEY user_field__mail (mail), KEY user_field__created (created), KEY user_field__access (access))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE node (nid int unsigned NOT NULL AUTO_INCREMENT, vid int unsigned,
  type varchar(32) NOT NULL, uuid varchar(128) NOT NULL, langcode varchar(12) NOT NULL,
  PRIMARY KEY (nid), UNIQUE KEY node_field__uuid__value (uuid), UNIQUE KEY node__vid (vid),
  KEY node_field__type__target_id (type)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE node_field_data (nid int unsigned NOT NULL, vid int unsigned NOT NULL,
  type varchar(32) NOT NULL, langcode varchar(12) NOT NULL, status tinyint NOT NULL,
  uid int unsigned NOT NULL, title varchar(255) NOT NULL, created int NOT NULL,
  changed int NOT NULL, promote tinyint NOT NULL, sticky tinyint NOT NULL,
  default_langcode tinyint NOT NULL, PRIMARY KEY (nid, langcode),
  KEY node__id__default_langcode__langcode (nid, default_langcode, langcode),
  KEY node__vid (vid), KEY node_field__type__target_id (type),
  KEY node_field__uid__target_id (uid), KEY node_field__created (created),
  KEY node_field__changed (changed), KEY node__status_type (status, type, nid),
  KEY node__frontpage (promote, status, sticky, created), KEY node__title_type (title(191), type))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE node__body (bundle varchar(128) NOT NULL DEFAULT '', deleted tinyint NOT NULL DEFAULT 0,
  entity_id int unsigned NOT NULL, revision_id int unsigned NOT NULL,
  langcode varchar(32) NOT NULL DEFAULT '', delta int unsigned NOT NULL,
  body_value longtext NOT NULL, body_summary longtext, body_format varchar(255),
  PRIMARY KEY (entity_id, deleted, delta, langcode), KEY bundle (bundle),
  KEY revision_id (revision_id), KEY body_format (body_format))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE watchdog (wid bigint unsigned NOT NULL AUTO_INCREMENT, uid int unsigned NOT NULL DEFAULT 0,
  type varchar(64) NOT NULL DEFAULT '', message longtext NOT NULL, variables longblob NOT NULL,
  severity tinyint unsigned NOT NULL DEFAULT 0, link text, location text NOT NULL,
  referer text, hostname varchar(128) NOT NULL DEFAULT '', timestamp int NOT NULL DEFAULT 0,
  PRIMARY KEY (wid), KEY type (type), KEY uid (uid), KEY severity (severity))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
SQL
for c in cache_render cache_data cache_entity cache_page; do
cat <<SQL
CREATE TABLE $c (cid varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  data longblob, expire int NOT NULL DEFAULT 0, created decimal(14,3) NOT NULL DEFAULT 0,
  serialized smallint NOT NULL DEFAULT 0, tags longtext, checksum varchar(255) CHARACTER SET ascii NOT NULL,
  PRIMARY KEY (cid), KEY expire (expire), KEY created (created)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO $c SELECT CONCAT('$c:', seq, ':', MD5(seq)),
  CONCAT(RANDOM_BYTES(1024), REPEAT(MD5(seq), 60), RANDOM_BYTES(512)), -1, seq / 7, 1,
  CONCAT('config:system.site node:', seq), seq FROM seq_1_to_$CACHE;
SQL
done
for i in $(seq 1 60); do
cat <<SQL
CREATE TABLE config_$i (collection varchar(255) NOT NULL DEFAULT '', name varchar(255) NOT NULL,
  data longblob, PRIMARY KEY (collection, name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO config_$i SELECT '', CONCAT('module.setting_', seq), REPEAT('a:1:{s:3:"key";}', 20)
  FROM seq_1_to_$((20 + i * 3));
SQL
done
cat <<SQL
INSERT INTO users SELECT seq, UUID(), 'en' FROM seq_1_to_$USERS;
INSERT INTO users_field_data SELECT seq, 'en', CONCAT('user', seq),
  CONCAT('\$S\$E', SHA2(seq, 256)), CONCAT('user', seq, '@example.com'), 'Europe/Paris', 1,
  1600000000 + seq, 1600000000 + seq * 2, 1700000000 - seq, 1700000000, CONCAT('u', seq, '@example.com'), 1
  FROM seq_1_to_$USERS;
INSERT INTO node SELECT seq, seq, ELT(1 + seq % 3, 'article', 'page', 'event'), UUID(), 'en'
  FROM seq_1_to_$NODES;
INSERT INTO node_field_data SELECT seq, seq, ELT(1 + seq % 3, 'article', 'page', 'event'), 'en',
  seq % 5 > 0, 1 + seq % $USERS, CONCAT('Title of node ', seq, ' ', LEFT(MD5(seq), 20)),
  1500000000 + seq * 11, 1600000000 + seq * 7, seq % 2, seq % 17 = 0, 1 FROM seq_1_to_$NODES;
INSERT INTO node__body SELECT ELT(1 + seq % 3, 'article', 'page', 'event'), 0, seq, seq, 'en', 0,
  CONCAT('<p>', REPEAT(CONCAT(MD5(seq), ' lorem ipsum dolor sit amet ', SHA1(seq), ' '), 12 + seq % 20), '</p>'),
  '', 'basic_html' FROM seq_1_to_$NODES;
INSERT INTO watchdog SELECT seq, seq % $USERS, ELT(1 + seq % 4, 'php', 'cron', 'user', 'page not found'),
  CONCAT('%type: @message in %function (line %line of %file). ', MD5(seq)),
  CONCAT('a:4:{s:5:"%type";s:5:"Error";s:8:"@message";s:40:"', SHA1(seq), '";}', RANDOM_BYTES(32)),
  seq % 8, '', CONCAT('https://example.com/node/', seq % 1000), 'https://example.com/',
  CONCAT('10.0.', seq % 256, '.', seq % 250), 1600000000 + seq FROM seq_1_to_$LOGS;
ANALYZE TABLE users, users_field_data, node, node_field_data, node__body, watchdog,
  cache_render, cache_data, cache_entity, cache_page;
SQL
}

# measure NAME CMD...: wall seconds and peak RSS (kB) of CMD into $NAME_wall / $NAME_rss
measure() {
	local name=$1 out
	shift
	out="$work/time.$name"
	if ! /usr/bin/time -v -o "$out" "$@" >"$work/out.$name" 2>&1; then
		echo "# $name failed:" >&2
		tail -n 20 "$work/out.$name" >&2
		tail -n 30 "$out" >&2
		exit 1
	fi
	eval "${name}_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
		for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$out")"
	eval "${name}_rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out")"
}

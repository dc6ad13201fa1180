# lib.sh - what the bench scripts share: the Drupal-like database (MySQL and
# PostgreSQL) and timing.  Sourced by bench/sql-sync-mysql,
# bench/sql-sync-pgsql and bench/sql-sync-ssh.

# bench_scale SIZE: sets scale and the row counts NODES USERS LOGS CACHE for
# a database of about SIZE MB in MySQL (500 MB at scale 1); the generators
# below use them.
bench_scale() {
	scale=$(awk -v s="$1" 'BEGIN { printf "%.3f", s / 500 }')
	NODES=$(bench_n 120000) USERS=$(bench_n 20000) LOGS=$(bench_n 600000) CACHE=$(bench_n 12000)
}
bench_n() { awk -v s="$scale" -v n="$1" 'BEGIN { v = int(n * s); print (v < 1 ? 1 : v) }'; }

# gen_sql: the MySQL statements that create and fill the database "drupal"
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

# The same rows as bench/sql-sync-mysql, in Drupal's PostgreSQL types
# (unsigned as CHECK (x >= 0), serial for auto-increment, bytea for blobs).
# Two parts loaded in parallel; tables get their keys and indexes after the
# rows, as a restore would.
gen_prelude() {
	cat <<SQL
CREATE DATABASE drupal;
\\connect drupal
SET client_min_messages = warning;
CREATE EXTENSION pgcrypto;
SQL
}

gen_nodes() {
cat <<SQL
SET client_min_messages = warning;
SET maintenance_work_mem = '256MB';
CREATE TABLE users (uid integer NOT NULL CHECK (uid >= 0), uuid varchar(128) NOT NULL,
  langcode varchar(12) NOT NULL);
CREATE TABLE users_field_data (uid integer NOT NULL CHECK (uid >= 0), langcode varchar(12) NOT NULL,
  name varchar(60) NOT NULL, pass varchar(255), mail varchar(254), timezone varchar(32),
  status smallint, created integer, changed integer, access integer NOT NULL DEFAULT 0,
  login integer, init varchar(254), default_langcode smallint NOT NULL);
CREATE TABLE node (nid serial CHECK (nid >= 0), vid integer CHECK (vid >= 0),
  type varchar(32) NOT NULL, uuid varchar(128) NOT NULL, langcode varchar(12) NOT NULL);
CREATE TABLE node_field_data (nid integer NOT NULL CHECK (nid >= 0), vid integer NOT NULL CHECK (vid >= 0),
  type varchar(32) NOT NULL, langcode varchar(12) NOT NULL, status smallint NOT NULL,
  uid integer NOT NULL CHECK (uid >= 0), title varchar(255) NOT NULL, created integer NOT NULL,
  changed integer NOT NULL, promote smallint NOT NULL, sticky smallint NOT NULL,
  default_langcode smallint NOT NULL);
CREATE TABLE node__body (bundle varchar(128) NOT NULL DEFAULT '', deleted smallint NOT NULL DEFAULT 0,
  entity_id integer NOT NULL CHECK (entity_id >= 0), revision_id integer NOT NULL CHECK (revision_id >= 0),
  langcode varchar(32) NOT NULL DEFAULT '', delta integer NOT NULL CHECK (delta >= 0),
  body_value text NOT NULL, body_summary text, body_format varchar(255));
INSERT INTO users SELECT s, gen_random_uuid(), 'en' FROM generate_series(1, $USERS) s;
INSERT INTO users_field_data SELECT s, 'en', 'user' || s,
  '\$S\$E' || encode(sha256(s::text::bytea), 'hex'), 'user' || s || '@example.com', 'Europe/Paris', 1,
  1600000000 + s, 1600000000 + s * 2, 1700000000 - s, 1700000000, 'u' || s || '@example.com', 1
  FROM generate_series(1, $USERS) s;
INSERT INTO node SELECT s, s, (ARRAY['article', 'page', 'event'])[1 + s % 3], gen_random_uuid(), 'en'
  FROM generate_series(1, $NODES) s;
SELECT setval(pg_get_serial_sequence('node', 'nid'), $NODES);
INSERT INTO node_field_data SELECT s, s, (ARRAY['article', 'page', 'event'])[1 + s % 3], 'en',
  (s % 5 > 0)::int, 1 + s % $USERS, 'Title of node ' || s || ' ' || left(md5(s::text), 20),
  1500000000 + s * 11, 1600000000 + s * 7, s % 2, (s % 17 = 0)::int, 1
  FROM generate_series(1, $NODES) s;
INSERT INTO node__body SELECT (ARRAY['article', 'page', 'event'])[1 + s % 3], 0, s, s, 'en', 0,
  '<p>' || repeat(md5(s::text) || ' lorem ipsum dolor sit amet ' || encode(digest(s::text, 'sha1'), 'hex') || ' ',
  12 + s % 20) || '</p>', '', 'basic_html' FROM generate_series(1, $NODES) s;
ALTER TABLE users ADD PRIMARY KEY (uid), ADD CONSTRAINT user_field__uuid__value__key UNIQUE (uuid);
ALTER TABLE users_field_data ADD PRIMARY KEY (uid, langcode),
  ADD CONSTRAINT users_field_data__user__name__key UNIQUE (name, langcode);
CREATE INDEX users_field_data__user_field__mail__idx ON users_field_data (mail);
CREATE INDEX users_field_data__user_field__created__idx ON users_field_data (created);
CREATE INDEX users_field_data__user_field__access__idx ON users_field_data (access);
ALTER TABLE node ADD PRIMARY KEY (nid), ADD CONSTRAINT node_field__uuid__value__key UNIQUE (uuid),
  ADD CONSTRAINT node__vid__key UNIQUE (vid);
CREATE INDEX node__node_field__type__target_id__idx ON node (type);
ALTER TABLE node_field_data ADD PRIMARY KEY (nid, langcode);
CREATE INDEX node_field_data__node__id__default_langcode__langcode__idx ON node_field_data (nid, default_langcode, langcode);
CREATE INDEX node_field_data__node__vid__idx ON node_field_data (vid);
CREATE INDEX node_field_data__node_field__type__target_id__idx ON node_field_data (type);
CREATE INDEX node_field_data__node_field__uid__target_id__idx ON node_field_data (uid);
CREATE INDEX node_field_data__node_field__created__idx ON node_field_data (created);
CREATE INDEX node_field_data__node_field__changed__idx ON node_field_data (changed);
CREATE INDEX node_field_data__node__status_type__idx ON node_field_data (status, type, nid);
CREATE INDEX node_field_data__node__frontpage__idx ON node_field_data (promote, status, sticky, created);
CREATE INDEX node_field_data__node__title_type__idx ON node_field_data (title, type);
ALTER TABLE node__body ADD PRIMARY KEY (entity_id, deleted, delta, langcode);
CREATE INDEX node__body__bundle__idx ON node__body (bundle);
CREATE INDEX node__body__revision_id__idx ON node__body (revision_id);
CREATE INDEX node__body__body_format__idx ON node__body (body_format);
SQL
for i in $(seq 1 60); do
cat <<SQL
CREATE TABLE config_$i (collection varchar(255) NOT NULL DEFAULT '', name varchar(255) NOT NULL,
  data bytea, PRIMARY KEY (collection, name));
INSERT INTO config_$i SELECT '', 'module.setting_' || s, convert_to(repeat('a:1:{s:3:"key";}', 20), 'UTF8')
  FROM generate_series(1, $((20 + i * 3))) s;
SQL
done
}

gen_logs() {
cat <<SQL
SET client_min_messages = warning;
SET maintenance_work_mem = '256MB';
CREATE TABLE watchdog (wid bigserial CHECK (wid >= 0), uid integer NOT NULL DEFAULT 0 CHECK (uid >= 0),
  type varchar(64) NOT NULL DEFAULT '', message text NOT NULL, variables bytea NOT NULL,
  severity smallint NOT NULL DEFAULT 0 CHECK (severity >= 0), link text, location text NOT NULL,
  referer text, hostname varchar(128) NOT NULL DEFAULT '', timestamp integer NOT NULL DEFAULT 0);
INSERT INTO watchdog SELECT s, s % $USERS, (ARRAY['php', 'cron', 'user', 'page not found'])[1 + s % 4],
  '%type: @message in %function (line %line of %file). ' || md5(s::text),
  convert_to('a:4:{s:5:"%type";s:5:"Error";s:8:"@message";s:40:"' || encode(digest(s::text, 'sha1'), 'hex') || '";}', 'UTF8')
    || gen_random_bytes(32),
  s % 8, '', 'https://example.com/node/' || s % 1000, 'https://example.com/',
  '10.0.' || s % 256 || '.' || s % 250, 1600000000 + s FROM generate_series(1, $LOGS) s;
SELECT setval(pg_get_serial_sequence('watchdog', 'wid'), $LOGS);
ALTER TABLE watchdog ADD PRIMARY KEY (wid);
CREATE INDEX watchdog__type__idx ON watchdog (type);
CREATE INDEX watchdog__uid__idx ON watchdog (uid);
CREATE INDEX watchdog__severity__idx ON watchdog (severity);
SQL
for c in cache_render cache_data cache_entity cache_page; do
cat <<SQL
CREATE TABLE $c (cid varchar(255) NOT NULL DEFAULT '', data bytea, expire integer NOT NULL DEFAULT 0,
  created numeric(14,3) NOT NULL DEFAULT 0, serialized smallint NOT NULL DEFAULT 0, tags text,
  checksum varchar(255) NOT NULL);
INSERT INTO $c SELECT '$c:' || s || ':' || md5(s::text),
  gen_random_bytes(1024) || convert_to(repeat(md5(s::text), 60), 'UTF8') || gen_random_bytes(512),
  -1, round(s / 7.0, 3), 1, 'config:system.site node:' || s, s FROM generate_series(1, $CACHE) s;
ALTER TABLE $c ADD PRIMARY KEY (cid);
CREATE INDEX ${c}__expire__idx ON $c (expire);
CREATE INDEX ${c}__created__idx ON $c (created);
SQL
done
}

# bench_pg_generate NAME: the PostgreSQL database "drupal" on the server NAME
# of tests/lib/servers.sh, its two halves loaded in parallel
bench_pg_generate() {
	local dir port a b
	eval "dir=\$PG_${1}_SOCKDIR port=\$PG_${1}_PORT"
	local psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres)
	gen_prelude | "${psql[@]}" -d postgres >/dev/null || return 1
	gen_nodes | "${psql[@]}" -d drupal >/dev/null &
	a=$!
	gen_logs | "${psql[@]}" -d drupal >/dev/null &
	b=$!
	wait $a || { wait $b; return 1; }
	wait $b || return 1
	"${psql[@]}" -d drupal -c 'DROP EXTENSION pgcrypto' -c 'ANALYZE'
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

# ------------------------------------------------------------ --sanitize
# The tables of personal data the drupal sanitize profile rewrites, for the
# benches' --sanitize mode: a comment per node, a session and a phone
# number per user (users_field_data is there already).

# gen_sanitize_sql: the MySQL statements that add them to "drupal"
gen_sanitize_sql() {
cat <<SQL
USE drupal;
SET SESSION sql_log_bin = 0;
CREATE TABLE comment_field_data (cid int unsigned NOT NULL, comment_type varchar(32) NOT NULL,
  langcode varchar(12) NOT NULL, status tinyint NOT NULL, uid int unsigned NOT NULL, pid int unsigned,
  entity_id int unsigned, subject varchar(64), name varchar(60), mail varchar(254), homepage varchar(255),
  hostname varchar(128), created int NOT NULL, changed int, thread varchar(255) NOT NULL,
  entity_type varchar(32) NOT NULL, field_name varchar(32) NOT NULL, default_langcode tinyint NOT NULL,
  PRIMARY KEY (cid, langcode), KEY comment_field__uid__target_id (uid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO comment_field_data SELECT seq, 'comment', 'en', 1, seq % $USERS, NULL, seq,
  CONCAT('Re: node ', seq), CONCAT('user', seq % $USERS), CONCAT('user', seq % $USERS, '@example.com'),
  CONCAT('https://blog.example.com/~user', seq % $USERS), CONCAT('10.1.', seq % 256, '.', seq % 250),
  1600000000 + seq, 1600000000 + seq, '01/', 'node', 'comment', 1 FROM seq_1_to_$NODES;
CREATE TABLE sessions (uid int unsigned NOT NULL, sid varchar(128) NOT NULL, hostname varchar(128) NOT NULL DEFAULT '',
  timestamp bigint NOT NULL DEFAULT 0, session longblob, PRIMARY KEY (sid), KEY uid (uid))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO sessions SELECT seq, CONCAT('sid-', SHA2(seq, 256)), CONCAT('10.2.', seq % 256, '.1'),
  1700000000 + seq, REPEAT('_sf2_attributes|a:0:{}', 10) FROM seq_1_to_$USERS;
CREATE TABLE user__field_phone (bundle varchar(128) NOT NULL DEFAULT '', deleted tinyint NOT NULL DEFAULT 0,
  entity_id int unsigned NOT NULL, revision_id int unsigned NOT NULL, langcode varchar(32) NOT NULL DEFAULT '',
  delta int unsigned NOT NULL, field_phone_value varchar(255) NOT NULL,
  PRIMARY KEY (entity_id, deleted, delta, langcode)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO user__field_phone SELECT 'user', 0, seq, seq, 'en', 0, CONCAT('+33 6 ', LPAD(seq, 8, '0'))
  FROM seq_1_to_$USERS;
ANALYZE TABLE comment_field_data, sessions, user__field_phone;
SQL
}

# gen_sanitize_pg: the same for PostgreSQL
gen_sanitize_pg() {
cat <<SQL
SET client_min_messages = warning;
CREATE TABLE comment_field_data (cid integer NOT NULL, comment_type varchar(32) NOT NULL,
  langcode varchar(12) NOT NULL, status smallint NOT NULL, uid integer NOT NULL, pid integer,
  entity_id integer, subject varchar(64), name varchar(60), mail varchar(254), homepage varchar(255),
  hostname varchar(128), created integer NOT NULL, changed integer, thread varchar(255) NOT NULL,
  entity_type varchar(32) NOT NULL, field_name varchar(32) NOT NULL, default_langcode smallint NOT NULL);
INSERT INTO comment_field_data SELECT s, 'comment', 'en', 1, s % $USERS, NULL, s,
  'Re: node ' || s, 'user' || s % $USERS, 'user' || s % $USERS || '@example.com',
  'https://blog.example.com/~user' || s % $USERS, '10.1.' || s % 256 || '.' || s % 250,
  1600000000 + s, 1600000000 + s, '01/', 'node', 'comment', 1 FROM generate_series(1, $NODES) s;
ALTER TABLE comment_field_data ADD PRIMARY KEY (cid, langcode);
CREATE INDEX comment_field_data__uid__idx ON comment_field_data (uid);
CREATE TABLE sessions (uid integer NOT NULL, sid varchar(128) NOT NULL PRIMARY KEY,
  hostname varchar(128) NOT NULL DEFAULT '', timestamp bigint NOT NULL DEFAULT 0, session bytea);
INSERT INTO sessions SELECT s, 'sid-' || md5(s::text), '10.2.' || s % 256 || '.1', 1700000000 + s,
  convert_to(repeat('_sf2_attributes|a:0:{}', 10), 'UTF8') FROM generate_series(1, $USERS) s;
CREATE TABLE user__field_phone (bundle varchar(128) NOT NULL DEFAULT '', deleted smallint NOT NULL DEFAULT 0,
  entity_id integer NOT NULL, revision_id integer NOT NULL, langcode varchar(32) NOT NULL DEFAULT '',
  delta integer NOT NULL, field_phone_value varchar(255) NOT NULL,
  PRIMARY KEY (entity_id, deleted, delta, langcode));
INSERT INTO user__field_phone SELECT 'user', 0, s, s, 'en', 0, '+33 6 ' || lpad(s::text, 8, '0')
  FROM generate_series(1, $USERS) s;
ANALYZE comment_field_data, sessions, user__field_phone;
SQL
}

# The tables the drupal profile keeps no rows of, as a structure list: the
# unsanitized runs of the --sanitize mode leave out the same rows.
SANITIZE_EMPTIED="sessions,watchdog,flood,cache_*"

# sanitize_bench ROUNDS CMD...: time ROUNDS pairs of syncs into a fresh
# target (fresh_dst, defined by the script): CMD with
# --structure-tables-list=$SANITIZE_EMPTIED, then CMD --sanitize=drupal;
# check (sanitized_ok, defined by the script) each sanitized copy; print the
# median of each and their ratio
sanitize_bench() {
	local rounds=$1 i
	shift
	for i in $(seq "$rounds"); do
		fresh_dst
		measure "plain$i" "$@" --structure-tables-list="$SANITIZE_EMPTIED" || return 1
		fresh_dst
		measure "sanitized$i" "$@" --sanitize=drupal || return 1
		sanitized_ok || return 1
		eval "echo \"# round $i: unsanitized \$plain${i}_wall s, sanitized \$sanitized${i}_wall s\""
	done
	plain_med=$(for i in $(seq "$rounds"); do eval "echo \$plain${i}_wall"; done | sort -n |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	sanitized_med=$(for i in $(seq "$rounds"); do eval "echo \$sanitized${i}_wall"; done | sort -n |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	echo
	printf '%-72s %9s\n' "sitesync sql-sync, median of $rounds ($mb MB, $(nproc) cores)" "wall s"
	printf '%-72s %9.2f\n' "unsanitized (--structure-tables-list=$SANITIZE_EMPTIED)" "$plain_med"
	printf '%-72s %9.2f\n' "--sanitize=drupal" "$sanitized_med"
	awk -v a="$sanitized_med" -v b="$plain_med" \
		'BEGIN { printf "sanitized / unsanitized = %.2f (target <= 1.10)\n", a / b }'
}

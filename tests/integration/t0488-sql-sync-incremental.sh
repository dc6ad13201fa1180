#!/bin/bash
# sql-sync --incremental (MySQL/MariaDB): after inserts, updates, deletes,
# key changes, NULLs, BLOBs and unicode on the source, local edits on the
# target, a table truncated, one changed in structure, one new and one only
# on the target, an incremental re-sync leaves the target exactly as a full
# sync does (CHECKSUM TABLE and SHOW CREATE TABLE of every table), moves
# only what differs, and says so in its report and the history; SIGINT or
# kill -9 during one leaves the target unchanged.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"
command -v python3 >/dev/null || test_skip_all "python3 not installed"

# show_creates SERVER DB: SHOW CREATE TABLE of every base table, the database name left out
show_creates() {
	local t
	for t in $(my_sql "$1" "SELECT table_name FROM information_schema.tables
		WHERE table_schema='$2' AND table_type='BASE TABLE' ORDER BY table_name"); do
		my_sql "$1" "SHOW CREATE TABLE \`$2\`.\`$t\`"
	done
}

# json_get FILE EXPR: a Python expression over the JSON object s in FILE
json_get() { python3 -c "import json, sys; s = json.load(open(sys.argv[1])); print($2)" "$1"; }

# table_field FILE TABLE KEY: that member of TABLE in the summary's incremental tables
table_field() {
	json_get "$1" "[t['$3'] for t in s['incremental']['tables'] if t['name'] == '$2'][0]"
}

test_expect_success 'servers, aliases, and a source with tables of every key shape' '
	start_sync_servers &&
	printf "%s\n" "prod staging src shop src" "default local tgt shop tgt" \
		"full local tgt shopfull tgt" | my_aliases &&
	my_sql src "CREATE DATABASE shop" &&
	mariadb --no-defaults -S "$MY_src_SOCK" -uroot shop <"$abs_top_srcdir/tests/integration/mysql-zoo.sql" &&
	my_sql src "USE shop; SET NAMES utf8mb4;
		CREATE TABLE items (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v varchar(40),
			n int, b blob, KEY k_v (v)) ENGINE=InnoDB;
		INSERT INTO items (v, n, b) SELECT CONCAT(\"item \", seq), seq, IF(seq % 3, RANDOM_BYTES(400), NULL)
			FROM seq_1_to_6000;
		CREATE TABLE kv (collection varchar(64) NOT NULL, name varchar(128) NOT NULL,
			value mediumblob, PRIMARY KEY (collection, name)) DEFAULT CHARSET=utf8mb4;
		INSERT INTO kv SELECT CONCAT(\"c\", seq % 7), CONCAT(\"name.é.\", seq), REPEAT(\"v\", seq % 50)
			FROM seq_1_to_3000;
		CREATE TABLE neg (id bigint NOT NULL PRIMARY KEY, v varchar(20)) ENGINE=InnoDB;
		INSERT INTO neg SELECT CAST(seq AS SIGNED) * 3 - 3000, CONCAT(\"n\", seq) FROM seq_1_to_2000;
		CREATE TABLE ubig (id bigint unsigned NOT NULL PRIMARY KEY, v int) ENGINE=InnoDB;
		INSERT INTO ubig SELECT 18446744073709551615 - seq * 1000, seq FROM seq_1_to_500;
		CREATE TABLE uniq (a int NOT NULL, b varchar(10) NOT NULL, c text, UNIQUE KEY u_ab (a, b)) ENGINE=InnoDB;
		INSERT INTO uniq SELECT seq, CHAR(65 + seq % 26), IF(seq % 2, \"\", NULL) FROM seq_1_to_800;
		CREATE TABLE nokey (a int, b text) ENGINE=InnoDB;
		INSERT INTO nokey SELECT seq, \"x\" FROM seq_1_to_50;
		CREATE TABLE gone (id int PRIMARY KEY, v text) ENGINE=InnoDB;
		INSERT INTO gone SELECT seq, \"bye\" FROM seq_1_to_300;
		CREATE TABLE shape (id int PRIMARY KEY, v int) ENGINE=InnoDB;
		INSERT INTO shape SELECT seq, seq FROM seq_1_to_100;
		CREATE TABLE dt (d datetime(6) NOT NULL, s char(3) NOT NULL, v int, PRIMARY KEY (d, s)) ENGINE=InnoDB;
		INSERT INTO dt SELECT \"2024-01-01\" + INTERVAL seq MINUTE + INTERVAL seq MICROSECOND, \"a\", seq FROM seq_1_to_400;
		CREATE TABLE ci (k varchar(20) NOT NULL PRIMARY KEY, v int) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
		INSERT INTO ci SELECT CONCAT(\"key\", seq), seq FROM seq_1_to_100;
		INSERT INTO ci VALUES (\"abc\", 0)"
'

test_expect_success 'a first --incremental sync into an empty target copies every table whole' '
	sync @prod default -y --incremental --create-db --format=json >out &&
	test "$(json_get out "s[\"incremental\"][\"tables_compared\"]")" = 0 &&
	test "$(table_field out items why)" = "new on the source" &&
	checksums src shop >expect &&
	checksums tgt shop >actual &&
	test_cmp expect actual
'

test_expect_success 'the source changes: inserts, updates, deletes, key changes, NULLs, blobs, unicode' '
	my_sql src "USE shop; SET NAMES utf8mb4; SET sql_mode = \"NO_ENGINE_SUBSTITUTION\";
		INSERT INTO items (v, n, b) SELECT CONCAT(\"new \", seq), seq, RANDOM_BYTES(10) FROM seq_1_to_50;
		UPDATE items SET v = CONCAT(v, \" é😀\") WHERE id % 211 = 0;
		UPDATE items SET b = NULL WHERE id % 307 = 0;
		UPDATE items SET b = \"\" WHERE id % 401 = 0;
		DELETE FROM items WHERE id BETWEEN 3000 AND 3040 OR id % 997 = 0;
		UPDATE items SET id = id + 100000 WHERE id % 503 = 0;
		UPDATE kv SET value = NULL WHERE name IN (\"name.é.17\", \"name.é.1700\");
		UPDATE kv SET name = CONCAT(name, \"-renamed\") WHERE name = \"name.é.29\";
		DELETE FROM kv WHERE name IN (\"name.é.31\", \"name.é.2031\");
		UPDATE neg SET v = \"changed\" WHERE id IN (-3000, -3, 0, 3000);
		UPDATE ubig SET v = -v WHERE v IN (1, 250);
		UPDATE uniq SET c = NULL WHERE a = 101;
		UPDATE uniq SET c = \"\" WHERE a = 102;
		UPDATE dt SET v = v + 1 WHERE v IN (40, 400);
		UPDATE ci SET k = \"ABC\" WHERE k = \"abc\";
		UPDATE zoo SET lb = REPEAT(CONCAT(0x005C0A09, \"ü\"), 3000) WHERE id = 100;
		UPDATE zoo SET lt = \"emoji 😀 changed\", js = NULL WHERE id = 0;
		TRUNCATE TABLE gone;
		ALTER TABLE shape ADD COLUMN w int DEFAULT 7;
		CREATE TABLE fresh (id int PRIMARY KEY) ENGINE=InnoDB; INSERT INTO fresh VALUES (1), (2)"
'

test_expect_success 'the target changes too: local edits, a table only there' '
	my_sql tgt "USE shop; SET NAMES utf8mb4;
		UPDATE items SET v = \"local edit\" WHERE id = 5;
		DELETE FROM kv WHERE name = \"name.é.33\";
		INSERT INTO neg VALUES (-999999, \"below\"), (999999, \"above\");
		INSERT INTO ubig VALUES (7, 7);
		CREATE TABLE only_tgt (id int PRIMARY KEY); INSERT INTO only_tgt VALUES (1)"
'

test_expect_success 'an incremental sync makes the target exactly what a full sync makes' '
	sync @prod default -y --incremental --format=json >out &&
	sync @prod @full -y --create-db >/dev/null &&
	checksums src shop >expect &&
	checksums tgt shop >actual &&
	test_cmp expect actual &&
	checksums tgt shopfull >full &&
	test_cmp expect full &&
	show_creates tgt shop >actual &&
	show_creates tgt shopfull >full &&
	test_cmp full actual &&
	objects() { my_objects tgt "$1" | grep -v only_tgt; } &&
	objects shop >actual && objects shopfull >full && test_cmp full actual &&
	test "$(my_sql tgt "SELECT COUNT(*) FROM shop__sitesync_backup.only_tgt")" = 1
'

test_expect_success 'the report says which tables were compared, what differed and moved' '
	python3 -m json.tool out &&
	test "$(table_field out items incremental)" = compared &&
	test "$(table_field out kv incremental)" = compared &&
	test "$(table_field out ubig incremental)" = compared &&
	test "$(table_field out uniq incremental)" = compared &&
	test "$(table_field out dt incremental)" = compared &&
	test "$(table_field out ci incremental)" = compared &&
	test "$(table_field out shape why)" = "its structure differs" &&
	test "$(table_field out nokey why)" = "it has no primary or not-null unique key" &&
	test "$(table_field out fresh why)" = "new on the source" &&
	test "$(table_field out gone incremental)" = compared &&
	test "$(table_field out gone rows_deleted)" = 300 &&
	test "$(table_field out items chunks_differing)" -gt 0 &&
	test "$(table_field out items rows_deleted)" -gt 0 &&
	moved=$(table_field out items rows_moved) &&
	test "$moved" -gt 50 && test "$moved" -lt 600 &&
	test "$(table_field out parent chunks_differing)" = 0 &&
	test "$(table_field out parent rows_moved)" = 0 &&
	json_get out "s[\"incremental\"][\"table_bytes\"] > 10 * s[\"bytes\"]" >ok &&
	test "$(cat ok)" = True
'

test_expect_success 'a second incremental sync with nothing changed moves no row' '
	sync @prod default -y --incremental --format=json >out &&
	test "$(json_get out "sum(t[\"rows_moved\"] for t in s[\"incremental\"][\"tables\"]
		if t[\"incremental\"] == \"compared\")")" = 0 &&
	test "$(json_get out "s[\"incremental\"][\"chunks_differing\"]")" = 0 &&
	checksums tgt shop >actual &&
	test_cmp expect actual
'

test_expect_success 'the summary line and the history tell chunks and bytes against the tables size' '
	my_sql src "UPDATE shop.items SET n = -n WHERE id = 10" &&
	sync @prod default -y --incremental -v >out 2>&1 &&
	test_grep "table items: 1 of [0-9]* chunks differ, 1 rows in, 1 out" out &&
	test_grep "incremental: [0-9]* tables compared, [0-9]* copied whole, 1 of [0-9]* chunks differed" out &&
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"chunks_differing\":1," last &&
	test_grep "\"table_bytes\":[1-9]" last &&
	sitesync history >hist &&
	test_grep " of " hist
'

test_expect_success '--simulate shows what would be compared' '
	sync @prod default -s --incremental >out &&
	test_grep "items .*compared by chunks" out &&
	test_grep "nokey .*copied whole: it has no primary or not-null unique key" out
'

test_expect_success 'SIGINT during an incremental sync leaves the target unchanged' '
	my_sql src "UPDATE shop.items SET n = n + 7 WHERE id % 97 = 0; UPDATE shop.kv SET value = \"x\" WHERE name = \"name.é.5\"" &&
	checksums tgt shop >before &&
	test_stop_at copy "$SITESYNC_BIN" --alias-path=aliases sql-sync @prod default -y \
		--incremental --jobs 2 &&
	kill -INT $pid && kill -CONT $pid &&
	test_must_fail --status=1 wait $pid &&
	test_grep "^sitesync: error: sql-sync failed, .default. is unchanged: interrupted$" stop.err &&
	checksums tgt shop >after &&
	test_cmp before after &&
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"status\":\"interrupted\"" last
'

test_expect_success 'kill -9 during an incremental sync leaves the target unchanged' '
	my_sql src "UPDATE shop.items SET n = n + 1 WHERE id % 50 = 0; UPDATE shop.ci SET v = v + 1" &&
	checksums tgt shop >before &&
	{ mariadb --no-defaults -S "$MY_tgt_SOCK" -uroot \
		-e "LOCK TABLES shop.ci WRITE; SELECT SLEEP(600)" >/dev/null 2>&1 & } &&
	locker=$! &&
	sleeper() { my_sql tgt "SELECT id FROM information_schema.processlist
		WHERE info LIKE \"SELECT SLEEP(600)%\""; } &&
	locked() { test -n "$(sleeper)"; } &&
	ss_wait_for 60 locked &&
	{ "$SITESYNC_BIN" --alias-path=aliases sql-sync @prod default -y --incremental --jobs 2 \
		>sync.out 2>&1 & } &&
	pid=$! &&
	waiting() { test -n "$(my_sql tgt "SELECT id FROM information_schema.processlist
		WHERE info LIKE \"INSERT INTO %ci%\" AND state LIKE \"%metadata lock%\"")"; } &&
	ss_wait_for 120 waiting &&
	kill -9 $pid && { wait $pid; true; } &&
	my_sql tgt "KILL $(sleeper)" &&
	{ wait $locker; true; } &&
	checksums tgt shop >after &&
	test_cmp before after &&
	sync @prod default -y --incremental >/dev/null &&
	checksums src shop >expect &&
	checksums tgt shop >actual &&
	test_cmp expect actual
'

test_done

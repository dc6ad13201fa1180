#!/bin/bash
# sql-sync: a 20 MB blob, zero dates and generated columns copied exactly;
# target hooks around the swap (pre sees the old tables, post the new); what
# it prints: a progress line on a terminal only, -v per-table lines, the
# --format=json summary, nothing at all otherwise.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"
command -v script >/dev/null || test_skip_all "script (util-linux) is not installed"

checksums() {
	local t
	for t in $(my_sql "$1" "SELECT table_name FROM information_schema.tables
		WHERE table_schema='$2' AND table_type='BASE TABLE' ORDER BY table_name"); do
		my_sql "$1" "CHECKSUM TABLE \`$2\`.\`$t\` EXTENDED" | sed "s/^$2\.//"
	done
}

sync() { sitesync --alias-path=aliases sql-sync "$@"; }

test_expect_success 'a source with a 20 MB blob, zero dates, generated columns, many rows' '
	start_mariadb src &&
	start_mariadb tgt &&
	my_sql src "CREATE USER src@127.0.0.1 IDENTIFIED BY \"pw\"; GRANT ALL ON *.* TO src@127.0.0.1;
		CREATE DATABASE shop; USE shop; SET SESSION sql_mode = \"\";
		CREATE TABLE blobs (id INT PRIMARY KEY, b LONGBLOB, len INT AS (LENGTH(b)) STORED,
			h CHAR(32) AS (MD5(b)) VIRTUAL);
		INSERT INTO blobs (id, b) VALUES (1, REPEAT(0x00FF5C0A09, 4 * 1024 * 1024)), (2, NULL), (3, \"\");
		CREATE TABLE dates (id INT PRIMARY KEY, d DATE, dt DATETIME, ts TIMESTAMP NULL,
			d2 DATE AS (d) VIRTUAL, KEY (d2));
		INSERT INTO dates (id, d, dt, ts) VALUES (1, \"0000-00-00\", \"0000-00-00 00:00:00\", \"0000-00-00 00:00:00\"),
			(2, \"2024-00-15\", \"2024-02-00 10:00:00\", NULL), (3, \"9999-12-31\", \"1000-01-01 00:00:00\", \"2038-01-19 03:14:07\");
		CREATE TABLE rows_ (id INT PRIMARY KEY, pad VARCHAR(60));
		INSERT INTO rows_ SELECT seq, REPEAT(\"r\", 50) FROM seq_1_to_400000" &&
	my_sql tgt "CREATE USER tgt@127.0.0.1 IDENTIFIED BY \"pw\"; GRANT ALL ON *.* TO tgt@127.0.0.1;
		CREATE DATABASE site; CREATE TABLE site.marker (v VARCHAR(10)); INSERT INTO site.marker VALUES (\"old\")" &&
	mkdir aliases &&
	cat >aliases/self.site.yml <<-YML &&
	prod:
	  role: production
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_src_PORT, name: shop, user: src, password-env: PW }
	default:
	  role: local
	  root: $TRASH
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_tgt_PORT, name: site, user: tgt, password-env: PW }
	  env-vars: { SOCK: "$MY_tgt_SOCK" }
	  hooks:
	    pre-sql-sync: mariadb --no-defaults -S "\$SOCK" -uroot -N -e "SHOW TABLES FROM site" >pre.out
	    post-sql-sync: mariadb --no-defaults -S "\$SOCK" -uroot -N -e "SHOW TABLES FROM site" >post.out
	YML
	export PW=pw
'

test_expect_success 'without a terminal and without -v a sync prints nothing' '
	sync @prod default -y >out 2>err </dev/null &&
	test_must_be_empty() { test ! -s "$1" || { cat "$1"; false; }; } &&
	test_must_be_empty out &&
	grep -v "(y/N) yes$" err >rest || : &&
	test_must_be_empty rest
'

test_expect_success 'blob, zero dates and generated columns are copied exactly' '
	checksums src shop >expect &&
	checksums tgt site >actual &&
	test_cmp expect actual &&
	test "$(my_sql tgt "SELECT len, h = MD5(b) FROM site.blobs WHERE id = 1")" = "$(printf "20971520\t1")" &&
	test "$(my_sql tgt "SELECT CONCAT_WS(\"|\", d, dt, ts) FROM site.dates WHERE id = 1")" = "0000-00-00|0000-00-00 00:00:00|0000-00-00 00:00:00" &&
	test "$(my_sql tgt "SELECT d FROM site.dates WHERE id = 2")" = 2024-00-15 &&
	my_sql tgt "SHOW CREATE TABLE site.blobs" | test_grep "GENERATED ALWAYS AS (md5"
'

test_expect_success 'pre-sql-sync hook sees the old tables, post-sql-sync the new ones' '
	test_grep "^marker$" pre.out &&
	test_grep -v "^blobs$" pre.out &&
	test_grep "^blobs$" post.out &&
	test_grep -v "^marker$" post.out
'

test_expect_success 'a failing pre-sql-sync hook stops the sync before anything changes' '
	checksums tgt site >before &&
	sed -i "s/^    pre-sql-sync: .*/    pre-sql-sync: exit 3/" aliases/self.site.yml &&
	my_sql src "INSERT INTO shop.dates (id) VALUES (4)" &&
	test_must_fail --status=1 sync @prod default -y 2>err &&
	test_grep "pre-sql-sync" err &&
	checksums tgt site >after &&
	test_cmp before after &&
	sed -i "s/^    pre-sql-sync: .*/    pre-sql-sync: true/" aliases/self.site.yml
'

test_expect_success '-v prints one line per table with rows, bytes and time, then a summary' '
	sync @prod default -y -v 2>err &&
	test_grep "table rows_: 400000 rows, [0-9.]* [kMG]*B, [0-9.]* s" err &&
	test_grep "table blobs: 3 rows, [0-9.]* MB" err &&
	test_grep "table dates: 4 rows" err &&
	test_grep "@prod → default: 3 tables, 400007 rows" err &&
	test_grep -v "ETA" err
'

test_expect_success '--format=json prints one summary object' '
	sync @prod default -y --format=json >out 2>err &&
	test_line_count = 1 out &&
	python3 - out <<-\PY
	import json, sys
	s = json.load(open(sys.argv[1]))
	assert s["source"] == "@prod" and s["target"] == "default", s
	assert s["status"] == "ok" and s["tables"] == 3 and s["rows"] == 400007, s
	assert s["bytes"] > 20 * 1024 * 1024 and s["seconds"] > 0 and s["jobs"] >= 1, s
	assert s["extra_tables_removed"] == 0 and s["backup"] == "site__sitesync_backup", s
	PY
'

test_expect_success 'on a terminal a progress line shows bytes, rows, tables and rate' '
	script -qec "\"$SITESYNC_BIN\" --alias-path=aliases sql-sync @prod default -y --jobs 1" /dev/null >tty.out 2>&1 &&
	tr "\r" "\n" <tty.out >lines &&
	test_grep "B of ~[0-9.]* [kMG]*B, [0-9]* rows, [0-9]*/3 tables, [0-9.]* [kMG]*B/s" lines
'

test_expect_success '--no-progress (and -q) keep the terminal quiet' '
	script -qec "\"$SITESYNC_BIN\" --alias-path=aliases --no-progress sql-sync @prod default -y --jobs 1" /dev/null >tty.out 2>&1 &&
	test_grep -v "rows, [0-9]*/3 tables" tty.out
'

test_done

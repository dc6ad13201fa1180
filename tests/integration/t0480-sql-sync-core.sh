#!/bin/bash
# sql-sync (MySQL/MariaDB), the lead's end-to-end checks: an exact copy of a
# type zoo by CHECKSUM TABLE, the safety model (policy, lock, simulate, no
# answer), and a target left untouched when the copy is interrupted.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"

objects() {
	my_sql "$1" "SELECT CONCAT(table_type, ' ', table_name) FROM information_schema.tables
		WHERE table_schema='$2' ORDER BY table_name"
	my_sql "$1" "SELECT CONCAT('TRIGGER ', trigger_name) FROM information_schema.triggers
		WHERE trigger_schema='$2' ORDER BY trigger_name"
	my_sql "$1" "SELECT CONCAT(routine_type, ' ', routine_name) FROM information_schema.routines
		WHERE routine_schema='$2' ORDER BY routine_name"
}

test_expect_success 'source and target servers with a site database each' '
	start_mariadb src &&
	start_mariadb tgt &&
	my_sql src "CREATE DATABASE shop; CREATE USER src@127.0.0.1 IDENTIFIED BY \"s3cret-src\";
		GRANT ALL ON shop.* TO src@127.0.0.1; GRANT RELOAD, PROCESS ON *.* TO src@127.0.0.1; GRANT SELECT ON mysql.proc TO src@127.0.0.1" &&
	my_sql tgt "CREATE DATABASE shop; CREATE USER tgt@127.0.0.1 IDENTIFIED BY \"s3cret-tgt\";
		GRANT ALL ON *.* TO tgt@127.0.0.1" &&
	mkdir -p site/drush/sites &&
	{
		my_alias prod production src shop src SRC_PW &&
		my_alias stage staging tgt shop tgt TGT_PW &&
		my_alias default local tgt shop tgt TGT_PW &&
		my_alias fresh local tgt newshop tgt TGT_PW
	} >site/drush/sites/self.site.yml &&
	export SRC_PW=s3cret-src TGT_PW=s3cret-tgt
'

test_expect_success 'a type zoo with views, triggers and routines on the source' '
	my_sql src "USE shop;
	SET SESSION sql_mode = \"\";
	CREATE TABLE zoo (
		id INT PRIMARY KEY AUTO_INCREMENT,
		ti TINYINT, si SMALLINT UNSIGNED, mi MEDIUMINT, bi BIGINT UNSIGNED,
		de DECIMAL(30,10), fl FLOAT, db DOUBLE, bt BIT(13),
		d DATE, dt DATETIME(6), ts TIMESTAMP NULL, tm TIME(3), yr YEAR,
		c CHAR(10), vc VARCHAR(300), tx LONGTEXT, bn BINARY(4), vb VARBINARY(64), bl LONGBLOB,
		en ENUM(\"a\",\"b c\",\"\"), st SET(\"x\",\"y\",\"z\"), js JSON,
		gv INT AS (ti * 2) VIRTUAL, gs BIGINT AS (si + 1) STORED,
		KEY k_vc (vc(20)), UNIQUE KEY u_c (c, id), FULLTEXT KEY f_tx (tx)
	) DEFAULT CHARSET=utf8mb4;
	INSERT INTO zoo (ti, si, mi, bi, de, fl, db, bt, d, dt, ts, tm, yr, c, vc, tx, bn, vb, bl, en, st, js) VALUES
	(-128, 65535, -8388608, 18446744073709551615, -12345678901234567890.0123456789, 1.5, -2.25e300, 5461,
	 \"0000-00-00\", \"0000-00-00 00:00:00\", NULL, \"-838:59:59.999\", 1901, \"tab\there\", \"new\nline \\\\ back\", REPEAT(\"é😀\", 1000),
	 0x00090A5C, 0x5C000A09FF, 0x000102030405060708090A0B0C0D0E0F5C5C0A0A, \"b c\", \"x,z\", \"{\\\"k\\\": [1, \\\"😀\\\"]}\"),
	(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \"\", \"\", \"\", NULL, \"\", \"\", \"\", \"\", NULL),
	(1, 2, 3, 4, 5.5, 6.5, 7.5, 1, \"2024-02-29\", \"2024-02-29 23:59:59.999999\", \"2024-01-01 00:00:01\", \"12:00:00\", 2024,
	 \"N\", \"\\\\N\", \"NULL\", 0x4E554C4C, 0x5C4E, 0x5C4E, \"a\", \"\", \"null\");
	INSERT INTO zoo (bl) VALUES (REPEAT(0x005C0A09, 5 * 1024 * 1024 / 4));
	CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB;
	CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, KEY (parent_id),
		CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB;
	INSERT INTO parent VALUES (1, \"one\"), (2, \"two\");
	INSERT INTO child VALUES (10, 1), (20, 2);
	CREATE TABLE empty_one (id INT PRIMARY KEY, v TEXT);
	CREATE TABLE cache_render (cid VARCHAR(255) PRIMARY KEY, data LONGBLOB);
	INSERT INTO cache_render VALUES (\"a\", REPEAT(\"x\", 1000)), (\"b\", \"y\");
	CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(100));
	INSERT INTO big SELECT seq, REPEAT(CHAR(65 + seq % 26), 80) FROM seq_1_to_60000;
	CREATE VIEW v_parent AS SELECT id, UPPER(name) AS name FROM parent;
	CREATE VIEW v_v AS SELECT COUNT(*) AS n FROM v_parent;
	CREATE TRIGGER tr_child BEFORE INSERT ON child FOR EACH ROW SET NEW.parent_id = COALESCE(NEW.parent_id, 1);
	CREATE FUNCTION f_twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
	CREATE PROCEDURE p_count() SELECT COUNT(*) FROM child;" &&
	my_sql tgt "USE shop; CREATE TABLE only_in_target (id INT PRIMARY KEY); INSERT INTO only_in_target VALUES (1);
		CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20)); INSERT INTO parent VALUES (99, \"old\")"
'

test_expect_success 'upward sync is refused (exit 3) and changes nothing' '
	checksums tgt shop >before &&
	test_must_fail --status=3 sitesync --alias-path=site/drush/sites sql-sync default @stage -y 2>err &&
	test_grep "refusing" err &&
	checksums tgt shop >after &&
	test_cmp before after
'

test_expect_success 'a production target is refused (exit 3) and changes nothing' '
	checksums src shop >before &&
	test_must_fail --status=3 sitesync --alias-path=site/drush/sites sql-sync @stage @prod -y 2>err &&
	test_grep "production" err &&
	checksums src shop >after &&
	test_cmp before after
'

test_expect_success 'without -y and without a terminal nothing happens (exit 3)' '
	checksums tgt shop >before &&
	test_must_fail --status=3 setsid "$SITESYNC_BIN" --alias-path=site/drush/sites sql-sync @prod default </dev/null 2>err &&
	checksums tgt shop >after &&
	test_cmp before after
'

test_expect_success '-s shows the plan and changes nothing' '
	checksums tgt shop >before &&
	sitesync --alias-path=site/drush/sites sql-sync @prod default -s >out 2>&1 &&
	test_grep "zoo" out &&
	checksums tgt shop >after &&
	test_cmp before after
'

# lock_held: someone holds the sync lock of the target database shop
lock_held() {
	test "$(my_sql tgt "SELECT IS_USED_LOCK('sitesync:shop') IS NOT NULL")" = 1
}

test_expect_success 'a held lock on the target makes the sync busy (exit 4), target unchanged' '
	checksums tgt shop >before &&
	{ mariadb --no-defaults -h 127.0.0.1 -P $MY_tgt_PORT -utgt -ps3cret-tgt \
		-e "SELECT GET_LOCK(\"sitesync:shop\", 0); DO SLEEP(600)" >/dev/null 2>&1 & } &&
	holder=$! &&
	test_wait_for 60 "the lock held" lock_held &&
	test_must_fail --status=4 sitesync --alias-path=site/drush/sites sql-sync @prod default -y 2>err;
	rc=$?;
	my_sql tgt "KILL $(my_sql tgt "SELECT IS_USED_LOCK(\"sitesync:shop\")")";
	wait $holder;
	test $rc = 0 &&
	test_grep -i "busy" err &&
	checksums tgt shop >after &&
	test_cmp before after
'

test_expect_success 'dsql-style sync makes the target an exact copy' '
	sitesync --alias-path=site/drush/sites sql-sync @prod default -d -v -y --jobs 2 >out 2>&1 &&
	checksums src shop >expect &&
	checksums tgt shop >actual &&
	test_cmp expect actual &&
	test_grep -v "only_in_target" actual &&
	objects src shop >expect &&
	objects tgt shop >actual &&
	test_cmp expect actual &&
	test "$(my_sql tgt "SELECT f_twice(21)" shop 2>/dev/null || my_sql tgt "SELECT shop.f_twice(21)")" = 42 &&
	test "$(my_sql tgt "SELECT n FROM shop.v_v")" = 2
'

test_expect_success 'secondary indexes and foreign keys are there after the load' '
	my_sql tgt "SHOW CREATE TABLE shop.zoo" >ddl &&
	test_grep "KEY \`k_vc\`" ddl &&
	test_grep "FULLTEXT KEY \`f_tx\`" ddl &&
	test_grep "UNIQUE KEY \`u_c\`" ddl &&
	my_sql tgt "SHOW CREATE TABLE shop.child" >ddl &&
	test_grep "CONSTRAINT \`fk_parent\` FOREIGN KEY" ddl
'

test_expect_success 'the history records the sync' '
	test_grep "\"command\":\"sql-sync\"" "$SITESYNC_HISTORY" &&
	test_grep "\"status\":\"ok\"" "$SITESYNC_HISTORY" &&
	! grep -q s3cret "$SITESYNC_HISTORY"
'

test_expect_success '--restore-backup brings the previous target back' '
	sitesync --alias-path=site/drush/sites sql-sync --restore-backup default -y >out 2>&1 &&
	test "$(my_sql tgt "SELECT name FROM shop.parent")" = old &&
	test "$(my_sql tgt "SELECT COUNT(*) FROM shop.only_in_target")" = 1
'

test_expect_success '--keep-extra-tables keeps tables only the target has' '
	sitesync --alias-path=site/drush/sites sql-sync @prod default -y --keep-extra-tables >out 2>&1 &&
	test "$(my_sql tgt "SELECT COUNT(*) FROM shop.only_in_target")" = 1 &&
	test "$(my_sql tgt "SELECT name FROM shop.parent WHERE id = 1")" = one
'

test_expect_success 'a missing target database is an error without --create-db' '
	test_must_fail --status=1 sitesync --alias-path=site/drush/sites sql-sync @prod @fresh -y 2>err &&
	test_grep "does not exist.*--create-db" err &&
	test -z "$(my_sql tgt "SHOW DATABASES LIKE \"newshop\"")"
'

test_expect_success '--create-db creates it and copies into it' '
	sitesync --alias-path=site/drush/sites sql-sync @prod @fresh -y --create-db >out 2>&1 &&
	checksums src shop >expect &&
	checksums tgt newshop >actual &&
	test_cmp expect actual
'

test_expect_success 'structure-only tables come without rows but with their DDL' '
	sitesync --alias-path=site/drush/sites sql-sync @prod default -y \
		--structure-tables-list="cache_*" >out 2>&1 &&
	test "$(my_sql tgt "SELECT COUNT(*) FROM shop.cache_render")" = 0 &&
	my_sql tgt "SHOW CREATE TABLE shop.cache_render" | test_grep "PRIMARY KEY" &&
	test "$(my_sql tgt "SELECT COUNT(*) FROM shop.big")" = 60000
'

test_expect_success 'SIGINT in the middle of a copy leaves the target as it was' '
	my_sql src "USE shop; INSERT INTO big SELECT seq, REPEAT(\"z\", 100) FROM seq_60001_to_900000" &&
	checksums tgt shop >before &&
	objects tgt shop >objs_before &&
	test_stop_at copy "$SITESYNC_BIN" --alias-path=site/drush/sites \
		sql-sync @prod default -y --jobs 2 &&
	kill -INT $pid && kill -CONT $pid &&
	test_must_fail --status=1 wait $pid &&
	test_grep "^sitesync: error: sql-sync failed, .default. is unchanged: interrupted$" stop.err &&
	checksums tgt shop >after &&
	test_cmp before after &&
	objects tgt shop >objs_after &&
	test_cmp objs_before objs_after &&
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"status\":\"interrupted\"" last
'

test_expect_success 'the source server dying mid-copy leaves the target as it was' '
	checksums tgt shop >before &&
	test_stop_at copy "$SITESYNC_BIN" --alias-path=site/drush/sites \
		sql-sync @prod default -y --jobs 2 &&
	kill -KILL $MY_src_PID &&
	kill -CONT $pid &&
	test_must_fail --status=1 wait $pid &&
	checksums tgt shop >after &&
	test_cmp before after
'

test_done

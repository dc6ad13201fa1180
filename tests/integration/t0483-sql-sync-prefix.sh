#!/bin/bash
# sql-sync into a target whose user may not CREATE DATABASE: prefixed shadow
# and backup tables in the target database, --restore-backup from them, and
# objects (events too) whose DEFINER the target user may not name created
# with the target user as definer; a user that may keeps the source's.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"

# sums SERVER DB: checksums of DB's base tables but sitesync's prefixed ones
sums() { checksums "$1" "$2" '\_ss%'; }

# definers SERVER DB: "kind name definer" of every object
definers() {
	my_sql "$1" "SELECT CONCAT('VIEW ', table_name, ' ', definer) FROM information_schema.views
		WHERE table_schema='$2' ORDER BY table_name;
		SELECT CONCAT('TRIGGER ', trigger_name, ' ', definer) FROM information_schema.triggers
		WHERE trigger_schema='$2' ORDER BY trigger_name;
		SELECT CONCAT(routine_type, ' ', routine_name, ' ', definer) FROM information_schema.routines
		WHERE routine_schema='$2' ORDER BY routine_name;
		SELECT CONCAT('EVENT ', event_name, ' ', definer, ' ', status, ' ', interval_value, ' ', interval_field)
		FROM information_schema.events WHERE event_schema='$2' ORDER BY event_name"
}

test_expect_success 'a source with objects defined by root, a target user limited to its database' '
	start_sync_servers &&
	my_sql src "CREATE DATABASE shop; USE shop;
		CREATE TABLE node (nid INT PRIMARY KEY, title VARCHAR(40), KEY (title));
		INSERT INTO node SELECT seq, CONCAT(\"node \", seq) FROM seq_1_to_5000;
		CREATE TABLE log (id INT PRIMARY KEY, n INT);
		CREATE TRIGGER tr_log BEFORE INSERT ON log FOR EACH ROW SET NEW.n = NEW.n + 1;
		CREATE VIEW v_node AS SELECT nid FROM node WHERE nid < 10;
		CREATE FUNCTION f_node() RETURNS INT READS SQL DATA RETURN (SELECT COUNT(*) FROM node);
		CREATE PROCEDURE p_node() SELECT 1;
		CREATE EVENT e_purge ON SCHEDULE EVERY 3 HOUR DISABLE DO DELETE FROM log WHERE id < 0" &&
	my_sql tgt "CREATE DATABASE nsite; CREATE DATABASE site;
		CREATE USER narrow@127.0.0.1 IDENTIFIED BY \"pw\"; GRANT ALL ON nsite.* TO narrow@127.0.0.1;
		CREATE USER wide@127.0.0.1 IDENTIFIED BY \"pw\"; GRANT ALL ON *.* TO wide@127.0.0.1;
		USE nsite;
		CREATE TABLE node (nid INT PRIMARY KEY, title VARCHAR(40)); INSERT INTO node VALUES (1, \"old\");
		CREATE TABLE mine (id INT PRIMARY KEY); INSERT INTO mine VALUES (1), (2);
		CREATE TRIGGER tr_mine BEFORE INSERT ON mine FOR EACH ROW SET NEW.id = NEW.id + 100;
		CREATE VIEW v_mine AS SELECT id FROM mine" &&
	my_aliases <<-EOF &&
	prod production src shop src
	narrow local tgt nsite narrow
	wide local tgt site wide
	EOF
	sums tgt nsite >old_sums &&
	definers tgt nsite >old_defs
'

test_expect_success 'without CREATE DATABASE the sync says so and uses prefixed tables' '
	my_sql tgt "SHOW DATABASES" >dbs_before &&
	sync @prod @narrow -y -v 2>err &&
	test_grep "may not create databases.*prefixes" err &&
	test_grep "previous tables kept in nsite._ssb_\*$" err &&
	sums src shop >expect &&
	sums tgt nsite >actual &&
	test_cmp expect actual &&
	my_sql tgt "SHOW DATABASES" >dbs_after &&
	test_cmp dbs_before dbs_after &&
	my_sql tgt "SHOW TABLES FROM nsite" >tables &&
	test_grep "^_ssb_node$" tables &&
	test_grep "^_ssb_mine$" tables &&
	test_grep -v "^_sss_" tables &&
	test_grep -v "^mine$" tables &&
	my_sql tgt "SHOW CREATE TABLE nsite.node" | test_grep "KEY .title."
'

test_expect_success 'objects the target user may not define as root get it as definer (events too)' '
	definers tgt nsite >defs &&
	test_grep "^EVENT e_purge narrow@127.0.0.1 DISABLED 3 HOUR$" defs &&
	test_grep "^FUNCTION f_node narrow@127.0.0.1$" defs &&
	test_grep "^PROCEDURE p_node narrow@127.0.0.1$" defs &&
	test_grep "^TRIGGER tr_log narrow@127.0.0.1$" defs &&
	test_grep "^VIEW v_node narrow@127.0.0.1$" defs &&
	test_line_count = 5 defs &&
	test "$(my_sql tgt "SELECT nsite.f_node()")" = 5000
'

test_expect_success 'a user that may name any definer keeps the source definers' '
	sync @prod @wide -y 2>err &&
	test_grep -v "prefixes" err &&
	definers tgt site >defs &&
	test_grep "^EVENT e_purge root@localhost DISABLED 3 HOUR$" defs &&
	test_grep "^VIEW v_node root@localhost$" defs &&
	test_grep "^TRIGGER tr_log root@localhost$" defs
'

test_expect_success '--restore-backup in prefix mode brings back the tables and objects before' '
	sync --restore-backup @narrow -y -v 2>err &&
	test_grep "2 tables and 2 views, triggers, routines and events restored" err &&
	sums tgt nsite >actual &&
	test_cmp old_sums actual &&
	definers tgt nsite | cut -d" " -f1,2 >actual &&
	cut -d" " -f1,2 old_defs >expect &&
	test_cmp expect actual &&
	my_sql tgt "INSERT INTO nsite.mine VALUES (3)" &&
	test "$(my_sql tgt "SELECT MAX(id) FROM nsite.mine")" = 103 &&
	my_sql tgt "DELETE FROM nsite.mine WHERE id = 103"
'

test_expect_success 'a second restore in prefix mode undoes the first' '
	sync --restore-backup @narrow -y &&
	sums src shop >expect &&
	sums tgt nsite >actual &&
	test_cmp expect actual &&
	definers tgt nsite >defs &&
	test_grep "^EVENT e_purge narrow@127.0.0.1 DISABLED 3 HOUR$" defs
'

test_expect_success 'a second sync in prefix mode replaces the prefixed backup' '
	my_sql src "INSERT INTO shop.log VALUES (1, 1)" &&
	sync @prod @narrow -y --no-backup 2>err &&
	sums src shop >expect &&
	sums tgt nsite >actual &&
	test_cmp expect actual &&
	test -z "$(my_sql tgt "SHOW TABLES FROM nsite LIKE \"\\_ss%\"")"
'

test_expect_success 'in prefix mode too a failure after the swap puts the target back' '
	sums tgt nsite >before &&
	definers tgt nsite >defs_before &&
	my_sql src "CREATE DATABASE other; CREATE TABLE other.x (id INT);
		CREATE VIEW shop.v_other AS SELECT id FROM other.x; INSERT INTO shop.log VALUES (2, 2)" &&
	test_must_fail --status=1 sync @prod @narrow -y 2>err &&
	test_grep "after the swap, .@narrow. was put back as it was" err &&
	sums tgt nsite >after &&
	test_cmp before after &&
	definers tgt nsite >defs_after &&
	test_cmp defs_before defs_after &&
	test -z "$(my_sql tgt "SHOW TABLES FROM nsite LIKE \"\\_ss%\"")"
'

test_done

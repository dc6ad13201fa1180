#!/bin/bash
# sql-sync --restore-backup brings back the previous target's tables AND its
# views, triggers, routines and events (kept beside the backup), a second
# restore undoes the first, and a failure after the swap (an object that
# cannot be recreated) puts the previous target back.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"

test_expect_success 'servers: a source, a target with objects of its own' '
	start_sync_servers &&
	my_shop_source &&
	my_sql tgt "CREATE DATABASE site; USE site;
		CREATE TABLE t1 (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO t1 VALUES (1, \"old\");
		CREATE TABLE old1 (id INT PRIMARY KEY, n INT); INSERT INTO old1 VALUES (5, 5);
		CREATE TRIGGER tr_old BEFORE INSERT ON old1 FOR EACH ROW SET NEW.n = NEW.n * 10;
		CREATE TRIGGER tr_t1 BEFORE INSERT ON t1 FOR EACH ROW SET NEW.v = UPPER(NEW.v);
		CREATE VIEW v_old AS SELECT n FROM old1;
		CREATE PROCEDURE p_old() SELECT 1;
		CREATE EVENT e_old ON SCHEDULE EVERY 1 HOUR DISABLE DO DELETE FROM old1 WHERE id < 0" &&
	my_aliases <<-EOF &&
	prod production src shop src
	default local tgt site tgt
	EOF
	my_objects tgt site >old_objects &&
	checksums tgt site >old_sums
'

test_expect_success 'a sync replaces tables and objects with the source ones' '
	sync @prod default -y &&
	my_objects src shop >expect &&
	my_objects tgt site >actual &&
	test_cmp expect actual
'

test_expect_success '--restore-backup brings back old tables, triggers, views, routines, events' '
	sync --restore-backup default -y -v 2>err &&
	my_objects tgt site >actual &&
	test_cmp old_objects actual &&
	checksums tgt site >sums &&
	test_cmp old_sums sums &&
	test_grep "2 tables and 5 views, triggers, routines and events restored" err &&
	my_sql tgt "INSERT INTO site.old1 VALUES (6, 1); INSERT INTO site.t1 VALUES (2, \"x\")" &&
	test "$(my_sql tgt "SELECT n FROM site.old1 WHERE id = 6")" = 10 &&
	test "$(my_sql tgt "SELECT v FROM site.t1 WHERE id = 2")" = X &&
	my_sql tgt "DELETE FROM site.old1 WHERE id = 6; DELETE FROM site.t1 WHERE id = 2"
'

test_expect_success 'a second restore undoes the first' '
	sync --restore-backup default -y &&
	my_objects src shop >expect &&
	my_objects tgt site >actual &&
	test_cmp expect actual &&
	test "$(my_sql tgt "SELECT v FROM site.t1")" = new
'

test_expect_success 'a partial sync (--tables-list) is restored table by table' '
	sync --restore-backup default -y &&
	sync @prod default -y --tables-list=t1 &&
	test "$(my_sql tgt "SELECT v FROM site.t1")" = new &&
	test "$(my_sql tgt "SELECT COUNT(*) FROM site.old1")" = 1 &&
	sync --restore-backup default -y &&
	my_objects tgt site >actual &&
	test_cmp old_objects actual &&
	checksums tgt site >sums &&
	test_cmp old_sums sums
'

test_expect_success 'an object that cannot be recreated puts the previous target back (exit 1)' '
	my_sql src "CREATE DATABASE other; CREATE TABLE other.x (id INT);
		CREATE VIEW shop.v_other AS SELECT id FROM other.x" &&
	test_must_fail --status=1 sync @prod default -y 2>err &&
	test_grep "after the swap, .default. was put back as it was" err &&
	test_grep "v_other" err &&
	test "$(grep -c error err)" = 1 &&
	my_objects tgt site >actual &&
	test_cmp old_objects actual &&
	checksums tgt site >sums &&
	test_cmp old_sums sums &&
	test -z "$(my_sql tgt "SHOW DATABASES LIKE \"site\\_\\_sitesync%\"")" &&
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"status\":\"failed\"" last &&
	test_grep "v_other" last &&
	my_sql src "DROP VIEW shop.v_other"
'

test_expect_success 'a backup without a record restores tables and says objects are not restored' '
	sync @prod default -y &&
	my_sql tgt "DROP TABLE site__sitesync_backup.__sitesync_objects" &&
	sync --restore-backup default -y 2>err &&
	test_grep "no record of the views, triggers, routines and events" err &&
	test "$(my_sql tgt "SELECT v FROM site.t1")" = old
'

test_expect_success 'no backup at all is a clear error' '
	my_sql tgt "DROP DATABASE site__sitesync_backup" &&
	test_must_fail --status=1 sync --restore-backup default -y 2>err &&
	test_grep "no backup of .site. to restore" err
'

test_done

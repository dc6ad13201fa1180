#!/bin/bash
# --restore-backup after a sync into an EMPTY target database (no tables, or
# only views and routines) empties it again and brings those objects back,
# with the usual prompt, policy, lock and history; after a sync into a
# database that --create-db created it refuses (exit 3) and names sql-drop.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"

# tables SERVER DB: the base tables of DB, one a line
tables() {
	my_sql "$1" "SELECT table_name FROM information_schema.tables
		WHERE table_schema='$2' AND table_type='BASE TABLE' ORDER BY 1"
}

# last_history: the last history record
last_history() { tail -n 1 "$SITESYNC_HISTORY"; }

test_expect_success 'servers: a source; an empty target, one with objects only, a narrow user' '
	start_sync_servers &&
	my_shop_source &&
	my_sql tgt "CREATE USER narrow@127.0.0.1 IDENTIFIED BY \"pw\"; GRANT ALL ON nsite.* TO narrow@127.0.0.1;
		CREATE DATABASE site; CREATE DATABASE osite; CREATE DATABASE nsite; USE osite;
		CREATE VIEW v_old AS SELECT 1 AS one;
		CREATE PROCEDURE p_old() SELECT 1" &&
	my_aliases <<-EOF &&
	prod production src shop src
	dev local tgt site tgt
	objs local tgt osite tgt
	narrow local tgt nsite narrow
	fresh local tgt fresh tgt
	fresh2 local tgt fresh2 tgt
	live production tgt site tgt
	EOF
	my_objects tgt osite >old_objects
'

test_expect_success 'restoring the backup of an empty target empties it again and says so' '
	sync @prod @dev -y &&
	test "$(tables tgt site | wc -l)" = 2 &&
	sync --restore-backup @dev -y >out 2>err &&
	test_grep "^restore @dev: the backup of 20[0-9-]* [0-9:]* is an empty database; the 2 synced tables moved to the backup$" out &&
	test -z "$(tables tgt site)" &&
	test -z "$(my_objects tgt site)" &&
	test -z "$(my_sql tgt "SHOW DATABASES LIKE \"site\\_\\_sitesync\\_shadow\"")" &&
	last_history >last &&
	test_grep "\"command\":\"sql-sync --restore-backup\"" last &&
	test_grep "\"status\":\"ok\"" last
'

test_expect_success 'a second restore undoes the first, as for any backup' '
	sync --restore-backup @dev -y -v 2>err &&
	test_grep "2 tables and 4 views, triggers, routines and events restored" err &&
	tables src shop >expect &&
	tables tgt site >actual &&
	test_cmp expect actual &&
	test "$(my_sql tgt "SELECT v FROM site.t1")" = new &&
	sync --restore-backup @dev -y >out &&
	test_grep "is an empty database; the 2 synced tables" out &&
	test -z "$(tables tgt site)"
'

test_expect_success 'an empty target with views and routines gets them back, tables gone' '
	sync @prod @objs -y &&
	my_objects src shop >expect &&
	my_objects tgt osite >actual &&
	test_cmp expect actual &&
	sync --restore-backup @objs -y >out &&
	test_grep "the backup of .* is an empty database; the 2 synced tables" out &&
	test -z "$(tables tgt osite)" &&
	my_objects tgt osite >actual &&
	test_cmp old_objects actual
'

test_expect_success 'in prefix mode (no CREATE DATABASE) too' '
	sync @prod @narrow -y &&
	test "$(tables tgt nsite | grep -vc "^_ss")" = 2 &&
	sync --restore-backup @narrow -y >out &&
	test_grep "is an empty database; the 2 synced tables" out &&
	test -z "$(tables tgt nsite | grep -v "^_ss")"
'

test_expect_success 'the restore of an empty target asks first: no terminal, no -y: exit 3' '
	sync @prod @dev -y &&
	test_must_fail --status=3 setsid "$SITESYNC_BIN" --alias-path=aliases sql-sync \
		--restore-backup @dev </dev/null 2>err &&
	test "$(tables tgt site | wc -l)" = 2
'

test_expect_success 'the role policy refuses it on a production target (exit 3)' '
	test_must_fail --status=3 sync --restore-backup @live -y 2>err &&
	test_grep -i "production" err &&
	test "$(tables tgt site | wc -l)" = 2
'

# lock_held: someone holds the sync lock of the target database site
lock_held() {
	test "$(my_sql tgt "SELECT IS_USED_LOCK('sitesync:site') IS NOT NULL")" = 1
}

test_expect_success 'a held lock makes it busy (exit 4), nothing changed' '
	{ my_sql tgt "SELECT GET_LOCK(\"sitesync:site\", 0); DO SLEEP(600)" >/dev/null 2>&1 & } &&
	holder=$! &&
	test_wait_for 60 "the lock held" lock_held &&
	test_must_fail --status=4 sync --restore-backup @dev -y 2>err;
	rc=$?;
	my_sql tgt "KILL $(my_sql tgt "SELECT IS_USED_LOCK(\"sitesync:site\")")";
	wait $holder;
	test $rc = 0 &&
	test_grep -i "busy" err &&
	test "$(tables tgt site | wc -l)" = 2 &&
	test_wait_for 60 "the lock free again" test_must_fail lock_held &&
	sync --restore-backup @dev -y >out &&
	test -z "$(tables tgt site)"
'

test_expect_success 'a database created by --create-db is not restored: exit 3, sql-drop named' '
	sync @prod @fresh -y --create-db &&
	test_must_fail --status=3 sync --restore-backup @fresh -y 2>err &&
	test_grep "database .fresh. did not exist before the sql-sync of 20[0-9-]* [0-9:]*, which created it: nothing to restore; .sitesync sql-drop @fresh. drops it" err &&
	test "$(grep -c error err)" = 1 &&
	test "$(tables tgt fresh | wc -l)" = 2 &&
	last_history >last &&
	test_grep "\"status\":\"refused\"" last
'

test_expect_success 'a later sync into it keeps a real backup, which restores' '
	my_sql src "INSERT INTO shop.t1 VALUES (2, \"newer\")" &&
	sync @prod @fresh -y &&
	sync --restore-backup @fresh -y &&
	test "$(my_sql tgt "SELECT COUNT(*) FROM fresh.t1")" = 1
'

test_expect_success 'a failure after the swap into a database --create-db made empties it' '
	my_sql src "CREATE DATABASE other; CREATE TABLE other.x (id INT);
		CREATE VIEW shop.v_other AS SELECT id FROM other.x" &&
	test_must_fail --status=1 sync @prod @fresh2 -y --create-db 2>err &&
	test_grep "after the swap, .@fresh2. was put back as it was (empty: the sync created its database): .*v_other" err &&
	test -z "$(tables tgt fresh2)" &&
	test -z "$(my_sql tgt "SHOW DATABASES LIKE \"fresh2\\_\\_sitesync%\"")" &&
	my_sql src "DROP VIEW shop.v_other; DROP DATABASE other"
'

test_expect_success 'no backup at all is still "no backup"' '
	my_sql tgt "DROP DATABASE site__sitesync_backup" &&
	test_must_fail --status=1 sync --restore-backup @dev -y 2>err &&
	test_grep "no backup of .site. to restore" err
'

test_done

#!/bin/bash
# A MySQL sync killed with SIGKILL at every step of its swap (the steps come
# from its journal), its recovery killed too, a restore killed, and the
# target or source server killed mid-copy and mid-swap: after at most the
# next sitesync command the target is exactly its old self (killed before
# the RENAME) or exactly the new one (after it), by the checksums of every
# table and the definitions of every view, trigger, routine and event.
# Every command that touches the target recovers first and says so; status
# reports an interrupted swap (exit 1, JSON) and -y recovers it.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"
. "$abs_top_srcdir/tests/lib/faults.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"

# state: the tables' checksums and the objects' definitions of site on tgt
# (not sitesync's own _ss* tables of prefix mode)
state() {
	local tables
	tables=$(my_sql tgt "SELECT GROUP_CONCAT(CONCAT('\`', table_name, '\`') ORDER BY table_name)
		FROM information_schema.tables WHERE table_schema = 'site' AND table_type = 'BASE TABLE'
		AND table_name NOT LIKE '\\_ss%'")
	[ "$tables" = NULL ] && tables= || tables="CHECKSUM TABLE $tables EXTENDED;"
	my_sql tgt "USE site; $tables
		SELECT 'VIEW', table_name, view_definition FROM information_schema.views
		WHERE table_schema = 'site' ORDER BY table_name;
		SELECT 'TRIGGER', trigger_name, event_object_table, action_timing, event_manipulation,
		action_statement FROM information_schema.triggers WHERE trigger_schema = 'site'
		ORDER BY trigger_name;
		SELECT routine_type, routine_name, routine_definition FROM information_schema.routines
		WHERE routine_schema = 'site' ORDER BY routine_type, routine_name;
		SELECT 'EVENT', event_name, status, event_definition FROM information_schema.events
		WHERE event_schema = 'site' ORDER BY event_name"
}

# old_target: site as it was before any sync (no backup, no shadow)
old_target() {
	my_sql tgt "DROP DATABASE IF EXISTS site__sitesync_backup;
		DROP DATABASE IF EXISTS site__sitesync_shadow;
		DROP DATABASE IF EXISTS site; CREATE DATABASE site; USE site;
		CREATE TABLE t1 (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO t1 VALUES (1, 'old');
		CREATE TABLE old1 (id INT PRIMARY KEY, n INT); INSERT INTO old1 VALUES (5, 5);
		CREATE TRIGGER tr_old BEFORE INSERT ON old1 FOR EACH ROW SET NEW.n = NEW.n * 10;
		CREATE TRIGGER tr_t1 BEFORE INSERT ON t1 FOR EACH ROW SET NEW.v = UPPER(NEW.v);
		CREATE VIEW v_old AS SELECT n FROM old1;
		CREATE VIEW t2 AS SELECT 1 AS x;
		CREATE PROCEDURE p_old() SELECT 1;
		CREATE PROCEDURE p_new() SELECT 'old';
		CREATE EVENT e_old ON SCHEDULE EVERY 1 HOUR DISABLE DO DELETE FROM old1 WHERE id < 0"
}

aliases() {
	my_aliases <<-EOF
	prod production src shop src
	default local tgt site tgt
	narrow local tgt site narrow
	EOF
}

# is STATE: the target is exactly old or new, and nothing of a swap is left
is() {
	state >actual &&
	test_cmp "$1" actual &&
	test -z "$(my_sql tgt "SHOW DATABASES LIKE 'site\\_\\_sitesync\\_shadow'")" &&
	my_sql tgt "SELECT COUNT(*) FROM site__sitesync_backup.__sitesync_swap_journal
		WHERE seq = 0 AND done = 0" >open &&
	test "$(cat open)" = 0
}

# killed: kill -9 the stopped sitesync and wait until the server has ended
# its connections (no swap lock held: else status reports a running swap)
swap_lock_free() {
	test "$(my_sql tgt "SELECT IS_USED_LOCK(CONCAT('sitesync-swap:', SHA1('site'))) IS NULL")" = 1
}
killed() { kill_stopped && ss_wait_for 60 swap_lock_free; }

# sync_stopped POINT: a sync stopped at POINT
sync_stopped() { run_stopped "$1" --alias-path=aliases sql-sync @prod default -y --jobs 2; }

# recovered STATE: status says the swap is interrupted (exit 1), -y
# recovers it, once, with a line and a history record; then STATE
recovered() {
	test_must_fail --status=1 sitesync --alias-path=aliases status default >st 2>st.err &&
	test_grep "^swap: *interrupted sql-sync swap from" st &&
	sitesync --alias-path=aliases -y status default >st 2>st.err &&
	test_grep "recovered an interrupted swap from" st.err &&
	test_line_count = 1 st.err &&
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"status\":\"recovered\"" last &&
	is "$1"
}

test_expect_success 'a source with one object of each kind, a target with its own' '
	start_sync_servers &&
	my_shop_source &&
	my_sql src "CREATE VIEW shop.v_v AS SELECT id FROM shop.v_new" &&
	printf "%s\n" "DELIMITER //" "CREATE PROCEDURE shop.p_new() BEGIN DECLARE x INT;" \
		"SET x = f_new(); SELECT x; END //" |
		mariadb --no-defaults -S "$MY_src_SOCK" -uroot &&
	aliases &&
	old_target &&
	state >old &&
	sync @prod default -y &&
	state >new &&
	! test_cmp old new >/dev/null
'

test_expect_success 'killed once its journal is written: the steps are there, rolled back' '
	old_target &&
	sync_stopped swap:journal &&
	my_sql tgt "SELECT label FROM site__sitesync_backup.__sitesync_swap_journal
		WHERE phase IN (\"B\", \"R\", \"A\", \"F\") ORDER BY seq" >steps &&
	killed &&
	test_grep "^rename$" steps &&
	test_grep "^create-view:v_v$" steps &&
	test_grep "^drop-shadow$" steps &&
	recovered old
'

want=old way=back
while read -r step; do
	test "$step" = rename && want=new way=forward
	test_expect_success "killed after step $step: rolled $way" '
		old_target &&
		sync_stopped "swap:$step" &&
		killed &&
		recovered $want
	'
done <steps

test_expect_success 'status --format=json reports the interrupted swap' '
	old_target &&
	sync_stopped swap:create-trigger:tr_new &&
	killed &&
	test_must_fail sitesync --alias-path=aliases --format=json status default >st.json &&
	python3 -c "import json,sys; s=json.load(open(sys.argv[1]))[\"swap\"]
assert s[\"interrupted\"] and s[\"direction\"] == \"forward\" and s[\"command\"] == \"sql-sync\", s
assert s[\"next\"] == \"create-trigger:tr_new\" and s[\"done\"] == 4, s" st.json
'

test_expect_success 'the next sync recovers first (forward), says so, then syncs' '
	sync @prod default -y 2>err &&
	test_grep "recovered an interrupted swap from .*rolled forward" err &&
	grep "\"status\":\"recovered\"" "$SITESYNC_HISTORY" | tail -n 1 | grep "\"command\":\"sql-sync\"" &&
	is new
'

test_expect_success 'sql-drop recovers first (back), then drops' '
	old_target &&
	sync_stopped swap:drop-trigger:tr_t1 &&
	killed &&
	sitesync --alias-path=aliases sql-drop default -y 2>err &&
	test_grep "recovered an interrupted swap from .*rolled back" err &&
	test -z "$(my_sql tgt "SHOW FULL TABLES FROM site")"
'

test_expect_success '--restore-backup recovers first (forward), then restores the old target' '
	old_target &&
	sync_stopped swap:create-event:e_new &&
	killed &&
	sync --restore-backup default -y 2>err &&
	test_grep "recovered an interrupted swap from .*rolled forward" err &&
	state >actual &&
	test_cmp old actual
'

test_expect_success 'a recovery killed in its roll-forward is run again' '
	old_target &&
	sync_stopped swap:create-trigger:tr_new &&
	killed &&
	run_stopped swap:create-view:v_new --alias-path=aliases -y status default &&
	killed &&
	recovered new
'

test_expect_success 'a recovery killed in its roll-back is run again' '
	old_target &&
	sync_stopped swap:drop-trigger:tr_t1 &&
	killed &&
	run_stopped swap:undo-drop-view:t2 --alias-path=aliases -y status default &&
	killed &&
	recovered old
'

test_expect_success 'a restore killed after its RENAME: rolled forward, the old target is back' '
	old_target &&
	sync @prod default -y &&
	run_stopped restore:rename --alias-path=aliases sql-sync --restore-backup default -y &&
	killed &&
	sitesync --alias-path=aliases -y status default 2>err >/dev/null &&
	test_grep "recovered an interrupted swap from .*rolled forward" err &&
	state >actual &&
	test_cmp old actual
'

test_expect_success 'a restore killed before its RENAME: rolled back, the new target stays' '
	old_target &&
	sync @prod default -y &&
	run_stopped restore:drop-view:v_v --alias-path=aliases sql-sync --restore-backup default -y &&
	killed &&
	sitesync --alias-path=aliases -y status default 2>err >/dev/null &&
	test_grep "recovered an interrupted swap from .*rolled back" err &&
	state >actual &&
	test_cmp new actual
'

# prefix_recovered WAY STATE: status -y of @narrow rolls WAY, and then
# the target is STATE with no prefixed shadow table left
prefix_recovered() {
	sitesync --alias-path=aliases -y status @narrow 2>err >/dev/null &&
	test_grep "recovered an interrupted swap from .*rolled $1" err &&
	state >actual &&
	test_cmp "$2" actual &&
	test -z "$(my_sql tgt "SHOW TABLES FROM site LIKE '\\_sss\\_%'")"
}

test_expect_success 'prefix mode (no CREATE DATABASE): killed after the RENAME, rolled forward' '
	my_sql tgt "CREATE USER narrow@127.0.0.1 IDENTIFIED BY \"pw\";
		GRANT ALL ON site.* TO narrow@127.0.0.1" &&
	old_target &&
	sync @prod @narrow -y 2>err &&
	test_grep "prefixes" err &&
	state >new_prefix &&
	old_target &&
	run_stopped swap:create-view:v_new --alias-path=aliases sql-sync @prod @narrow -y &&
	killed &&
	test_must_fail --status=1 sitesync --alias-path=aliases status @narrow >st &&
	test_grep "^swap: *interrupted" st &&
	prefix_recovered forward new_prefix
'

test_expect_success 'prefix mode: killed before the RENAME, rolled back' '
	old_target &&
	run_stopped swap:drop-trigger:tr_t1 --alias-path=aliases sql-sync @prod @narrow -y &&
	killed &&
	prefix_recovered back old
'

test_expect_success 'the target server killed mid-copy: the old target' '
	old_target &&
	run_stopped copy:loaded --alias-path=aliases sql-sync @prod default -y --jobs 1 &&
	kill_mariadb tgt &&
	go_on &&
	finished 1 &&
	test_grep "unchanged" err &&
	start_mariadb tgt && aliases &&
	sitesync --alias-path=aliases -y status default >/dev/null &&
	state >actual &&
	test_cmp old actual
'

test_expect_success 'the target server killed mid-swap before the RENAME: the old target' '
	old_target &&
	sync_stopped swap:drop-trigger:tr_old &&
	kill_mariadb tgt &&
	go_on &&
	finished 1 &&
	test_grep "interrupted in its swap" err &&
	start_mariadb tgt && aliases &&
	recovered old
'

test_expect_success 'the target server killed mid-swap after the RENAME: the new target' '
	old_target &&
	sync_stopped swap:create-view:v_v &&
	kill_mariadb tgt &&
	go_on &&
	finished 1 &&
	test_grep "interrupted in its swap" err &&
	start_mariadb tgt && aliases &&
	recovered new
'

test_expect_success 'the source server killed mid-copy: the old target' '
	old_target &&
	run_stopped copy:loaded --alias-path=aliases sql-sync @prod default -y --jobs 1 &&
	kill_mariadb src &&
	go_on &&
	finished 1 &&
	test_grep "source" err &&
	state >actual &&
	test_cmp old actual &&
	start_mariadb src && aliases &&
	sync @prod default -y &&
	is new
'

test_done

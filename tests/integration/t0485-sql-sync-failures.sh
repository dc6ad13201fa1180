#!/bin/bash
# sql-sync failures in the middle of a copy leave the target byte-identical
# (CHECKSUM TABLE before/after), drop the shadow, exit 1 and record the run
# as failed with the reason (as interrupted for a signal): SIGINT, SIGTERM,
# a worker's target or source connection killed (the server leaves a killed
# LOAD's socket half-open: the run must notice, not wait for TCP to give up),
# the target out of space (an InnoDB system tablespace with a maximum size:
# "table is full", as a full disk reports it) and the source server killed.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"

# state SERVER DB: checksums of DB's tables, and the databases of the server
state() {
	checksums "$1" "$2" &&
	my_sql "$1" "SHOW DATABASES"
}

aliases() {
	{
		my_alias prod production src shop src &&
		my_alias default local tgt site tgt &&
		my_alias small local full site tgt
	} >aliases/self.site.yml
}

# start_sync ALIAS: a sync in the background ($pid) with SIGINT at its default
start_sync() {
	{ env --default-signal=INT "$SITESYNC_BIN" --alias-path=aliases sql-sync @prod "$1" \
		-y --jobs 2 >out 2>err & } &&
	pid=$!
}

# load_data_on SERVER: a LOAD DATA runs on SERVER
load_data_on() {
	my_sql "$1" "SELECT 1 FROM information_schema.processlist WHERE info LIKE 'LOAD DATA%'" | grep -q 1
}

# loading SERVER: wait until a LOAD DATA runs on SERVER
loading() { test_wait_for 30 "a LOAD DATA on $1" load_data_on "$1"; }

# soon T0: less than 15 s (scaled) went by since T0 (a $SECONDS value)
soon() { test_within 15 "$1"; }

# last_failed REASON [STATUS]: the last history record is a sql-sync with
# STATUS (default failed) naming REASON
last_failed() {
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"command\":\"sql-sync\"" last &&
	test_grep "\"status\":\"${2:-failed}\"" last &&
	test_grep "$1" last
}

# kill_conn SERVER WHERE: kill the connection whose processlist row matches WHERE
kill_conn() {
	my_sql "$1" "SELECT id FROM information_schema.processlist WHERE $2 LIMIT 1" >id &&
	my_sql "$1" "KILL $(cat id)"
}

# The ways a running sync ($pid) is stopped.
sigint() { kill -INT $pid; }
sigterm() { kill -TERM $pid; }
kill_target() { kill_conn tgt "info LIKE \"LOAD DATA%\""; }
kill_source() { kill_conn src "info LIKE \"SELECT %big%\" AND id <> CONNECTION_ID()"; }

# stopped_by STOP REASON [STATUS]: a sync into @default stopped by STOP once
# it loads fails soon (exit 1) saying REASON, leaves the target unchanged and
# is recorded with STATUS (default failed) for REASON
stopped_by() {
	start_sync default &&
	loading tgt &&
	$1 && t0=$SECONDS &&
	test_must_fail --status=1 wait $pid &&
	soon $t0 &&
	test_grep "$2" err &&
	state tgt site >after &&
	test_cmp before after &&
	last_failed "$2" "${3:-failed}"
}

test_expect_success 'a source of ~100 MB, a target with data, a target with little space' '
	start_mariadb src &&
	start_mariadb tgt &&
	SS_MARIADB_OPTS="--innodb-file-per-table=0 --innodb-data-file-path=ibdata1:12M:autoextend:max:48M" \
		start_mariadb full &&
	my_sql src "CREATE USER src@127.0.0.1 IDENTIFIED BY \"pw\"; GRANT ALL ON *.* TO src@127.0.0.1;
		CREATE DATABASE shop; USE shop;
		CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(100), KEY (pad(10)));
		INSERT INTO big SELECT seq, REPEAT(CHAR(65 + seq % 26), 90) FROM seq_1_to_1000000;
		CREATE TABLE small (id INT PRIMARY KEY); INSERT INTO small VALUES (1), (2)" &&
	for s in tgt full; do
		my_sql $s "CREATE USER tgt@127.0.0.1 IDENTIFIED BY \"pw\"; GRANT ALL ON *.* TO tgt@127.0.0.1;
			CREATE DATABASE site; USE site;
			CREATE TABLE big (id INT PRIMARY KEY, v TEXT); INSERT INTO big VALUES (1, \"old\");
			CREATE TABLE mine (id INT PRIMARY KEY); INSERT INTO mine VALUES (7);
			CREATE TRIGGER tr BEFORE INSERT ON mine FOR EACH ROW SET NEW.id = NEW.id + 1;
			CREATE VIEW v AS SELECT id FROM mine" || return 1
	done &&
	mkdir aliases && aliases &&
	export PW=pw &&
	state tgt site >before &&
	state full site >before_full
'

test_expect_success 'SIGINT mid-copy: target unchanged, exit 1, history interrupted' '
	stopped_by sigint interrupted interrupted
'

test_expect_success 'SIGTERM mid-copy: likewise' '
	stopped_by sigterm interrupted interrupted
'

test_expect_success 'a target connection killed mid-copy: likewise, the error names the target' '
	stopped_by kill_target target
'

test_expect_success 'a source connection killed mid-copy: likewise, the error names the source' '
	stopped_by kill_source source
'

test_expect_success 'the target out of space: likewise, the error says the table is full' '
	test_must_fail --status=1 sitesync --alias-path=aliases sql-sync @prod @small -y 2>err &&
	test_grep -i "is full" err &&
	state full site >after &&
	test_cmp before_full after &&
	last_failed "is full" &&
	my_sql full "USE site; INSERT INTO mine VALUES (1); SELECT COUNT(*) FROM v" >n &&
	test "$(cat n)" = 2
'

test_expect_success 'the source server killed mid-copy: likewise, the error names the source' '
	start_sync default &&
	loading tgt &&
	kill -KILL $MY_src_PID && t0=$SECONDS &&
	test_must_fail --status=1 wait $pid &&
	soon $t0 &&
	test_grep "source" err &&
	state tgt site >after &&
	test_cmp before after &&
	last_failed source
'

test_expect_success 'after the failures a sync still works' '
	start_mariadb src && aliases &&
	sitesync --alias-path=aliases sql-sync @prod default -y &&
	checksums src shop >expect &&
	checksums tgt site >actual &&
	test_cmp expect actual
'

test_done

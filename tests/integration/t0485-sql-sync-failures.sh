#!/bin/bash
# sql-sync failures in the middle of a copy leave the target byte-identical
# (CHECKSUM TABLE before/after), drop the shadow, exit 1 and record the run
# as failed with the reason: SIGINT, SIGTERM, a worker's target or source
# connection killed (the server leaves a killed LOAD's socket half-open:
# the run must notice, not wait for TCP to give up),
# the target out of space (an InnoDB system tablespace with a maximum size:
# "table is full", as a full disk reports it) and the source server killed.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"

checksums() {
	local t
	for t in $(my_sql "$1" "SELECT table_name FROM information_schema.tables
		WHERE table_schema='$2' AND table_type='BASE TABLE' ORDER BY table_name"); do
		my_sql "$1" "CHECKSUM TABLE \`$2\`.\`$t\` EXTENDED" | sed "s/^$2\.//"
	done
}

# state SERVER DB: checksums of DB's tables, and the databases of the server
state() {
	checksums "$1" "$2" &&
	my_sql "$1" "SHOW DATABASES"
}

aliases() {
	cat >aliases/self.site.yml <<-YML
	prod:
	  role: production
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_src_PORT, name: shop, user: src, password-env: PW }
	default:
	  role: local
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_tgt_PORT, name: site, user: tgt, password-env: PW }
	small:
	  role: local
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_full_PORT, name: site, user: tgt, password-env: PW }
	YML
}

# start_sync ALIAS: a sync in the background ($pid) with SIGINT at its default
start_sync() {
	{ env --default-signal=INT "$SITESYNC_BIN" --alias-path=aliases sql-sync @prod "$1" \
		-y --jobs 2 >out 2>err & } &&
	pid=$!
}

# loading SERVER: wait until a LOAD DATA runs on SERVER
loading() {
	local i
	for i in $(seq 200); do
		my_sql "$1" "SELECT 1 FROM information_schema.processlist WHERE info LIKE 'LOAD DATA%'" | grep -q 1 && return 0
		sleep 0.05
	done
	echo "no LOAD DATA ran on $1" >&2
	return 1
}

# soon T0: less than 15 s went by since T0
soon() {
	local d=$(($(date +%s) - $1))
	[ $d -lt 15 ] || { echo "took $d s" >&2; return 1; }
}

# last_failed REASON: the last history record is a failed sql-sync naming REASON
last_failed() {
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"command\":\"sql-sync\"" last &&
	test_grep "\"status\":\"failed\"" last &&
	test_grep "$1" last
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

test_expect_success 'SIGINT mid-copy: target unchanged, exit 1, history failed (interrupted)' '
	start_sync default &&
	loading tgt &&
	kill -INT $pid && t0=$(date +%s) &&
	test_must_fail --status=1 wait $pid &&
	soon $t0 &&
	test_grep "interrupted" err &&
	state tgt site >after &&
	test_cmp before after &&
	last_failed interrupted
'

test_expect_success 'SIGTERM mid-copy: likewise' '
	start_sync default &&
	loading tgt &&
	kill -TERM $pid && t0=$(date +%s) &&
	test_must_fail --status=1 wait $pid &&
	soon $t0 &&
	state tgt site >after &&
	test_cmp before after &&
	last_failed interrupted
'

test_expect_success 'a target connection killed mid-copy: likewise, the error names the target' '
	start_sync default &&
	loading tgt &&
	my_sql tgt "SELECT id FROM information_schema.processlist WHERE info LIKE \"LOAD DATA%\" LIMIT 1" >id &&
	my_sql tgt "KILL $(cat id)" && t0=$(date +%s) &&
	test_must_fail --status=1 wait $pid &&
	soon $t0 &&
	test_grep "target" err &&
	state tgt site >after &&
	test_cmp before after &&
	last_failed target
'

test_expect_success 'a source connection killed mid-copy: likewise, the error names the source' '
	start_sync default &&
	loading tgt &&
	my_sql src "SELECT id FROM information_schema.processlist WHERE info LIKE \"SELECT %big%\" AND id <> CONNECTION_ID() LIMIT 1" >id &&
	my_sql src "KILL $(cat id)" && t0=$(date +%s) &&
	test_must_fail --status=1 wait $pid &&
	soon $t0 &&
	test_grep "source" err &&
	state tgt site >after &&
	test_cmp before after &&
	last_failed source
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
	kill -KILL $MY_src_PID && t0=$(date +%s) &&
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

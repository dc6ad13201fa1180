#!/bin/bash
# sql-sync, sql-drop and status with remote MySQL aliases: each remote
# MariaDB is reachable only through the SSH tunnel (one without networking,
# reached by its socket over direct-streamlocal; one listening on TCP inside
# a network namespace of its own, reached by db.host:db.port over
# direct-tcpip), synced from, to, and remote to remote through this machine.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "sshd is not installed"
command -v mariadbd >/dev/null || test_skip_all "mariadbd is not installed"
command -v socat >/dev/null || test_skip_all "socat is not installed"
unshare -n true 2>/dev/null || test_skip_all "cannot make a network namespace (unshare -n)"

. "$abs_top_srcdir/tests/lib/remote.sh"

A="$TRASH/site/drush/sites"
# a tunnel's directory is made in $TMPDIR when its socket path fits, else in
# /tmp among other tests' tunnels: a short private TMPDIR keeps them apart
TMPDIR=$(mktemp -d /tmp/sitesync-t0505.XXXXXX) || exit 1
test_at_exit "rm -rf '$TMPDIR'"
export PROD_PW='Prod;pw "1' DEV_PW="Dev'pw 2" LOCAL_PW=local-pw-3

# sqlq TEXT: TEXT as an SQL string literal
sqlq() { printf "'%s'" "${1//\'/\'\'}"; }
tables() {
	my_sql "$1" "SELECT table_name FROM information_schema.tables
		WHERE table_schema='$2' ORDER BY table_name"
}
site() { sitesync --alias-path="$A" "$@"; }

test_expect_success 'remote hosts: sshd + MariaDB without networking; sshd + MariaDB in a netns' '
	start_sshd prod &&
	sshd_reconfigure prod "LogLevel INFO" &&
	SS_MARIADB_OPTS=--skip-networking start_mariadb prod &&
	netns_start dev &&
	netns_start_sshd dev &&
	netns_start_mariadb dev &&
	start_mariadb local &&
	my_sql prod "CREATE DATABASE shop; CREATE USER shop@localhost IDENTIFIED BY $(sqlq "$PROD_PW");
		GRANT ALL ON *.* TO shop@localhost" &&
	my_sql dev "CREATE DATABASE shop; CREATE USER shop@127.0.0.1 IDENTIFIED BY $(sqlq "$DEV_PW");
		GRANT ALL ON *.* TO shop@127.0.0.1" &&
	my_sql local "CREATE DATABASE shop; CREATE USER shop@127.0.0.1 IDENTIFIED BY $(sqlq "$LOCAL_PW");
		GRANT ALL ON *.* TO shop@127.0.0.1" &&
	mkdir -p "$HOME/.ssh" "$A" &&
	chmod 700 "$HOME/.ssh" "$A" &&
	cat >"$HOME/.ssh/config" <<-CONF &&
	Host prodhost devhost
	    HostName 127.0.0.1
	CONF
	cat >"$A/self.site.yml" <<-YML
	prod:
	  host: prodhost
	  user: $(id -un)
	  role: production
	  ssh:
	    options: "-p $SSH_prod_PORT -i $SSH_prod_KEY -o UserKnownHostsFile=$SSH_prod_KNOWN_HOSTS"
	  db: { driver: mysql, socket: $MY_prod_SOCK, name: shop, user: shop, password-env: PROD_PW }
	dev:
	  host: devhost
	  user: $(id -un)
	  role: development
	  ssh:
	    options: "-p $SSH_dev_PORT -i $SSH_dev_KEY -o UserKnownHostsFile=$SSH_dev_KNOWN_HOSTS"
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_dev_PORT, name: shop, user: shop, password-env: DEV_PW }
	dev2:
	  host: devhost
	  user: $(id -un)
	  role: development
	  ssh:
	    options: "-p $SSH_dev_PORT -i $SSH_dev_KEY -o UserKnownHostsFile=$SSH_dev_KNOWN_HOSTS"
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_dev_PORT, name: shop2, user: shop, password-env: DEV_PW }
	gone:
	  host: prodhost
	  user: $(id -un)
	  role: staging
	  ssh:
	    options: "-p $SSH_prod_PORT -i $SSH_prod_KEY -o UserKnownHostsFile=$SSH_prod_KNOWN_HOSTS"
	  db: { driver: mysql, socket: /nonexistent/mysqld.sock, name: shop, user: shop, password-env: PROD_PW }
	default:
	  role: development
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_local_PORT, name: shop, user: shop, password-env: LOCAL_PW }
	YML
'

test_expect_success 'neither remote database can be reached directly' '
	test_must_fail mariadb --no-defaults -h 127.0.0.1 -P "$MY_prod_PORT" -ushop -p"$PROD_PW" \
		-e "SELECT 1" 2>err &&
	test_must_fail mariadb --no-defaults -h 127.0.0.1 -P "$MY_dev_PORT" -ushop -p"$DEV_PW" \
		-e "SELECT 1" 2>err &&
	test_grep "Can.t connect" err &&
	test "$(my_sql prod "SELECT @@skip_networking")" = 1
'

test_expect_success 'source data on the production host' '
	mariadb --no-defaults -S "$MY_prod_SOCK" -uroot shop <"$abs_top_srcdir/tests/integration/mysql-zoo.sql" &&
	my_sql prod "USE shop;
		CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(100), KEY k_pad (pad(10)));
		INSERT INTO big SELECT seq, REPEAT(CHAR(65 + seq % 26), 80) FROM seq_1_to_50000;
		CREATE VIEW v_big AS SELECT COUNT(*) AS n FROM big" &&
	my_sql local "USE shop; CREATE TABLE only_local (id INT PRIMARY KEY); INSERT INTO only_local VALUES (1)"
'

test_expect_success 'sql-sync @prod default: from a socket through direct-streamlocal' '
	site sql-sync @prod default -y -d -v >out 2>&1 &&
	test_grep "tunnel" out &&
	checksums prod shop >expect &&
	checksums local shop >actual &&
	test_cmp expect actual &&
	test "$(my_sql local "SELECT n FROM shop.v_big")" = 50000 &&
	test -z "$(my_sql local "SHOW TABLES FROM shop LIKE \"only_local\"")"
'

test_expect_success 'one ssh session for the whole run, whatever the number of connections' '
	logins() { grep -c "Accepted publickey" "$SSH_prod_DIR/sshd.log"; } &&
	before=$(logins) &&
	site sql-sync @prod default -y --jobs 4 >out 2>&1 &&
	test $(($(logins) - before)) = 1 &&
	checksums prod shop >expect &&
	checksums local shop >actual &&
	test_cmp expect actual
'

test_expect_success 'sql-sync default @dev: into db.host:db.port through direct-tcpip' '
	my_sql local "USE shop; CREATE TABLE only_local (id INT PRIMARY KEY); INSERT INTO only_local VALUES (7)" &&
	site sql-sync default @dev -y >out 2>&1 &&
	checksums local shop >expect &&
	checksums dev shop >actual &&
	test_cmp expect actual &&
	test "$(my_sql dev "SELECT id FROM shop.only_local")" = 7 &&
	my_sql dev "SHOW CREATE TABLE shop.big" | test_grep "KEY .k_pad."
'

test_expect_success 'remote to remote: sql-sync @prod @dev2 streams through this machine' '
	site sql-sync @prod @dev2 -y --create-db >out 2>&1 &&
	checksums prod shop >expect &&
	checksums dev shop2 >actual &&
	test_cmp expect actual &&
	tables prod shop >expect &&
	tables dev shop2 >actual &&
	test_cmp expect actual
'

test_expect_success 'remote to remote with one alias on each side of the same host' '
	my_sql dev "INSERT INTO shop2.big VALUES (0, \"extra\")" &&
	site sql-sync @dev2 @dev -y >out 2>&1 &&
	checksums dev shop2 >expect &&
	checksums dev shop >actual &&
	test_cmp expect actual
'

test_expect_success 'status @prod: ssh reachability and the database through the tunnel' '
	site status @prod >out 2>&1 &&
	test_grep "^ssh: *answers, SSH-2.0-OpenSSH.*, publickey.* as $(id -un)@127.0.0.1:$SSH_prod_PORT$" out &&
	test_grep "^server: *socket $MY_prod_SOCK via ssh .prodhost.$" out &&
	test_grep -F "database: answers, $(my_sql prod "SELECT VERSION()")" out &&
	site status @prod --format=json >json &&
	test_grep "\"banner\": *\"SSH-2.0-OpenSSH" json
'

test_expect_success 'status @dev through direct-tcpip' '
	site status @dev >out 2>&1 &&
	test_grep "^ssh: *answers, SSH-2.0-OpenSSH.*, publickey.* as $(id -un)@127.0.0.1:$SSH_dev_PORT$" out &&
	test_grep "^server: *127.0.0.1:$MY_dev_PORT via ssh .devhost.$" out &&
	test_grep -F "database: answers, $(my_sql dev "SELECT VERSION()")" out
'

test_expect_success 'history records the remote syncs' '
	test_grep "\"command\":\"sql-sync\"" "$SITESYNC_HISTORY" &&
	! grep -q "$PROD_PW\|$DEV_PW" "$SITESYNC_HISTORY"
'

test_expect_success 'SIGINT during the SSH connect: one line, exit 1, recorded as interrupted' '
	checksums dev shop >before &&
	test_stop_at ssh-connect "$SITESYNC_BIN" --alias-path="$A" sql-sync @prod @dev -y &&
	kill -INT $pid && kill -CONT $pid &&
	test_must_fail --status=1 wait $pid &&
	grep "^sitesync: " stop.err >lines &&
	printf "sitesync: debug: stopped at %s (pid %s)\nsitesync: error: interrupted\n" \
		"'\''ssh-connect'\''" $pid >expect &&
	test_cmp expect lines &&
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"command\":\"sql-sync\",\"source\":\"@prod\",\"target\":\"@dev\",\"status\":\"interrupted\"" last &&
	checksums dev shop >after &&
	test_cmp before after
'

# stopped at the debug stop point "copy" (rows came, no swap yet) and
# interrupted there: no need for a copy long enough to be caught by the clock
test_expect_success 'SIGINT during a copy through the tunnel leaves the target as it was' '
	my_sql prod "USE shop; INSERT INTO big SELECT seq, REPEAT(\"z\", 100) FROM seq_50001_to_150000" &&
	checksums dev shop >before &&
	tables dev shop >tables_before &&
	test_stop_at copy "$SITESYNC_BIN" --alias-path="$A" sql-sync @prod @dev -y --jobs 2 &&
	kill -INT $pid && kill -CONT $pid &&
	test_must_fail --status=1 wait $pid &&
	test_grep "is unchanged: interrupted$" stop.err &&
	checksums dev shop >after &&
	test_cmp before after &&
	tables dev shop >tables_after &&
	test_cmp tables_before tables_after &&
	tail -n 1 "$SITESYNC_HISTORY" | test_grep "\"status\":\"interrupted\""
'

test_expect_success 'no tunnel directory is left behind' '
	test -d "$TMPDIR" &&
	test -z "$(find "$TMPDIR" -maxdepth 1 -name "sitesync-tunnel.*")"
'

test_expect_success 'sql-drop @dev2 through the tunnel empties the remote database' '
	test -n "$(tables dev shop2)" &&
	site sql-drop @dev2 -y >out 2>&1 &&
	test -z "$(tables dev shop2)"
'

test_expect_success 'sql-drop of a production remote is refused (exit 3)' '
	tables prod shop >before &&
	test_must_fail --status=3 site sql-drop @prod -y 2>err &&
	tables prod shop >after &&
	test_cmp before after
'

test_expect_success 'a remote database the remote host cannot reach: one line, exit 1, target untouched' '
	checksums local shop >before &&
	test_must_fail --status=1 site sql-sync @gone default -y 2>err &&
	test_grep "alias .@gone.: cannot reach the database at ./nonexistent/mysqld.sock. through ssh to .$(id -un)@127.0.0.1:$SSH_prod_PORT." err &&
	test_line_count = 1 err &&
	checksums local shop >after &&
	test_cmp before after
'

test_expect_success 'a remote whose sshd is down: clear error naming the alias, exit 1' '
	kill $SSH_prod_PID &&
	test_wait_for 30 "the sshd to stop" test_gone $SSH_prod_PID &&
	test_must_fail --status=1 site sql-sync @prod default -y 2>err &&
	test_grep "alias .@prod.: cannot connect to .*127.0.0.1:$SSH_prod_PORT" err &&
	test_line_count = 1 err
'

test_done

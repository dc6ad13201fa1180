#!/bin/bash
# Database tunnels: MariaDB and PostgreSQL reachable only through sshd
# (unix sockets, direct-streamlocal) and PostgreSQL over direct-tcpip; many
# connections at once, both directions, remote commands while data flows,
# and the tunnel's throughput against a direct connection.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
export SITESYNC_PLUGIN_PATH="$SITESYNC_PLUGIN_PATH:$abs_top_builddir/tests/plugins/.libs"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "no sshd"
command -v mariadbd >/dev/null || test_skip_all "no mariadbd"
[ -x "$(ss_pg_bindir)/postgres" ] || test_skip_all "no postgres"

probe() {
	sitesync ssh-probe --host=127.0.0.1 \
		--ssh-options="-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS" "$@"
}
my_probe() { probe --db-driver=mysql --db-socket="$MY_m_SOCK" "$@"; }
pg_probe() { probe --db-driver=pgsql --db-socket="$PG_p_SOCKDIR" --db-port="$PG_p_PORT" "$@"; }
export MYCLI="mariadb --no-defaults -uroot -N -B"
export PGCLI="psql -X -q -At -v ON_ERROR_STOP=1"
now() { date +%s.%N; }
mbps() { awk -v b="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%.0f", b / 1e6 / (e - s) }'; }

test_expect_success 'start sshd, MariaDB without networking, PostgreSQL' '
	start_sshd r &&
	SS_MARIADB_OPTS=--skip-networking start_mariadb m &&
	start_postgres p &&
	test_must_fail mariadb --no-defaults -h 127.0.0.1 -P "$MY_m_PORT" -uroot -e "SELECT 1" 2>/dev/null
'

test_expect_success 'MariaDB through the tunnel (direct-streamlocal)' '
	my_probe tunnel -- sh -c "test -S \"\$TUNNEL_SOCKET\" &&
		stat -c %a \"\$(dirname \"\$TUNNEL_SOCKET\")\" &&
		$MYCLI -S \"\$TUNNEL_SOCKET\" -e \"SELECT 6*7, @@skip_networking\"" >out &&
	test_grep "^endpoint: .*/sitesync-tunnel\.[^/]*/mysql.sock port 0$" out &&
	test_grep "^700$" out &&
	printf "42\t1\n" >expect && tail -n 1 out >actual && test_cmp expect actual
'

test_expect_success 'the tunnel directory is gone afterwards' '
	dir=$(sed -n "s/^endpoint: \(.*\)\/mysql.sock port 0$/\1/p" out) &&
	test -n "$dir" && test_must_fail test -e "$dir"
'

test_expect_success 'PostgreSQL through the tunnel: .s.PGSQL.PORT in a private directory' '
	pg_probe tunnel -- sh -c "ls -A \"\$TUNNEL_SOCKET\" &&
		$PGCLI -h \"\$TUNNEL_SOCKET\" -p \"\$TUNNEL_PORT\" -U postgres -c \"SELECT 40+2\"" >out &&
	test_grep "^endpoint: .*/sitesync-tunnel\.[^/ ]* port $PG_p_PORT$" out &&
	test_grep "^\.s\.PGSQL\.$PG_p_PORT$" out &&
	test_grep "^42$" out
'

test_expect_success 'PostgreSQL over direct-tcpip (db.host:db.port), password auth' '
	pg_sql p postgres "CREATE ROLE tun LOGIN PASSWORD '"'"'tun-pw'"'"'" &&
	probe --db-driver=pgsql --db-host=127.0.0.1 --db-port="$PG_p_PORT" tunnel -- \
		sh -c "PGPASSWORD=tun-pw $PGCLI -h \"\$TUNNEL_SOCKET\" -p \"\$TUNNEL_PORT\" -U tun -d postgres -c \"SELECT current_user, inet_server_addr()\"" >out &&
	test_grep "^tun|127.0.0.1$" out
'

test_expect_success 'many connections at once, each gets its own bytes' '
	pg_probe tunnel -- sh -c "
		for i in 1 2 3 4 5 6; do
			$PGCLI -h \"\$TUNNEL_SOCKET\" -p \"\$TUNNEL_PORT\" -U postgres \
				-c \"COPY (SELECT \$i || repeat(chr(96 + \$i), 999) FROM generate_series(1, 20000)) TO STDOUT\" |
				sort | uniq -c | sed \"s/^ *//\" >conn.\$i &
		done; wait" &&
	for i in 1 2 3 4 5 6; do
		test_line_count = 1 conn.$i &&
		test_grep "^20000 $i" conn.$i || return 1
	done
'

test_expect_success 'data flows up as well: COPY FROM STDIN through the tunnel' '
	pg_sql p postgres "CREATE TABLE up (v text)" &&
	pg_probe tunnel -- sh -c "
		head -c 30000000 /dev/zero | tr \"\\\\0\" x | fold -w 1000 |
		$PGCLI -h \"\$TUNNEL_SOCKET\" -p \"\$TUNNEL_PORT\" -U postgres -c \"COPY up FROM STDIN\"" &&
	test "$(pg_sql p postgres "SELECT count(*), sum(length(v)) FROM up")" = "30000|30000000"
'

test_expect_success 'remote commands run on the same session while the tunnel carries data' '
	pg_probe --root="$TRASH" --then-hook="echo hook-ran >during.out; pwd" tunnel -- sh -c "
		$PGCLI -h \"\$TUNNEL_SOCKET\" -p \"\$TUNNEL_PORT\" -U postgres \
			-c \"COPY (SELECT repeat(chr(120), 1000) FROM generate_series(1, 100000)) TO STDOUT\" |
		wc -c" >out &&
	test_grep "^$TRASH$" out &&
	test_grep "^100100000$" out &&
	test_grep "^hook-ran$" during.out
'

test_expect_success 'a slow local reader does not make the tunnel spin' '
	TIMEFORMAT="%U %S" &&
	{ time pg_probe tunnel -- sh -c "
		$PGCLI -h \"\$TUNNEL_SOCKET\" -p \"\$TUNNEL_PORT\" -U postgres \
			-c \"COPY (SELECT repeat(chr(120), 1000) FROM generate_series(1, 50000)) TO STDOUT\" |
		{ sleep 3; wc -c; }" >out; } 2>cpu &&
	test_grep "^50050000$" out &&
	awk "{ exit !(\$1 + \$2 < 1.5) }" cpu
'

test_expect_success 'a database the remote host cannot reach: clear error' '
	test_must_fail probe --db-driver=mysql --db-socket=/nonexistent/mysqld.sock tunnel -- true 2>err &&
	test_grep "alias .@probe.: cannot reach the database at ./nonexistent/mysqld.sock. through ssh to .$(id -un)@127.0.0.1:$SSH_r_PORT." err &&
	test_must_fail probe --db-driver=pgsql --db-host=127.0.0.1 --db-port=1 tunnel -- true 2>err &&
	test_grep "cannot reach the database at .127.0.0.1:1. through ssh" err
'

test_expect_success 'an alias without a database has no tunnel' '
	test_must_fail probe tunnel -- true 2>err &&
	test_grep "alias .@probe. has no database" err
'

test_expect_success 'throughput: tunnel against a direct connection (PostgreSQL COPY)' '
	q="COPY (SELECT repeat(chr(120), 1000) FROM generate_series(1, 100000)) TO STDOUT" &&
	s=$(now) && $PGCLI -h "$PG_p_SOCKDIR" -p "$PG_p_PORT" -U postgres -c "$q" | wc -c >direct &&
	e=$(now) && direct=$(mbps "$(cat direct)" "$s" "$e") &&
	export q &&
	pg_probe tunnel -- sh -c "s=\$(date +%s.%N); $PGCLI -h \"\$TUNNEL_SOCKET\" -p \"\$TUNNEL_PORT\" -U postgres -c \"\$q\" | wc -c >tunnel; e=\$(date +%s.%N); echo \$s \$e >times" &&
	test_cmp direct tunnel &&
	tunnel=$(mbps "$(cat tunnel)" $(cat times)) &&
	echo "100 MB COPY TO: direct $direct MB/s, through the ssh tunnel $tunnel MB/s" >throughput
'

test_expect_success 'throughput up: COPY FROM STDIN, tunnel against direct' '
	pg_sql p postgres "CREATE UNLOGGED TABLE upspeed (v text)" &&
	head -c 50000000 /dev/zero | tr "\\0" x | fold -w 1000 >rows &&
	s=$(now) && $PGCLI -h "$PG_p_SOCKDIR" -p "$PG_p_PORT" -U postgres -c "COPY upspeed FROM STDIN" <rows &&
	e=$(now) && direct=$(mbps 50000000 "$s" "$e") &&
	pg_sql p postgres "TRUNCATE upspeed" &&
	pg_probe tunnel -- sh -c "s=\$(date +%s.%N); $PGCLI -h \"\$TUNNEL_SOCKET\" -p \"\$TUNNEL_PORT\" -U postgres -c \"COPY upspeed FROM STDIN\" <rows; e=\$(date +%s.%N); echo \$s \$e >times" &&
	test "$(pg_sql p postgres "SELECT count(*) FROM upspeed")" = 50000 &&
	tunnel=$(mbps 50000000 $(cat times)) &&
	echo "50 MB COPY FROM: direct $direct MB/s, through the ssh tunnel $tunnel MB/s" >>throughput &&
	rm rows
'
[ -f "$TRASH/throughput" ] && while read -r line; do say "$line"; done <"$TRASH/throughput"

test_done

#!/bin/bash
# The tunnel's memory stays flat whatever the amount of data: 100 MB for a
# slow local reader while 400 MB go to a fast one on the same session must
# not pile up in sitesync (libssh 0.10 regrants a channel's window on reads
# that leave data in it: 88 MB peak before lib/ssh/tunnel.c emptied the
# channel on each read, 18 MB after).
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
export SITESYNC_PLUGIN_PATH="$SITESYNC_PLUGIN_PATH:$abs_top_builddir/tests/plugins/.libs"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "no sshd"
[ -x "$(ss_pg_bindir)/postgres" ] || test_skip_all "no postgres"
command -v python3 >/dev/null || test_skip_all "no python3"

pg_probe() {
	sitesync ssh-probe --host=127.0.0.1 \
		--ssh-options="-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS" \
		--db-driver=pgsql --db-socket="$PG_p_SOCKDIR" --db-port="$PG_p_PORT" "$@"
}
export PGCLI="psql -X -q -At -v ON_ERROR_STOP=1"

# slow-reader: count the bytes of stdin, taking 64 KB every 4 ms at most
cat >slow-reader <<'PY'
#!/usr/bin/env python3
import sys, time
n = 0
while True:
    b = sys.stdin.buffer.read1(65536)
    if not b:
        break
    n += len(b)
    time.sleep(0.004)
print(n)
PY
chmod +x slow-reader

test_expect_success 'start sshd and PostgreSQL' '
	start_sshd r &&
	start_postgres p
'

test_expect_success 'a slow local reader beside a fast one: sitesync peak memory stays flat' '
	pg_probe tunnel -- sh -c "
		$PGCLI -h \"\$TUNNEL_SOCKET\" -p \"\$TUNNEL_PORT\" -U postgres \
			-c \"COPY (SELECT repeat(chr(120), 999) FROM generate_series(1, 100000)) TO STDOUT\" |
		\"$TRASH/slow-reader\" >slow &
		$PGCLI -h \"\$TUNNEL_SOCKET\" -p \"\$TUNNEL_PORT\" -U postgres \
			-c \"COPY (SELECT repeat(chr(121), 999) FROM generate_series(1, 400000)) TO STDOUT\" |
		wc -c >fast; wait; grep VmHWM /proc/\$PPID/status" >out &&
	test_grep "^100000000$" slow &&
	test_grep "^400000000$" fast &&
	hwm=$(awk "/^VmHWM:/ { print \$2 }" out) &&
	test -n "$hwm" &&
	echo "sitesync peak RSS: $hwm kB" >peak &&
	# under AddressSanitizer (tools/check sets ASAN_OPTIONS) RSS counts its
	# shadow memory and the quarantine of freed blocks: no bound to check
	if test -n "${ASAN_OPTIONS:-}"; then
		say "under ASan: peak RSS $hwm kB, not compared"
	else
		test "$hwm" -lt 40960
	fi
'

[ -f "$TRASH/peak" ] && say "$(cat "$TRASH/peak")"
test_done

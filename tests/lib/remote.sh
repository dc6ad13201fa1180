# remote.sh - "remote hosts" for the SSH tests, on top of servers.sh.
#
#   . "$abs_top_srcdir/tests/lib/remote.sh"   (after servers.sh)
#   sshd_reconfigure r "PasswordAuthentication yes" "LogLevel INFO"
#                              # start_sshd's sshd r restarted with these settings
#   netns_start far            # -> NETNS_far_PID (a process in the namespace)
#   netns_start_sshd far       # start_sshd's variables SSH_far_*, sshd inside
#   netns_start_mariadb far    # start_mariadb's variables MY_far_*, TCP inside
#   netns_start_postgres far   # start_postgres's variables PG_far_*, TCP inside
#
# A network namespace of its own (unshare -n) is a host whose loopback this
# machine cannot reach: its sshd and databases bind its 127.0.0.1, and only
# the sshd is reachable from outside, through a socat bridge on this
# machine's 127.0.0.1 at the same port.  Needs unshare -n (root or user
# namespaces), nsenter, ip and socat.  Every process is stopped at exit like
# the other servers.

# sshd_reconfigure NAME SETTING...: restart sshd NAME with each "Keyword value"
# replacing that keyword's line in its sshd_config
sshd_reconfigure() {
	local name=$1 dir port pid setting
	shift
	eval "dir=\$SSH_${name}_DIR port=\$SSH_${name}_PORT pid=\$SSH_${name}_PID"
	ss_stop_pid "$pid"
	for setting in "$@"; do
		sed -i "/^${setting%% *} /d" "$dir/sshd_config" &&
		echo "$setting" >>"$dir/sshd_config" || return 1
	done
	# $SSHD_LAUNCH: words run before sshd (a wrapper that execs it)
	${SSHD_LAUNCH:-} /usr/sbin/sshd -D -e -f "$dir/sshd_config" >"$dir/sshd.log" 2>&1 &
	ss_register_pid $!
	eval "SSH_${name}_PID=$!"
	ss_wait_for 30 ssh-keyscan -p "$port" 127.0.0.1
}

netns_start() {
	local name=$1 pid
	unshare -n sh -c 'ip link set lo up && exec sleep 100000' &
	pid=$!
	ss_register_pid "$pid"
	if ! ss_wait_for 10 netns_lo_up "$pid"; then
		echo "network namespace '$name' did not come up" >&2
		return 1
	fi
	eval "NETNS_${name}_PID=$pid"
}

netns_lo_up() {
	nsenter --net="/proc/$1/ns/net" ip -o link show lo | grep -q "UP"
}

# netns_exec NAME COMMAND...: run COMMAND inside the namespace
netns_exec() {
	local name=$1 pid
	shift
	eval "pid=\$NETNS_${name}_PID"
	nsenter --net="/proc/$pid/ns/net" "$@"
}

# sshd inside the namespace; a bridge on this side's 127.0.0.1:PORT.
netns_start_sshd() {
	local name=$1 pid dir port
	eval "pid=\$NETNS_${name}_PID"
	# start_sshd writes the keys, the config and known_hosts; run it here,
	# then move the server into the namespace.
	start_sshd "$name" || return 1
	eval "dir=\$SSH_${name}_DIR port=\$SSH_${name}_PORT"
	eval "ss_stop_pid \$SSH_${name}_PID"
	nsenter --net="/proc/$pid/ns/net" /usr/sbin/sshd -D -e -f "$dir/sshd_config" \
		>"$dir/sshd.log" 2>&1 &
	ss_register_pid $!
	eval "SSH_${name}_PID=$!"
	cat >"$dir/bridge" <<-SH
	#!/bin/sh
	exec nsenter --net=/proc/$pid/ns/net socat STDIO TCP4:127.0.0.1:$port
	SH
	chmod 700 "$dir/bridge"
	socat TCP4-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork EXEC:"$dir/bridge" \
		2>"$dir/bridge.log" &
	ss_register_pid $!
	eval "SSH_${name}_BRIDGE_PID=$!"
	if ! ss_wait_for 30 ssh-keyscan -p "$port" 127.0.0.1; then
		echo "sshd '$name' in its namespace did not start; see $dir/sshd.log" >&2
		cat "$dir/sshd.log" "$dir/bridge.log" >&2
		return 1
	fi
}

# MariaDB inside the namespace: TCP on its 127.0.0.1, the socket (a file,
# so reachable from here) for the test's own setup and checks.
netns_start_mariadb() {
	local name=$1 real
	real=$(command -v mariadbd) || return 1
	eval "mariadbd() { exec nsenter --net=/proc/\$NETNS_${name}_PID/ns/net '$real' \"\$@\"; }"
	start_mariadb "$name"
	local rc=$?
	unset -f mariadbd
	return $rc
}

# PostgreSQL inside the namespace: start_postgres run there by a child
# shell (the server outlives it), its variables and pid brought back here.
netns_start_postgres() {
	local name=$1 vars dir pid
	vars=$(netns_exec "$name" env SS_SERVERS_DIR="$SS_SERVERS_DIR" bash -c '
		. "$1"; start_postgres "$2" >&2 || exit 1
		for v in PORT SOCKDIR DIR; do
			ref=PG_$2_$v; printf "PG_%s_%s=%q\n" "$2" "$v" "${!ref}"
		done' netns "$abs_top_srcdir/tests/lib/servers.sh" "$name") ||
		return 1
	eval "$vars"
	eval "dir=\$PG_${name}_DIR"
	pid=$(head -n 1 "$dir/data/postmaster.pid") || return 1
	ss_register_pid "$pid" INT
	eval "PG_${name}_PID=$pid"
	if type test_at_exit >/dev/null 2>&1; then
		test_at_exit "rm -rf '$dir'"
	fi
}

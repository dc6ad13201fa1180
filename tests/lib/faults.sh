# tests/lib/faults.sh - what the fault tests share: sitesync stopped at a
# named stop point (SITESYNC_DEBUG_STOP, lib/core/debug.h), killed there or
# let go on, and servers killed and started again on the same data.
# Source it after tests/lib/servers.sh.  Every wait is for a state (a file,
# a process gone, a server answering), never for the clock.

STOP_FILE="$TRASH/stop"

# run_stopped POINT ARGS...: sitesync ARGS in the background (out, err),
# waiting until it stops at POINT: $stopped_pid is that process
run_stopped() {
	local point=$1
	shift
	rm -f "$STOP_FILE"
	env SITESYNC_DEBUG_STOP="$point" SITESYNC_DEBUG_STOP_FILE="$STOP_FILE" \
		"$SITESYNC_BIN" "$@" >out 2>err &
	bg_pid=$!
	wait_stopped "$point"
}

# wait_stopped POINT: the background sitesync stopped at POINT (60 s at most)
wait_stopped() {
	local i got
	for i in $(seq 600); do
		if [ -s "$STOP_FILE" ]; then
			read -r got stopped_pid <"$STOP_FILE"
			[ "$got" = "$1" ] && return 0
			echo "stopped at '$got', not '$1'" >&2
			return 1
		fi
		if ! kill -0 "$bg_pid" 2>/dev/null; then
			echo "sitesync ended before '$1':" >&2
			cat err >&2
			return 1
		fi
		sleep 0.1
	done
	echo "sitesync never reached '$1'" >&2
	return 1
}

# kill_stopped: kill -9 the stopped sitesync
kill_stopped() {
	kill -KILL "$stopped_pid" &&
	{ wait "$bg_pid" 2>/dev/null; rm -f "$STOP_FILE"; }
}

# go_on: the stopped sitesync goes on; finished STATUS: it ended with STATUS
go_on() { rm -f "$STOP_FILE"; }
finished() {
	local rc=0
	wait "$bg_pid" || rc=$?
	[ "$rc" = "$1" ] || { echo "sitesync exited $rc, wanted $1:" >&2; cat err >&2; return 1; }
}

# gone PID: wait until the process PID has ended (60 s at most)
gone() { ss_wait_for 60 sh -c "! kill -0 $1 2>/dev/null"; }

# kill_mariadb NAME: kill -9 the MariaDB server NAME
kill_mariadb() {
	local pid
	eval "pid=\$MY_$1_PID"
	kill -KILL "$pid" && gone "$pid"
}

# kill_postgres NAME: kill -9 the PostgreSQL server NAME, its children first
kill_postgres() {
	local pid kids
	eval "pid=\$PG_$1_PID"
	kids=$(ps -o pid= --ppid "$pid")
	kill -KILL $kids "$pid" 2>/dev/null
	gone "$pid" && for k in $kids; do gone "$k" || return 1; done
}

# restart_postgres NAME: PostgreSQL NAME again on its data directory and port
restart_postgres() {
	local name=$1 dir port bindir
	eval "dir=\$PG_${name}_DIR port=\$PG_${name}_PORT"
	bindir=$(ss_pg_bindir)
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=postgres --regid=postgres --init-groups -- \
			"$bindir/postgres" -D "$dir/data" -p "$port" -k "$dir" \
			>>"$dir/server.log" 2>&1 &
	else
		"$bindir/postgres" -D "$dir/data" -p "$port" -k "$dir" >>"$dir/server.log" 2>&1 &
	fi
	ss_register_pid $! INT
	eval "PG_${name}_PID=$!"
	ss_wait_for 60 "$bindir/pg_isready" -q -h "$dir" -p "$port"
}

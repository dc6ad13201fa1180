# servers.sh - throwaway MariaDB, PostgreSQL and sshd servers on loopback.
#
# Source it from a test (after test-lib.sh) or from tools/quickstart:
#
#   . "$abs_top_srcdir/tests/lib/servers.sh"
#   start_mariadb src          # -> MY_src_PORT, MY_src_SOCK, MY_src_DIR
#   my_sql src "CREATE DATABASE d"      # as root over the socket
#   start_postgres tgt         # -> PG_tgt_PORT, PG_tgt_SOCKDIR, PG_tgt_DIR
#   pg_sql tgt postgres "SELECT 1"      # as superuser "postgres"
#   start_sshd remote          # -> SSH_remote_PORT, SSH_remote_KEY (client key),
#                              #    SSH_remote_KNOWN_HOSTS, SSH_remote_HOSTKEY_PUB
#
# Servers bind 127.0.0.1 on random free ports, keep everything in
# $SS_SERVERS_DIR (default: a new directory under $TMPDIR, or .sandbox/ for
# the quickstart) and are stopped by stop_servers, which test-lib.sh runs at
# exit (also when a test fails or is interrupted).  Never a system service.
#
# PostgreSQL refuses to run as root: when root, its files belong to the
# "postgres" system user (Debian's postgresql package creates it) and it runs
# as that user.

: "${SS_SERVERS_DIR:=$(mktemp -d "${TMPDIR:-/tmp}/sitesync-servers.XXXXXX")}"
mkdir -p "$SS_SERVERS_DIR"
SS_SERVERS_DIR=$(cd "$SS_SERVERS_DIR" && pwd -P)
SS_SERVER_PIDS=

ss_pg_bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
	for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && v=$d; done
	echo "${v:-/usr/lib/postgresql/15/bin}"
}

# A free TCP port on 127.0.0.1 (not listening now, not handed out before),
# below the kernel's ephemeral range, where a client socket of another test
# could take it between this check and the server's bind.
ss_free_port() {
	local p low=32768 span
	read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || :
	span=$((low > 21024 ? low - 20000 : 12768))
	while :; do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % span))
		case " ${SS_PORTS_USED:-} " in *" $p "*) continue;; esac
		if ! ss -Htan 2>/dev/null | awk '{print $4}' | grep -q ":$p\$"; then
			SS_PORTS_USED="${SS_PORTS_USED:-} $p"
			echo "$p"
			return
		fi
	done
}

# ss_wait_for SECONDS COMMAND...: poll until COMMAND succeeds, at most
# SECONDS times $TEST_TIMEOUT_SCALE (see test-lib.sh)
ss_wait_for() {
	local limit=$(( $1 * ${TEST_TIMEOUT_SCALE:-1} )) t0=$SECONDS
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ $((SECONDS - t0)) -ge $limit ] && return 1
		sleep 0.1
	done
}

# ss_register_pid PID [SIGNAL]: stop PID with SIGNAL (default TERM) at exit
ss_register_pid() {
	SS_SERVER_PIDS="$SS_SERVER_PIDS $1:${2:-TERM}"
	if type test_at_exit >/dev/null 2>&1; then
		test_at_exit "ss_stop_pid $1 ${2:-TERM}"
	fi
}

# ss_stop_pid PID [SIGNAL]: stop PID; KILL it when it is still there after
# 10 s (scaled)
ss_stop_pid() {
	local pid=$1 sig=${2:-TERM} t0=$SECONDS
	kill -"$sig" "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null &&
		[ $((SECONDS - t0)) -lt $((10 * ${TEST_TIMEOUT_SCALE:-1})) ]; do
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || :
}

stop_servers() {
	for p in $SS_SERVER_PIDS; do ss_stop_pid "${p%%:*}" "${p#*:}"; done
	SS_SERVER_PIDS=
}

# ---------------------------------------------------------------- MariaDB

start_mariadb() {
	local name=$1 dir port sock user_opt=
	dir="$SS_SERVERS_DIR/mariadb-$name"
	port=$(ss_free_port)
	sock="$dir/mysqld.sock"
	mkdir -p "$dir/data" "$dir/tmp"
	# A unix socket path must fit in sun_path (108 bytes): deep build trees
	# (make distcheck) get a short private directory instead.
	if [ ${#sock} -gt 100 ]; then
		sock=$(mktemp -d /tmp/ssmy.XXXXXX)/mysqld.sock
		type test_at_exit >/dev/null 2>&1 && test_at_exit "rm -rf '${sock%/*}'"
	fi
	[ "$(id -u)" = 0 ] && user_opt=--user=root
	if [ ! -d "$dir/data/mysql" ]; then
		mariadb-install-db --no-defaults $user_opt --datadir="$dir/data" \
			--auth-root-authentication-method=socket --skip-test-db \
			>"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; return 1; }
	fi
	mariadbd --no-defaults $user_opt --datadir="$dir/data" --tmpdir="$dir/tmp" \
		--socket="$sock" --port="$port" --bind-address=127.0.0.1 \
		--pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
		--skip-name-resolve --innodb-buffer-pool-size=256M \
		--innodb-log-file-size=256M --innodb-flush-log-at-trx-commit=2 \
		--max-allowed-packet=256M --local-infile=1 --skip-log-bin \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
		${SS_MARIADB_OPTS:-} >/dev/null 2>&1 &
	ss_register_pid $!
	eval "MY_${name}_PID=$!"
	if ! ss_wait_for 60 mariadb --no-defaults -S "$sock" -uroot -e 'SELECT 1'; then
		echo "mariadb '$name' did not start; see $dir/error.log" >&2
		tail -n 20 "$dir/error.log" >&2
		return 1
	fi
	eval "MY_${name}_PORT=$port MY_${name}_SOCK='$sock' MY_${name}_DIR='$dir'"
}

# my_sql NAME SQL... : run SQL as root over the server's socket
my_sql() {
	local name=$1 sock
	shift
	eval "sock=\$MY_${name}_SOCK"
	mariadb --no-defaults -S "$sock" -uroot -N -B -e "$*"
}

# ---------------------------------------------------------------- PostgreSQL

# Run as the owner of PostgreSQL's files; setpriv execs in place, so $! is
# the server itself and a signal reaches it.
ss_as_pg_owner() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
	else
		"$@"
	fi
}

start_postgres() {
	local name=$1 dir port bindir
	bindir=$(ss_pg_bindir)
	port=$(ss_free_port)
	if [ "$(id -u)" = 0 ]; then
		# postgres must be able to reach its directory: keep it outside
		# private (0700 root) trees.
		dir=$(mktemp -d /tmp/sitesync-pg-$name.XXXXXX)
		chown postgres: "$dir"
	else
		dir="$SS_SERVERS_DIR/postgres-$name"
		# the socket "$dir/.s.PGSQL.NNNNN" must fit in sun_path
		[ ${#dir} -gt 80 ] && dir=$(mktemp -d /tmp/sspg.XXXXXX)
		mkdir -p "$dir"
	fi
	echo "$dir" >"$SS_SERVERS_DIR/postgres-$name.dir"
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		ss_as_pg_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust \
			-E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; return 1; }
		cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
max_connections = 50
CONF
		# TCP connections need a password; the socket is trusted.
		cat >"$dir/data/pg_hba.conf" <<CONF
local all all trust
host all all 127.0.0.1/32 scram-sha-256
CONF
	fi
	# started directly (not through a function) so that $! is the postmaster
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=postgres --regid=postgres --init-groups -- \
			"$bindir/postgres" -D "$dir/data" -p "$port" -k "$dir" \
			>"$dir/server.log" 2>&1 &
	else
		"$bindir/postgres" -D "$dir/data" -p "$port" -k "$dir" >"$dir/server.log" 2>&1 &
	fi
	ss_register_pid $! INT   # fast shutdown: does not wait for clients
	eval "PG_${name}_PID=$!"
	if ! ss_wait_for 60 "$bindir/pg_isready" -q -h "$dir" -p "$port"; then
		echo "postgres '$name' did not start; see $dir/server.log" >&2
		tail -n 20 "$dir/server.log" >&2
		return 1
	fi
	if type test_at_exit >/dev/null 2>&1; then
		test_at_exit "rm -rf '$dir'"
	fi
	eval "PG_${name}_PORT=$port PG_${name}_SOCKDIR='$dir' PG_${name}_DIR='$dir'"
}

# pg_sql NAME DB SQL... : run SQL as superuser postgres over the socket
pg_sql() {
	local name=$1 db=$2 dir port
	shift 2
	eval "dir=\$PG_${name}_SOCKDIR port=\$PG_${name}_PORT"
	psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d "$db" -At -c "$*"
}

# ---------------------------------------------------------------- sshd

# start_sshd NAME: an sshd on a free port of $SS_SSHD_ADDR (default 127.0.0.1;
# the quickstart uses 127.0.0.2 so that its remote site is not "this machine")
start_sshd() {
	local name=$1 dir port addr=${SS_SSHD_ADDR:-127.0.0.1}
	dir="$SS_SERVERS_DIR/sshd-$name"
	port=$(ss_free_port)
	mkdir -p "$dir"
	chmod 700 "$dir"
	[ -f "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host_ed25519"
	[ -f "$dir/client_ed25519" ] ||
		ssh-keygen -q -t ed25519 -N '' -C "sitesync-test" -f "$dir/client_ed25519"
	cp "$dir/client_ed25519.pub" "$dir/authorized_keys"
	chmod 600 "$dir/authorized_keys"
	cat >"$dir/sshd_config" <<CONF
Port $port
ListenAddress $addr
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
PermitUserEnvironment no
AcceptEnv *
Subsystem sftp internal-sftp
LogLevel ERROR
CONF
	[ -d /run/sshd ] || mkdir -p /run/sshd 2>/dev/null || :
	/usr/sbin/sshd -D -e -f "$dir/sshd_config" >"$dir/sshd.log" 2>&1 &
	ss_register_pid $!
	eval "SSH_${name}_PID=$!"
	if ! ss_wait_for 30 ssh-keyscan -p "$port" "$addr"; then
		echo "sshd '$name' did not start; see $dir/sshd.log" >&2
		cat "$dir/sshd.log" >&2
		return 1
	fi
	printf '[%s]:%s %s\n' "$addr" "$port" "$(cut -d' ' -f1,2 "$dir/host_ed25519.pub")" \
		>"$dir/known_hosts"
	eval "SSH_${name}_PORT=$port SSH_${name}_ADDR=$addr SSH_${name}_DIR='$dir' SSH_${name}_KEY='$dir/client_ed25519'"
	eval "SSH_${name}_KNOWN_HOSTS='$dir/known_hosts' SSH_${name}_HOSTKEY_PUB='$dir/host_ed25519.pub'"
}

# ssh_host_config NAME HOST: append to ~/.ssh/config a Host HOST entry that
# reaches the test sshd NAME (its address, port, client key and known_hosts)
ssh_host_config() {
	local name=$1 host=$2 addr port key kh
	eval "addr=\$SSH_${name}_ADDR port=\$SSH_${name}_PORT key=\$SSH_${name}_KEY kh=\$SSH_${name}_KNOWN_HOSTS"
	mkdir -p "$HOME/.ssh"
	chmod 700 "$HOME/.ssh"
	printf 'Host %s\n    HostName %s\n    Port %s\n    IdentityFile %s\n    UserKnownHostsFile %s\n' \
		"$host" "$addr" "$port" "$key" "$kh" >>"$HOME/.ssh/config"
}

# ssh_run NAME COMMAND: run a command on the test sshd with the OpenSSH client
ssh_run() {
	local name=$1 port key kh
	shift
	eval "port=\$SSH_${name}_PORT key=\$SSH_${name}_KEY kh=\$SSH_${name}_KNOWN_HOSTS"
	ssh -F /dev/null -p "$port" -i "$key" -o UserKnownHostsFile="$kh" \
		-o StrictHostKeyChecking=yes -o BatchMode=yes "$(id -un)@127.0.0.1" "$@"
}

#!/bin/bash
# status of remote aliases: the SSH session is checked and the database is
# reached through an SSH tunnel (MariaDB without networking, PostgreSQL by TCP
# as seen from the remote host).
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "sshd is not installed"
command -v mariadbd >/dev/null || test_skip_all "mariadbd is not installed"
[ -x "$(ss_pg_bindir)/postgres" ] || test_skip_all "postgres is not installed"

MY_PW='Remote-My;pw 3'
PG_PW='Remote-Pg"pw 4'
export SHOP_MY_PW="$MY_PW"
A="$TRASH/aliases"
OUT="$TRASH/outputs"
mkdir -p "$A" "$OUT"
st() {
	local name=$1
	shift
	sitesync --alias-path="$A" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
}

test_expect_success 'sshd, a MariaDB without networking and a PostgreSQL' '
	start_sshd r &&
	SS_MARIADB_OPTS=--skip-networking start_mariadb my &&
	start_postgres pg &&
	my_sql my "CREATE DATABASE shop" &&
	my_sql my "CREATE USER '\''shop'\''@'\''localhost'\'' IDENTIFIED BY '\''$MY_PW'\''" &&
	my_sql my "GRANT ALL ON shop.* TO '\''shop'\''@'\''localhost'\''" &&
	pg_sql pg postgres "CREATE ROLE shop LOGIN PASSWORD '\''${PG_PW}'\''" &&
	pg_sql pg postgres "CREATE DATABASE shop OWNER shop" &&
	printf "%s\n" "$PG_PW" >"$TRASH/pg.pw" &&
	chmod 600 "$TRASH/pg.pw" &&
	DEAD_PORT=$(ss_free_port) &&
	mkdir -p "$HOME/.ssh" &&
	chmod 700 "$HOME/.ssh" "$A" &&
	cat >"$HOME/.ssh/config" <<-CONF &&
	Host sshtest
	    HostName 127.0.0.1
	CONF
	SSHOPTS="-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS" &&
	cat >"$A/far.site.yml" <<-YML
	my:
	  host: sshtest
	  user: $(id -un)
	  root: /srv/shop
	  ssh:
	    options: "$SSHOPTS"
	  db:
	    driver: mysql
	    socket: $MY_my_SOCK
	    name: shop
	    user: shop
	    password-env: SHOP_MY_PW
	pg:
	  host: sshtest
	  user: $(id -un)
	  ssh:
	    options: "$SSHOPTS"
	  db:
	    driver: pgsql
	    host: 127.0.0.1
	    port: $PG_pg_PORT
	    name: shop
	    user: shop
	    password-file: $TRASH/pg.pw
	pgsock:
	  host: sshtest
	  user: $(id -un)
	  ssh:
	    options: "$SSHOPTS"
	  db:
	    driver: pgsql
	    host: $PG_pg_SOCKDIR
	    port: $PG_pg_PORT
	    name: shop
	    user: shop
	nodb:
	  host: sshtest
	  user: $(id -un)
	  ssh:
	    options: "$SSHOPTS"
	sshdown:
	  host: sshtest
	  ssh:
	    options: "-p $DEAD_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS"
	  db:
	    driver: mysql
	    socket: $MY_my_SOCK
	    name: shop
	unknownkey:
	  host: sshtest
	  user: $(id -un)
	  ssh:
	    options: "-p $SSH_r_PORT -i $SSH_r_KEY"
	  db:
	    driver: mysql
	    socket: $MY_my_SOCK
	    name: shop
	YML
	MY_VERSION=$(my_sql my "SELECT VERSION()") &&
	PG_VERSION="PostgreSQL $(pg_sql pg postgres "SHOW server_version" | cut -d" " -f1)"
'

test_expect_success 'mysql socket of a remote alias through the tunnel' '
	st my status @far.my &&
	test_grep "^host: *$(id -un)@sshtest$" "$OUT/my.out" &&
	test_grep "^sshopts: *-p $SSH_r_PORT " "$OUT/my.out" &&
	test_grep "^ssh: *answers, SSH-2.0-.*, publickey .* as $(id -un)@127.0.0.1:$SSH_r_PORT$" "$OUT/my.out" &&
	test_grep "^server: *socket $MY_my_SOCK via ssh .sshtest.$" "$OUT/my.out" &&
	test_grep -F "database: answers, $MY_VERSION" "$OUT/my.out"
'

test_expect_success 'postgres by TCP as seen from the remote host, as JSON' '
	st pg --format=json status @far.pg &&
	python3 - "$OUT/pg.out" "$PG_VERSION" "$PG_pg_PORT" <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["remote"] is True and d["host"] == "sshtest", d
	assert d["ssh"]["options"] and "-p" in d["ssh"]["options"], d
	assert d["ssh"]["answers"] is True and d["ssh"]["banner"].startswith("SSH-2.0-"), d
	assert d["db"]["endpoint"] == "127.0.0.1:%s via ssh %s" % (sys.argv[3], chr(39) + "sshtest" + chr(39)), d
	assert d["database"] == {"answers": True, "version": sys.argv[2]}, d
	assert d["ok"] is True, d
	PY
'

test_expect_success 'postgres by its socket directory given as db.host, through the tunnel' '
	st pgsock status @far.pgsock &&
	test_grep "^server: *socket $PG_pg_SOCKDIR/.s.PGSQL.$PG_pg_PORT via ssh .sshtest.$" "$OUT/pgsock.out" &&
	test_grep -F "database: answers, $PG_VERSION" "$OUT/pgsock.out"
'

test_expect_success 'a remote alias without db: ssh checked, exit 0' '
	st nodb status @far.nodb &&
	test_grep "^ssh: *answers" "$OUT/nodb.out" &&
	test_grep "^database: none (no db in $A/far.site.yml:[0-9]*)$" "$OUT/nodb.out"
'

test_expect_success 'ssh does not answer: reported, database not checked, exit 1' '
	test_must_fail --status=1 st sshdown status @far.sshdown &&
	test_grep "^ssh: *does not answer: .*@far.sshdown" "$OUT/sshdown.out" &&
	test_grep "^database: *not checked (no ssh session)$" "$OUT/sshdown.out" &&
	test_line_count = 1 "$OUT/sshdown.err" &&
	test_grep "^sitesync: error: .*@far.sshdown" "$OUT/sshdown.err"
'

test_expect_success 'an unknown host key is refused (exit 3), nothing else tried' '
	test_must_fail --status=3 st unknownkey status @far.unknownkey &&
	test_grep "^ssh: *does not answer: .*known_hosts" "$OUT/unknownkey.out" &&
	test_grep "^database: *not checked" "$OUT/unknownkey.out"
'

test_expect_success 'no password in any output' '
	! grep -rF -e "$MY_PW" -e "$PG_PW" "$OUT"
'

test_done

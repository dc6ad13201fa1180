#!/bin/bash
# status: an alias and whether its database answers, against a real MariaDB
# and a real PostgreSQL reached over TCP (with passwords) and sockets.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd is not installed"
[ -x "$(ss_pg_bindir)/postgres" ] || test_skip_all "postgres is not installed"

MY_PW='Shop-My;pw 7$x'
PG_PW='Shop-Pg"pw 9'
BAD_PW='not-the-password'
export SHOP_MY_PW="$MY_PW" SHOP_BAD_PW="$BAD_PW"
A="$TRASH/aliases"
OUT="$TRASH/outputs"
mkdir -p "$A" "$OUT"

# st NAME ARGS...: run status, keeping stdout/stderr in $OUT (for the password check)
st() {
	local name=$1
	shift
	sitesync --alias-path="$A" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
}

test_expect_success 'servers: a database and a user with a password on each' '
	start_mariadb my &&
	start_postgres pg &&
	my_sql my "CREATE DATABASE shop" &&
	for h in 127.0.0.1 localhost; do
		my_sql my "CREATE USER '\''shop'\''@'\''$h'\'' IDENTIFIED BY '\''$MY_PW'\''" &&
		my_sql my "GRANT ALL ON shop.* TO '\''shop'\''@'\''$h'\''" || return 1
	done &&
	pg_sql pg postgres "CREATE ROLE shop LOGIN PASSWORD '\''${PG_PW}'\''" &&
	pg_sql pg postgres "CREATE DATABASE shop OWNER shop" &&
	printf "%s\n" "$MY_PW" >"$TRASH/my.pw" &&
	printf "%s\n" "$PG_PW" >"$TRASH/pg.pw" &&
	chmod 600 "$TRASH/my.pw" "$TRASH/pg.pw"
'

# Two ports held by a helper for the whole test, so nothing else can take
# them: DOWN_PORT is bound but not listening (a connect is refused),
# HANG_PORT listens and accepts but never says a word.
test_expect_success 'a refusing port and a silent one' '
	python3 -c "
import socket, sys, time
down = socket.socket(); down.bind((\"127.0.0.1\", 0))
hang = socket.socket(); hang.bind((\"127.0.0.1\", 0)); hang.listen(8)
with open(sys.argv[1] + \".tmp\", \"w\") as f:
    f.write(\"%d %d\\n\" % (down.getsockname()[1], hang.getsockname()[1]))
import os; os.rename(sys.argv[1] + \".tmp\", sys.argv[1])
conns = []
while True:
    c, _ = hang.accept(); conns.append(c)
" "$TRASH/ports" &
	ss_register_pid $! &&
	ss_wait_for 10 test -s "$TRASH/ports" &&
	read DOWN_PORT HANG_PORT <"$TRASH/ports" &&
	test -n "$DOWN_PORT" && test -n "$HANG_PORT"
'

test_expect_success 'alias file: TCP, socket, db.url, and broken ones' '
	cat >"$A/x.site.yml" <<-EOF
	my:
	  root: /var/www/shop
	  uri: https://shop.example
	  role: development
	  paths:
	    files: sites/default/files
	  db:
	    driver: mysql
	    host: 127.0.0.1
	    port: $MY_my_PORT
	    name: shop
	    user: shop
	    password-env: SHOP_MY_PW
	mysock:
	  db:
	    driver: mysql
	    socket: $MY_my_SOCK
	    name: shop
	    user: shop
	    password-file: $TRASH/my.pw
	myurl:
	  db:
	    url: mysql://shop@127.0.0.1:$MY_my_PORT/shop
	    password-env: SHOP_MY_PW
	mylocalhost:
	  db:
	    driver: mysql
	    host: localhost
	    port: $MY_my_PORT
	    name: shop
	    user: shop
	    password-env: SHOP_MY_PW
	mybadpw:
	  db:
	    driver: mysql
	    host: 127.0.0.1
	    port: $MY_my_PORT
	    name: shop
	    user: shop
	    password-env: SHOP_BAD_PW
	mynodb:
	  db:
	    driver: mysql
	    host: 127.0.0.1
	    port: $MY_my_PORT
	    name: nosuchdb
	    user: shop
	    password-env: SHOP_MY_PW
	mydown:
	  db:
	    driver: mysql
	    host: 127.0.0.1
	    port: $DOWN_PORT
	    name: shop
	    user: shop
	    password-env: SHOP_MY_PW
	pg:
	  role: staging
	  db:
	    driver: pgsql
	    host: 127.0.0.1
	    port: $PG_pg_PORT
	    name: shop
	    user: shop
	    password-file: $TRASH/pg.pw
	pgsock:
	  db:
	    driver: pgsql
	    socket: $PG_pg_SOCKDIR
	    port: $PG_pg_PORT
	    name: shop
	    user: shop
	pgurl:
	  db:
	    url: pgsql://shop@127.0.0.1:$PG_pg_PORT/shop
	    password-file: $TRASH/pg.pw
	pgbadpw:
	  db:
	    driver: pgsql
	    host: 127.0.0.1
	    port: $PG_pg_PORT
	    name: shop
	    user: shop
	    password-env: SHOP_BAD_PW
	pgnodb:
	  db:
	    driver: pgsql
	    host: 127.0.0.1
	    port: $PG_pg_PORT
	    name: nosuchdb
	    user: shop
	    password-file: $TRASH/pg.pw
	myhang:
	  db:
	    driver: mysql
	    host: 127.0.0.1
	    port: $HANG_PORT
	    name: shop
	    user: shop
	    password-env: SHOP_MY_PW
	pghang:
	  db:
	    driver: pgsql
	    host: 127.0.0.1
	    port: $HANG_PORT
	    name: shop
	    user: shop
	    password-file: $TRASH/pg.pw
	pgdown:
	  db:
	    driver: pgsql
	    host: 127.0.0.1
	    port: $DOWN_PORT
	    name: shop
	    user: shop
	    password-file: $TRASH/pg.pw
	pginject:
	  db:
	    driver: pgsql
	    host: 127.0.0.1
	    port: $PG_pg_PORT
	    name: dbname=postgres user=postgres
	    user: shop
	    password-file: $TRASH/pg.pw
	mynopw:
	  db:
	    driver: mysql
	    host: 127.0.0.1
	    port: $MY_my_PORT
	    name: shop
	    user: shop
	    password-env: SHOP_UNSET_PW
	pgopenpw:
	  db:
	    driver: pgsql
	    host: 127.0.0.1
	    port: $PG_pg_PORT
	    name: shop
	    user: shop
	    password-file: $TRASH/pg-open.pw
	nodb:
	  root: /srv/static
	EOF
	MY_VERSION=$(my_sql my "SELECT VERSION()") &&
	PG_VERSION="PostgreSQL $(pg_sql pg postgres "SHOW server_version" | cut -d" " -f1)" &&
	test -n "$MY_VERSION" && test -n "$PG_VERSION"
'

test_expect_success 'mysql over TCP with password-env: the real server version' '
	st my status @x.my &&
	test_grep "^alias: *@x.my$" "$OUT/my.out" &&
	test_grep "^file: *$A/x.site.yml:1$" "$OUT/my.out" &&
	test_grep "^role: *development$" "$OUT/my.out" &&
	test_grep "^host: *this machine$" "$OUT/my.out" &&
	test_grep "^root: */var/www/shop$" "$OUT/my.out" &&
	test_grep "^uri: *https://shop.example$" "$OUT/my.out" &&
	test_grep "^path: *files = sites/default/files$" "$OUT/my.out" &&
	test_grep "^driver: *mysql$" "$OUT/my.out" &&
	test_grep "^server: *127.0.0.1:$MY_my_PORT$" "$OUT/my.out" &&
	test_grep "^dbname: *shop$" "$OUT/my.out" &&
	test_grep "^dbuser: *shop$" "$OUT/my.out" &&
	test_grep "^password: *from environment variable .SHOP_MY_PW.$" "$OUT/my.out" &&
	test_grep -F "database: answers, $MY_VERSION" "$OUT/my.out" &&
	test_line_count = 0 "$OUT/my.err"
'

test_expect_success 'mysql over its socket with password-file' '
	st mysock status @x.mysock &&
	test_grep "^server: *socket $MY_my_SOCK$" "$OUT/mysock.out" &&
	test_grep "^password: *from file .$TRASH/my.pw.$" "$OUT/mysock.out" &&
	test_grep "^role: .*(inferred)$" "$OUT/mysock.out" &&
	test_grep -F "database: answers, $MY_VERSION" "$OUT/mysock.out"
'

test_expect_success 'mysql from db.url' '
	st myurl status @x.myurl &&
	test_grep "^url: *mysql://shop@127.0.0.1:$MY_my_PORT/shop$" "$OUT/myurl.out" &&
	test_grep "^server: *127.0.0.1:$MY_my_PORT$" "$OUT/myurl.out" &&
	test_grep -F "database: answers, $MY_VERSION" "$OUT/myurl.out"
'

test_expect_success 'mysql on localhost with a port is TCP (a published container port)' '
	st mylocalhost status @x.mylocalhost &&
	test_grep "^server: *localhost:$MY_my_PORT$" "$OUT/mylocalhost.out" &&
	test_grep -F "database: answers, $MY_VERSION" "$OUT/mylocalhost.out"
'

test_expect_success 'postgres over TCP with password-file (scram)' '
	st pg status @x.pg &&
	test_grep "^role: *staging$" "$OUT/pg.out" &&
	test_grep "^driver: *pgsql$" "$OUT/pg.out" &&
	test_grep "^server: *127.0.0.1:$PG_pg_PORT$" "$OUT/pg.out" &&
	test_grep -F "database: answers, $PG_VERSION" "$OUT/pg.out"
'

test_expect_success 'postgres over its socket directory' '
	st pgsock status @x.pgsock &&
	test_grep "^server: *socket $PG_pg_SOCKDIR/.s.PGSQL.$PG_pg_PORT$" "$OUT/pgsock.out" &&
	test_grep "^password: *none$" "$OUT/pgsock.out" &&
	test_grep -F "database: answers, $PG_VERSION" "$OUT/pgsock.out"
'

test_expect_success 'postgres from db.url' '
	st pgurl status @x.pgurl &&
	test_grep -F "database: answers, $PG_VERSION" "$OUT/pgurl.out"
'

test_expect_success '--format=json is one valid object with the version' '
	st myjson --format=json status @x.my &&
	python3 -m json.tool "$OUT/myjson.out" >/dev/null &&
	python3 - "$OUT/myjson.out" "$MY_VERSION" "$MY_my_PORT" <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["alias"] == "@x.my", d
	assert d["line"] == 1 and d["file"].endswith("/x.site.yml"), d
	assert d["role"] == "development" and d["role_explicit"] is True, d
	assert d["remote"] is False and d["host"] is None, d
	assert d["paths"] == {"files": "sites/default/files"}, d
	assert d["db"]["driver"] == "mysql" and d["db"]["port"] == int(sys.argv[3]), d
	assert d["db"]["endpoint"] == "127.0.0.1:" + sys.argv[3], d
	assert d["db"]["password_from"] == "env", d
	assert d["db"]["password_source"] == "SHOP_MY_PW", d
	assert d["database"] == {"answers": True, "version": sys.argv[2]}, d
	assert d["ok"] is True, d
	PY
'

test_expect_success 'status and sa --format=json give the alias'"'"'s fields the same names' '
	st myjson --format=json status @x.my &&
	st myjsonsa --format=json sa @x.my &&
	python3 - "$OUT/myjson.out" "$OUT/myjsonsa.out" <<-\PY
	import json, sys
	st = json.load(open(sys.argv[1]))
	sa = json.load(open(sys.argv[2]))["@x.my"]
	for k in ("file", "line", "role", "role_explicit", "remote", "host", "user", "root", "uri", "paths"):
	    assert st[k] == sa[k], (k, st[k], sa[k])
	for k in ("driver", "host", "port", "socket", "name", "user", "url"):
	    assert st["db"][k] == sa["db"][k], (k, st["db"], sa["db"])
	def keys(d):
	    for k, v in d.items():
	        yield k
	        if isinstance(v, dict) and k not in ("paths", "env-vars", "hooks"):
	            yield from keys(v)
	# drush'"'"'s own keys keep their dashes; sitesync'"'"'s are snake_case
	for k in list(keys(st)) + list(keys(sa)):
	    assert "-" not in k or k in ("env-vars", "password-env", "password-file"), k
	PY
'

test_expect_success '--format=json for postgres' '
	st pgjson --format=json status @x.pg &&
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"database\"][\"version\"] == sys.argv[2], d" \
		"$OUT/pgjson.out" "$PG_VERSION"
'

test_expect_success 'mysql, wrong password: exit 1, one line naming alias, host and db' '
	test_must_fail --status=1 st mybadpw status @x.mybadpw &&
	test_line_count = 1 "$OUT/mybadpw.err" &&
	test_grep "^sitesync: error: cannot connect to .@x.mybadpw. database .shop. at 127.0.0.1:$MY_my_PORT: Access denied for user .shop.@.127.0.0.1." "$OUT/mybadpw.err" &&
	test_grep "^database: *does not answer: cannot connect to .@x.mybadpw." "$OUT/mybadpw.out" &&
	test_grep "^dbname: *shop$" "$OUT/mybadpw.out"
'

test_expect_success 'postgres, wrong password: exit 1, one line' '
	test_must_fail --status=1 st pgbadpw status @x.pgbadpw &&
	test_line_count = 1 "$OUT/pgbadpw.err" &&
	test_grep "^sitesync: error: cannot connect to .@x.pgbadpw. database .shop. at 127.0.0.1:$PG_pg_PORT: password authentication failed for user \"shop\"$" "$OUT/pgbadpw.err"
'

test_expect_success 'wrong password as JSON: the object says why, exit 1' '
	test_must_fail --status=1 st mybadjson --format=json status @x.mybadpw &&
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"ok\"] is False and d[\"database\"][\"answers\"] is False and \"Access denied\" in d[\"database\"][\"error\"], d" \
		"$OUT/mybadjson.out"
'

test_expect_success 'unknown database: exit 1 naming it' '
	test_must_fail --status=1 st mynodb status @x.mynodb &&
	test_grep "cannot connect to .@x.mynodb. database .nosuchdb. at 127.0.0.1:$MY_my_PORT: .*nosuchdb" "$OUT/mynodb.err" &&
	test_must_fail --status=1 st pgnodb status @x.pgnodb &&
	test_grep "cannot connect to .@x.pgnodb. database .nosuchdb. at 127.0.0.1:$PG_pg_PORT: database \"nosuchdb\" does not exist$" "$OUT/pgnodb.err"
'

test_expect_success 'unknown database, report and error on one stream: each ends its line' '
	for a in mynodb pgnodb; do
		test_must_fail --status=1 sitesync --alias-path="$A" status @x.$a >"$OUT/$a.both" 2>&1 &&
		test_grep "^database: does not answer: .*nosuchdb.*[^:]$" "$OUT/$a.both" &&
		test_grep "^sitesync: error: cannot connect to .@x.$a." "$OUT/$a.both" &&
		test "$(grep -c "sitesync: error:" "$OUT/$a.both")" = 1 &&
		! grep "[^ ]sitesync: error:" "$OUT/$a.both" || return 1
	done
'

test_expect_success 'a postgres db name is a name, never connection options' '
	test_must_fail --status=1 st pginject status @x.pginject &&
	test_grep "database \"dbname=postgres user=postgres\" does not exist$" "$OUT/pginject.err"
'

test_expect_success 'password-env not set: exit 1 naming alias and variable' '
	test_must_fail --status=1 st mynopw status @x.mynopw &&
	test_line_count = 1 "$OUT/mynopw.err" &&
	test_grep "^sitesync: error: alias .@x.mynopw.: password-env .SHOP_UNSET_PW. is not set$" "$OUT/mynopw.err"
'

test_expect_success 'a password file others can read: warning, still connects' '
	cp "$TRASH/pg.pw" "$TRASH/pg-open.pw" &&
	chmod 644 "$TRASH/pg-open.pw" &&
	st pgopenpw status @x.pgopenpw &&
	test_grep "^sitesync: warning: .*pg-open.pw.* readable by others" "$OUT/pgopenpw.err" &&
	test_grep -F "database: answers, $PG_VERSION" "$OUT/pgopenpw.out"
'

test_expect_success 'nothing listening: exit 1 at once, naming the port' '
	SECONDS=0 &&
	test_must_fail --status=1 st mydown status --timeout=3 @x.mydown &&
	test_must_fail --status=1 st pgdown status --timeout=3 @x.pgdown &&
	test $SECONDS -le $(test_timeout 6) &&
	test_grep "cannot connect to .@x.mydown. database .shop. at 127.0.0.1:$DOWN_PORT: Can.t connect to server on .127.0.0.1.$" "$OUT/mydown.err" &&
	test_grep "cannot connect to .@x.pgdown. database .shop. at 127.0.0.1:$DOWN_PORT: .*refused" "$OUT/pgdown.err"
'

test_expect_success 'a server that never answers: error within --timeout' '
	SECONDS=0 &&
	test_must_fail --status=1 st myhang status --timeout=2 @x.myhang &&
	my_secs=$SECONDS && SECONDS=0 &&
	test_must_fail --status=1 st pghang status --timeout=2 @x.pghang &&
	pg_secs=$SECONDS &&
	echo "mysql gave up after ${my_secs}s, postgres after ${pg_secs}s" &&
	test $my_secs -ge 1 && test $my_secs -le $(test_timeout 5) &&
	test $pg_secs -ge 1 && test $pg_secs -le $(test_timeout 5) &&
	test_grep "cannot connect to .@x.myhang. database .shop. at 127.0.0.1:$HANG_PORT: " "$OUT/myhang.err" &&
	test_grep "cannot connect to .@x.pghang. .*timeout expired" "$OUT/pghang.err"
'

# connected_to PID PORT: PID has a TCP connection to 127.0.0.1:PORT
connected_to() {
	ss -Htnp state established "( dport = :$2 )" 2>/dev/null | grep -q "pid=$1,"
}

test_expect_success 'while it connects, the password is in no command line and no child; SIGTERM ends it' '
	"$SITESYNC_BIN" --alias-path="$A" status --timeout=600 @x.myhang >/dev/null 2>"$OUT/connecting.err" &
	pid=$! rc=0 &&
	test_wait_for 30 "sitesync connected to the silent server" connected_to $pid $HANG_PORT &&
	tr "\0" " " </proc/$pid/cmdline >"$OUT/cmdline" &&
	ps -ww -eo args >"$OUT/ps" &&
	test_grep "status --timeout=600 @x.myhang" "$OUT/cmdline" &&
	! pgrep -P $pid &&
	kill -TERM $pid &&
	{ wait $pid || rc=$?; } &&
	test $rc = 1 &&
	test_grep "^sitesync: error: interrupted$" "$OUT/connecting.err"
'

test_expect_success 'no alias given: status of default (self.site.yml)' '
	mkdir -p "$TRASH/self" &&
	cat >"$TRASH/self/self.site.yml" <<-EOF &&
	default:
	  root: $TRASH
	  db:
	    driver: pgsql
	    socket: $PG_pg_SOCKDIR
	    port: $PG_pg_PORT
	    name: shop
	    user: shop
	EOF
	sitesync --alias-path="$TRASH/self" status >"$OUT/default.out" 2>"$OUT/default.err" &&
	test_grep "^alias: *default$" "$OUT/default.out" &&
	test_grep "^role: *local" "$OUT/default.out" &&
	test_grep -F "database: answers, $PG_VERSION" "$OUT/default.out"
'

test_expect_success 'an alias with no db: says so and exits 0' '
	st nodb status @x.nodb &&
	test_grep "^database: none (no db in $A/x.site.yml:[0-9]*)$" "$OUT/nodb.out" &&
	test_grep "^root: */srv/static$" "$OUT/nodb.out" &&
	st nodbjson --format=json status @x.nodb &&
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"db\"] is None and d[\"database\"] is None and d[\"ok\"] is True, d" \
		"$OUT/nodbjson.out"
'

test_expect_success 'debug output does not show the password either' '
	st mydebug -d -v status @x.my &&
	st pgdebug -d -v status @x.pg &&
	test_grep "connecting to .@x.my. at 127.0.0.1:$MY_my_PORT as .shop. with a password" "$OUT/mydebug.err"
'

test_expect_success 'bad arguments: usage errors' '
	test_must_fail --status=2 st twoargs status @x.my @x.pg &&
	test_grep "status takes at most one alias" "$OUT/twoargs.err" &&
	test_must_fail --status=2 st badtimeout status --timeout=-1 @x.my &&
	test_grep "timeout must be between 1 and 3600 seconds, not -1" "$OUT/badtimeout.err" &&
	test_must_fail --status=2 st zerotimeout status --timeout=0 @x.my &&
	test_must_fail --status=2 st bigtimeout status --timeout=3601 @x.my &&
	test_must_fail --status=2 st texttimeout status --timeout=soon @x.my
'

test_expect_success 'unknown alias: error, no report' '
	test_must_fail st unknown status @x.nosuch &&
	test_line_count = 0 "$OUT/unknown.out" &&
	test_grep "nosuch" "$OUT/unknown.err"
'

test_expect_success 'no password ever appears in any output' '
	test $(ls "$OUT" | wc -l) -gt 40 &&
	! grep -rF -e "$MY_PW" -e "$PG_PW" -e "$BAD_PW" "$OUT"
'

test_done

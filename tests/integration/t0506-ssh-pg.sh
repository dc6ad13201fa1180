#!/bin/bash
# PostgreSQL remote aliases through SSH tunnels: a "remote host" in a network
# namespace of its own runs sshd and PostgreSQL, whose TCP port this machine
# cannot reach.  status, schema-diff (remote to remote, remote to local,
# --apply onto a remote) and sql-drop through direct-tcpip (db.host:db.port)
# and direct-streamlocal (the socket directory).
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "sshd is not installed"
[ -x "$(ss_pg_bindir)/postgres" ] || test_skip_all "postgres is not installed"
command -v socat >/dev/null || test_skip_all "socat is not installed"
unshare -n true 2>/dev/null || test_skip_all "cannot make a network namespace (unshare -n)"

. "$abs_top_srcdir/tests/lib/remote.sh"

A="$TRASH/site/drush/sites"
export SHOP_PG_PW='Far"pg pw;5'
site() { sitesync --alias-path="$A" "$@"; }
# psql_far DB SQL: as postgres over the remote server's socket (a file, so
# the test can use it; the aliases do not)
psql_far() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_far_SOCKDIR" -p "$PG_far_PORT" -U postgres -At \
		-d "$1" -c "$2"
}
relations() {
	psql_far "$1" "SELECT n.nspname || '.' || c.relname FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') ORDER BY 1"
}

test_expect_success 'a remote host in a netns: sshd and PostgreSQL; aliases' '
	netns_start far &&
	netns_start_sshd far &&
	netns_start_postgres far &&
	psql_far postgres "CREATE ROLE shop LOGIN PASSWORD $(printf "'\''%s'\''" "$SHOP_PG_PW")" &&
	for db in prod stage dev; do psql_far postgres "CREATE DATABASE $db OWNER shop" || return 1; done &&
	mkdir -p "$A" &&
	chmod 700 "$A" &&
	ssh_host_config far farhost &&
	cat >"$A/self.site.yml" <<-YML
	prod:
	  host: farhost
	  role: production
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_far_PORT, name: prod, user: shop, password-env: SHOP_PG_PW }
	stage:
	  host: farhost
	  role: staging
	  db: { driver: pgsql, socket: $PG_far_SOCKDIR, port: $PG_far_PORT, name: stage, user: shop }
	default:
	  role: development
	  db: { driver: pgsql, socket: $PG_far_SOCKDIR, port: $PG_far_PORT, name: dev, user: shop }
	YML
'

test_expect_success 'the remote PostgreSQL cannot be reached by TCP from here' '
	test_must_fail env PGPASSWORD="$SHOP_PG_PW" psql -X -h 127.0.0.1 -p "$PG_far_PORT" -U shop \
		-d prod -c "SELECT 1" 2>err &&
	test_grep -i "connection refused\|could not connect" err &&
	netns_exec far env PGPASSWORD="$SHOP_PG_PW" psql -X -At -h 127.0.0.1 -p "$PG_far_PORT" \
		-U shop -d prod -c "SELECT 1"
'

test_expect_success 'fixtures: prod ahead of stage and dev' '
	for db in prod stage dev; do
		PGPASSWORD= psql -X -q -h "$PG_far_SOCKDIR" -p "$PG_far_PORT" -U shop -d $db \
			-c "CREATE TABLE items (id int PRIMARY KEY, price integer); INSERT INTO items VALUES (1, 2)" || return 1
	done &&
	PGPASSWORD= psql -X -q -h "$PG_far_SOCKDIR" -p "$PG_far_PORT" -U shop -d prod \
		-c "ALTER TABLE items ADD COLUMN name text; CREATE INDEX items_name ON items (name);
		    CREATE VIEW cheap AS SELECT id FROM items WHERE price < 10;
		    CREATE SCHEMA extra; CREATE TABLE extra.log (at timestamptz DEFAULT now())"
'

test_expect_success 'status @prod: ssh and PostgreSQL through direct-tcpip' '
	site status @prod >out 2>&1 &&
	test_grep "^ssh: *answers, SSH-2.0-OpenSSH.*, publickey.* as $(id -un)@127.0.0.1:$SSH_far_PORT$" out &&
	test_grep "^server: *127.0.0.1:$PG_far_PORT via ssh .farhost.$" out &&
	test_grep -F "database: answers, PostgreSQL $(psql_far postgres "SHOW server_version" | cut -d" " -f1)" out
'

test_expect_success 'status @stage: PostgreSQL through direct-streamlocal' '
	site status @stage >out 2>&1 &&
	test_grep "^server: *socket $PG_far_SOCKDIR/.s.PGSQL.$PG_far_PORT via ssh .farhost.$" out &&
	test_grep -F "database: answers, PostgreSQL" out
'

test_expect_success 'schema-diff @prod @stage: both ends remote' '
	site schema-diff @prod @stage --dry-run >out &&
	test_grep "^-- source: @prod" out &&
	test_grep "^-- target: @stage" out &&
	test_grep "ADD COLUMN \"name\" text" out &&
	test_grep "CREATE SCHEMA \"extra\"" out
'

test_expect_success 'schema-diff @prod default: remote against local' '
	site schema-diff @prod default --dry-run >out &&
	test_grep "ADD COLUMN \"name\" text" out
'

test_expect_success 'schema-diff --apply onto a remote target through the tunnel' '
	site schema-diff @prod @stage --apply -y >out 2>err &&
	test_grep "the target now matches the source" out &&
	site schema-diff @prod @stage --dry-run --exit-code >/dev/null &&
	relations prod >expect &&
	relations stage >actual &&
	test_cmp expect actual
'

test_expect_success 'schema-diff --apply onto a production remote is refused (exit 3)' '
	test_must_fail --status=3 site schema-diff default @prod --apply -y 2>err &&
	test_grep -i "production" err
'

test_expect_success 'sql-drop @stage through the tunnel' '
	test -n "$(relations stage)" &&
	site sql-drop @stage -y >out 2>&1 &&
	test -z "$(relations stage)"
'

test_expect_success 'sql-drop of the production remote is refused (exit 3)' '
	relations prod >before &&
	test_must_fail --status=3 site sql-drop @prod -y 2>err &&
	relations prod >after &&
	test_cmp before after
'

test_expect_success 'a wrong database password through the tunnel: one clear line, exit 1' '
	SHOP_PG_PW=wrong test_must_fail --status=1 site schema-diff @prod default --dry-run 2>err &&
	test_grep "password authentication failed" err &&
	test_line_count = 1 err
'

test_done

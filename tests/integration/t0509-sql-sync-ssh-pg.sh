#!/bin/bash
# PostgreSQL sql-sync with remote aliases: the remote PostgreSQL lives in a
# network namespace of its own, reachable only through its sshd (TCP for
# @prod over direct-tcpip, the socket directory for @dev over
# direct-streamlocal); the local one is `default`.  From, to, remote to
# remote, and SIGINT mid-copy through the tunnel.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "sshd is not installed"
[ -x "$(ss_pg_bindir)/postgres" ] || test_skip_all "postgres is not installed"
command -v socat >/dev/null || test_skip_all "socat is not installed"
unshare -n true 2>/dev/null || test_skip_all "cannot make a network namespace (unshare -n)"

. "$abs_top_srcdir/tests/lib/remote.sh"

A="$TRASH/site/drush/sites"
export FAR_PW='Far"pg pw;9' LOCAL_PW=local-pg-pw
site() { sitesync --alias-path="$A" "$@"; }
# psql_at SERVER DB SQL: as postgres over the server's socket
psql_at() {
	local dir port
	eval "dir=\$PG_$1_SOCKDIR port=\$PG_$1_PORT"
	psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -At -d "$2" -c "$3"
}
# checksums SERVER DB: one line per table of schema shop: name, rows, md5 of the rows
checksums() {
	local t
	for t in $(psql_at "$1" "$2" "SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'shop' AND table_type = 'BASE TABLE' ORDER BY 1"); do
		psql_at "$1" "$2" "SELECT '$t', count(*), md5(coalesce(string_agg(x::text, '' ORDER BY x::text), ''))
			FROM shop.\"$t\" x" || return 1
	done
}
relations() {
	psql_at "$1" "$2" "SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'shop' ORDER BY 1"
}

test_expect_success 'a remote host in a netns (sshd, PostgreSQL), a local PostgreSQL, aliases' '
	netns_start far &&
	netns_start_sshd far &&
	netns_start_postgres far &&
	start_postgres local &&
	psql_at far postgres "CREATE ROLE shop LOGIN SUPERUSER PASSWORD $(printf "'\''%s'\''" "$FAR_PW")" &&
	psql_at local postgres "CREATE ROLE shop LOGIN SUPERUSER PASSWORD $(printf "'\''%s'\''" "$LOCAL_PW")" &&
	for db in prod dev; do psql_at far postgres "CREATE DATABASE $db OWNER shop" || return 1; done &&
	psql_at local postgres "CREATE DATABASE site OWNER shop" &&
	mkdir -p "$A" &&
	chmod 700 "$A" &&
	ssh_host_config far farhost &&
	cat >"$A/self.site.yml" <<-YML
	prod:
	  host: farhost
	  role: production
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_far_PORT, name: prod, user: shop, password-env: FAR_PW }
	dev:
	  host: farhost
	  role: development
	  db: { driver: pgsql, socket: $PG_far_SOCKDIR, port: $PG_far_PORT, name: dev, user: shop }
	default:
	  role: development
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_local_PORT, name: site, user: shop, password-env: LOCAL_PW }
	YML
'

test_expect_success 'the remote PostgreSQL cannot be reached by TCP from here' '
	test_must_fail env PGPASSWORD="$FAR_PW" psql -X -h 127.0.0.1 -p "$PG_far_PORT" -U shop \
		-d prod -c "SELECT 1" 2>err &&
	test_grep -i "connection refused\|could not connect" err
'

test_expect_success 'source data on the production host' '
	psql_at far prod "CREATE SCHEMA shop AUTHORIZATION shop;
		CREATE TABLE shop.customers (id int PRIMARY KEY, name text NOT NULL, note text);
		CREATE TABLE shop.orders (id bigserial PRIMARY KEY, customer int REFERENCES shop.customers (id),
			total numeric(12,2), at timestamptz, tags text[], data jsonb);
		CREATE INDEX orders_at ON shop.orders (at);
		INSERT INTO shop.customers SELECT g, '\''customer '\'' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE repeat(chr(65 + g % 26), g % 50) END
			FROM generate_series(1, 2000) g;
		INSERT INTO shop.orders (customer, total, at, tags, data)
			SELECT 1 + g % 2000, g * 1.25, '\''2024-01-01'\''::timestamptz + g * interval '\''1 minute'\'',
				ARRAY['\''a'\'', '\''b\tc'\''], jsonb_build_object('\''n'\'', g, '\''s'\'', E'\''line\nbreak'\'')
			FROM generate_series(1, 50000) g;
		CREATE VIEW shop.big_spenders AS SELECT customer, sum(total) FROM shop.orders GROUP BY customer;
		ALTER SCHEMA shop OWNER TO shop; ALTER TABLE shop.customers OWNER TO shop;
		ALTER TABLE shop.orders OWNER TO shop; ALTER VIEW shop.big_spenders OWNER TO shop"
'

test_expect_success 'sql-sync @prod default: from a remote over direct-tcpip' '
	site sql-sync @prod default -y >out 2>&1 &&
	checksums far prod >expect &&
	checksums local site >actual &&
	test_cmp expect actual &&
	relations far prod >expect &&
	relations local site >actual &&
	test_cmp expect actual
'

test_expect_success 'sql-sync default @dev: to a remote over direct-streamlocal' '
	psql_at local site "INSERT INTO shop.customers VALUES (99999, '\''local only'\'', NULL)" &&
	site sql-sync default @dev -y >out 2>&1 &&
	checksums local site >expect &&
	checksums far dev >actual &&
	test_cmp expect actual &&
	test "$(psql_at far dev "SELECT name FROM shop.customers WHERE id = 99999")" = "local only"
'

test_expect_success 'remote to remote: sql-sync @prod @dev through this machine' '
	site sql-sync @prod @dev -y >out 2>&1 &&
	checksums far prod >expect &&
	checksums far dev >actual &&
	test_cmp expect actual
'

# stopped at the debug stop point "copy" (rows came, no swap yet) and
# interrupted there: no need for a copy long enough to be caught by the clock
test_expect_success 'SIGINT during a copy through the tunnel leaves the target as it was' '
	psql_at far prod "INSERT INTO shop.orders (customer, total, at, tags, data)
		SELECT 1 + g % 2000, g, now(), ARRAY[repeat('\''x'\'', 200)], '\''{}'\''
		FROM generate_series(1, 100000) g" &&
	psql_at far dev "INSERT INTO shop.customers VALUES (88888, '\''dev marker'\'', NULL)" &&
	checksums far dev >before &&
	relations far dev >rel_before &&
	test_stop_at copy "$SITESYNC_BIN" --alias-path="$A" sql-sync @prod @dev -y --jobs 2 &&
	kill -INT $pid && kill -CONT $pid &&
	test_must_fail --status=1 wait $pid &&
	test_grep "is unchanged: interrupted$" stop.err &&
	checksums far dev >after &&
	test_cmp before after &&
	relations far dev >rel_after &&
	test_cmp rel_before rel_after
'

test_done

#!/bin/bash
# Database connections: identifiers and values quoted by ss_conn_quote_*
# survive a round trip through real MariaDB and PostgreSQL servers, in every
# escaping mode; exec errors are one line and leave the connection usable.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd is not installed"
[ -x "$(ss_pg_bindir)/postgres" ] || test_skip_all "postgres is not installed"

ROUNDTRIP="$abs_top_builddir/tests/unit/test_db_roundtrip"
export RT_PW='rt-Pw;1 $x'

test_expect_success 'servers with a database and a user each' '
	start_mariadb my &&
	start_postgres pg &&
	my_sql my "CREATE DATABASE rt; CREATE USER '\''rt'\''@'\''127.0.0.1'\'' IDENTIFIED BY '\''$RT_PW'\''; GRANT ALL ON rt.* TO '\''rt'\''@'\''127.0.0.1'\''" &&
	pg_sql pg postgres "CREATE ROLE rt LOGIN PASSWORD '\''$RT_PW'\''" &&
	pg_sql pg postgres "CREATE DATABASE rt OWNER rt"
'

test_expect_success 'mysql over TCP: every identifier and value comes back' '
	"$ROUNDTRIP" mysql 127.0.0.1 "$MY_my_PORT" "" rt rt RT_PW >out &&
	cat out &&
	! grep "^not ok" out &&
	test_grep "^1\.\.[0-9]" out
'

test_expect_success 'postgres over TCP (scram): every identifier and value comes back' '
	"$ROUNDTRIP" pgsql 127.0.0.1 "$PG_pg_PORT" "" rt rt RT_PW >out &&
	cat out &&
	! grep "^not ok" out &&
	test_grep "^1\.\.[0-9]" out
'

test_expect_success 'postgres over its socket directory' '
	"$ROUNDTRIP" pgsql "" "$PG_pg_PORT" "$PG_pg_SOCKDIR" rt rt "" >out &&
	! grep "^not ok" out
'

test_done

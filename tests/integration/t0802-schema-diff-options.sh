#!/bin/bash
# schema-diff: connection options, env files, errors, outputs, preservation,
# remapping, --exit-code, --format=json and --apply.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

test_expect_success 'start postgres with a source and a target database' '
	start_postgres pg &&
	pg_sql pg postgres "ALTER USER postgres PASSWORD '\''pw'\''" &&
	pg_sql pg postgres "CREATE DATABASE s" &&
	pg_sql pg postgres "CREATE DATABASE t"
'

psql_db() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -At -d "$@"
}

conn="--source-host 127.0.0.1 --source-port $PG_pg_PORT --source-database s --source-username postgres --source-password pw --target-host 127.0.0.1 --target-port $PG_pg_PORT --target-database t --target-username postgres --target-password pw"
sd() { sitesync schema-diff $conn "$@"; }

# what the target holds: relations, columns and functions, in order
snapshot() {
	psql_db t -c "SELECT c.relname || ' ' || c.relkind::text || ' ' || coalesce(string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum), '')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		WHERE n.nspname = 'public' GROUP BY c.relname, c.relkind ORDER BY 1" &&
	psql_db t -c "SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1"
}

test_expect_success 'fixtures' '
	psql_db s -c "CREATE TABLE keep (id int PRIMARY KEY, name varchar(50), added text);
		CREATE TABLE fresh (id int)" &&
	psql_db t -c "CREATE TABLE keep (id int PRIMARY KEY, name varchar(20), legacy int NOT NULL DEFAULT 0);
		INSERT INTO keep VALUES (1, '\''a'\'', 7);
		CREATE TABLE old_stuff (id int, v text); INSERT INTO old_stuff VALUES (1, '\''x'\'');
		CREATE FUNCTION old_fn(a int) RETURNS int LANGUAGE sql AS '\''SELECT a'\''"
'

test_expect_success 'missing source credentials: usage error naming them' '
	test_must_fail --status=2 sitesync schema-diff --target-database t --target-username postgres 2>err &&
	test_grep "error: Source database credentials are required" err
'

test_expect_success 'missing target credentials' '
	test_must_fail --status=2 sitesync schema-diff --source-database s --source-username postgres 2>err &&
	test_grep "error: Target database credentials are required" err
'

test_expect_success 'refused connection names host:port' '
	port=$(ss_free_port) &&
	test_must_fail --status=1 sd --source-port $port 2>err &&
	test_grep "connecting to source 127.0.0.1:$port failed: connection refused" err
'

test_expect_success 'a missing schema is named' '
	test_must_fail --status=1 sd --source-schema nope 2>err &&
	test_grep "failed: schema \"nope\" does not exist" err
'

test_expect_success 'a wrong password is reported in one line' '
	test_must_fail --status=1 sd --target-password wrong 2>err &&
	test_grep "connecting to target 127.0.0.1:$PG_pg_PORT failed: password authentication failed" err &&
	test_line_count = 1 err
'

test_expect_success '--dry-run prints the script, writes nothing, changes nothing' '
	snapshot >before &&
	sd --dry-run >out &&
	test_grep "^-- ==== TABLE ====" out &&
	test_grep "CREATE TABLE \"public\".\"fresh\"" out &&
	test_grep "^-- source: 127.0.0.1:$PG_pg_PORT/s" out &&
	test_grep "^-- generated: " out &&
	test_grep "^-- end of schema-diff" out &&
	! test -e alter.sql && ! test -e alter.cleanup.sql &&
	snapshot >after &&
	test_cmp before after
'

test_expect_success 'default outputs alter.sql and alter.cleanup.sql' '
	sd >out &&
	test_grep "written to alter.sql" out &&
	test_grep "ALTER TABLE \"public\".\"old_stuff\" RENAME TO \"old_stuff_dropped_[0-9]\{8\}T[0-9]\{6\}Z\"" alter.sql &&
	test_grep "RENAME COLUMN \"legacy\" TO \"legacy_dropped_" alter.sql &&
	test_grep "ALTER FUNCTION \"public\".\"old_fn\"(a integer) RENAME TO \"old_fn_dropped_" alter.sql &&
	test_line_count = 3 <(grep "^DROP\|DROP COLUMN" alter.cleanup.sql) &&
	! grep "^DROP" alter.sql
'

test_expect_success '--exit-code: 1 while the schemas differ' '
	test_must_fail --status=1 sd --dry-run --exit-code >/dev/null 2>err &&
	test_grep "the schemas differ" err
'

test_expect_success '--format=json lists the changes' '
	sd --dry-run --format=json >out.json &&
	python3 -c "import json,sys; d=json.load(open(\"out.json\")); \
		assert d[\"differences\"] == len(d[\"changes\"]) > 0; \
		c = [x for x in d[\"changes\"] if x[\"object\"] == \"public.fresh\"][0]; \
		assert (c[\"kind\"], c[\"action\"], c[\"lossy\"]) == (\"table\", \"create\", False), c"
'

test_expect_success 'the script applies; the data of preserved objects stays' '
	psql_db t -f alter.sql >/dev/null &&
	test "$(psql_db t -c "SELECT count(*) FROM pg_class WHERE relname LIKE '\''old_stuff_dropped_%'\''")" = 1 &&
	sd --dry-run --exit-code >/dev/null &&
	test "$(psql_db t -c "SELECT name FROM keep")" = a
'

test_expect_success 'the cleanup script drops exactly the renamed objects' '
	snapshot >before &&
	psql_db t -f alter.cleanup.sql >/dev/null &&
	snapshot >after &&
	diff before after | grep "^[<>]" >changed;
	test_line_count = 4 changed &&
	test_grep "^< old_stuff_dropped_.* r id:integer,v:text" changed &&
	test_grep "^< keep r .*legacy_dropped_" changed &&
	test_grep "^> keep r id:integer,name:character varying(50),added:text$" changed &&
	test_grep "^< \"old_fn_dropped_[0-9T]*Z\"(integer)$" changed
'

test_expect_success '--exit-code: 0 once they match' '
	sd --dry-run --exit-code >/dev/null
'

test_expect_success '--env FILE and a .env in the working directory; options win' '
	cat >my.env <<-ENV &&
	SOURCE_DB_HOST=127.0.0.1
	SOURCE_DB_PORT=$PG_pg_PORT
	SOURCE_DB_NAME=s
	SOURCE_DB_USER=postgres
	SOURCE_DB_PASSWORD="pw"
	export TARGET_DB_HOST=127.0.0.1
	TARGET_DB_PORT=$PG_pg_PORT
	TARGET_DB_NAME=nosuchdb
	TARGET_DB_USER=postgres
	TARGET_DB_PASSWORD=pw
	OUTPUT_FILE=from-env.sql
	ENV
	psql_db s -c "CREATE TABLE envtest (a int)" &&
	sitesync schema-diff --env my.env --target-database t >out &&
	test_grep "CREATE TABLE \"public\".\"envtest\"" from-env.sql &&
	mkdir envdir && cp my.env envdir/.env &&
	(cd envdir && sitesync schema-diff --target-database t --output x.sql) &&
	test_grep "envtest" envdir/x.sql &&
	(cd envdir && test_must_fail sitesync schema-diff 2>../err) &&
	test_grep "database \"nosuchdb\" does not exist" err
'

test_expect_success 'an env file that does not exist is an error' '
	test_must_fail sd --env missing.env 2>err &&
	test_grep "cannot read env file .missing.env." err
'

test_expect_success 'schema remapping: every reference names the target schema' '
	psql_db s -c "CREATE SCHEMA src; CREATE TABLE src.orders (id serial PRIMARY KEY, total int);
		CREATE VIEW src.big AS SELECT id FROM src.orders WHERE total > 10;
		CREATE FUNCTION src.n() RETURNS bigint LANGUAGE sql AS '\''SELECT count(*) FROM src.orders'\''" &&
	psql_db t -c "CREATE SCHEMA dst" &&
	sd --source-schema src --target-schema dst --output remap.sql &&
	! grep -v "^-- source:" remap.sql | grep "src" &&
	test_grep "nextval(.dst.orders_id_seq.::regclass)" remap.sql &&
	psql_db t -f remap.sql >/dev/null &&
	sd --source-schema src --target-schema dst --dry-run --exit-code >/dev/null &&
	test "$(psql_db t -c "SELECT count(*) FROM pg_class WHERE relname = '\''orders_id_seq'\'' AND relnamespace = '\''dst'\''::regnamespace")" = 1
'

test_expect_success '--drop drops at once, without a cleanup script' '
	psql_db t -c "CREATE TABLE dropme (a int); ALTER TABLE keep ADD COLUMN gone int" &&
	rm -f alter.cleanup.sql &&
	sd --drop --output drop.sql &&
	test_grep "^DROP TABLE \"public\".\"dropme\";" drop.sql &&
	test_grep "DROP COLUMN \"gone\";" drop.sql &&
	! test -e alter.cleanup.sql
'

test_expect_success 'lossy changes carry USING and a -- LOSSY: line' '
	psql_db t -c "DROP TABLE dropme; ALTER TABLE keep DROP COLUMN gone; ALTER TABLE keep ALTER COLUMN added TYPE text" &&
	psql_db s -c "ALTER TABLE keep ALTER COLUMN added TYPE varchar(5)" &&
	sd --output lossy.sql &&
	test_grep "^-- LOSSY: text to character varying(5) may lose data" lossy.sql &&
	test_grep "TYPE character varying(5) USING \"added\"::character varying(5);" lossy.sql
'

test_expect_success 'extra arguments are a usage error' '
	test_must_fail --status=2 sitesync schema-diff a b c 2>err &&
	test_grep "schema-diff takes two aliases" err
'

test_done

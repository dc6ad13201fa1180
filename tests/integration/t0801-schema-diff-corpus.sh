#!/bin/bash
# schema-diff over the fixture corpus (tests/schema-diff/*/{source,target}.sql):
# for every case, in both directions, build the two databases on one
# PostgreSQL, write the ALTER script, run it on the target, and the re-diff
# must be empty.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

corpus="$abs_top_srcdir/tests/schema-diff"

test_expect_success 'start postgres, databases s and t' '
	start_postgres pg &&
	pg_sql pg postgres "ALTER USER postgres PASSWORD '\''pw'\''" &&
	pg_sql pg postgres "CREATE DATABASE s" &&
	pg_sql pg postgres "CREATE DATABASE t"
'

sd() {
	sitesync schema-diff \
		--source-host 127.0.0.1 --source-port "$PG_pg_PORT" --source-database s \
		--source-username postgres --source-password pw \
		--target-host 127.0.0.1 --target-port "$PG_pg_PORT" --target-database t \
		--target-username postgres --target-password pw "$@"
}

# What a new database holds, made again in place: every schema but the
# system's goes, with what is in it, every extension but plpgsql, and
# public comes back as PostgreSQL 15 makes it.  (A DROP and CREATE DATABASE
# per case, copying template1 through the WAL, was most of this file's time.)
EMPTY="DO \$\$ DECLARE r record; BEGIN
	FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
		EXECUTE format('DROP EXTENSION %I CASCADE', r.extname);
	END LOOP;
	FOR r IN SELECT nspname FROM pg_namespace
		WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
		EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
	END LOOP;
END \$\$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';"

# build SOURCE_FILE TARGET_FILE: databases s and t, emptied, from the files
build() {
	pg_sql pg s "$EMPTY" &&
	pg_sql pg t "$EMPTY" &&
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -d s -f "$1" &&
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -d t -f "$2"
}

# roundtrip SOURCE_FILE TARGET_FILE: diff, apply the script, re-diff is empty
roundtrip() {
	build "$1" "$2" >build.log 2>&1 || { cat build.log; return 1; }
	sd -q --output alter.sql --cleanup-output cleanup.sql || return 1
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -d t \
		-f alter.sql >apply.log 2>&1 || { cat apply.log alter.sql; return 1; }
	sd -q --dry-run --exit-code >rediff.sql || { cat alter.sql rediff.sql; return 1; }
}

ncases=0
for dir in "$corpus"/*/; do
	name=$(basename "$dir")
	ncases=$((ncases + 1))
	test_expect_success "corpus $name" "roundtrip '$dir/source.sql' '$dir/target.sql'"
done

test_expect_success 'the corpus has at least 40 cases' '
	test $ncases -ge 40
'

test_expect_success 'corpus reversed: every case with source and target swapped' '
	failed= &&
	for dir in "$corpus"/*/; do
		roundtrip "$dir/target.sql" "$dir/source.sql" >case.log 2>&1 ||
			{ failed="$failed $(basename "$dir")"; cat case.log; }
	done &&
	test -z "$failed"
'

test_done

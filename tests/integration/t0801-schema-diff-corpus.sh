#!/bin/bash
# schema-diff over the fixture corpus (tests/schema-diff/*/{source,target}.sql,
# and an optional `args` file of extra schema-diff options): for every case,
# write the ALTER script, run it on the target (with psql -1, which it must
# accept without a warning), and the re-diff must be empty; then the other
# way round with --apply (which re-diffs itself).  Each fixture is loaded
# once into its own database on one PostgreSQL; the first run applies to a
# copy of the target's.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

corpus="$abs_top_srcdir/tests/schema-diff"

test_expect_success 'start postgres' '
	start_postgres pg &&
	pg_sql pg postgres "ALTER USER postgres PASSWORD '\''pw'\''"
'

psql_pg() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres "$@"
}

# sd SOURCE_DB TARGET_DB ARGS... ($yes: -y before the command)
sd() {
	local s=$1 t=$2
	shift 2
	sitesync ${yes:-} schema-diff \
		--source-host 127.0.0.1 --source-port "$PG_pg_PORT" --source-database "$s" \
		--source-username postgres --source-password pw \
		--target-host 127.0.0.1 --target-port "$PG_pg_PORT" --target-database "$t" \
		--target-username postgres --target-password pw "$@"
}

# roundtrip SOURCE_DB TARGET_DB ARGS...: diff, apply the script with psql -1, re-diff is empty
roundtrip() {
	local s=$1 t=$2
	shift 2
	sd "$s" "$t" -q --output alter.sql --cleanup-output cleanup.sql "$@" || return 1
	psql_pg -1 -d "$t" -f alter.sql >apply.log 2>&1 || { cat apply.log alter.sql; return 1; }
	# no warning (a publication without wal_level=logical is the server's own)
	if grep -E "WARNING|NOTICE" apply.log | grep -v "wal_level is insufficient"; then
		cat alter.sql
		return 1
	fi
	sd "$s" "$t" -q --dry-run --exit-code "$@" >rediff.sql || { cat alter.sql rediff.sql; return 1; }
}

ncases=0
cases=
for dir in "$corpus"/*/; do
	ncases=$((ncases + 1))
	cases="$cases $(basename "$dir")"
done

test_expect_success 'load every fixture once: cs_N (source), ct_N (target)' '
	i=0 &&
	for name in $cases; do
		i=$((i + 1)) &&
		psql_pg -d postgres -c "CREATE DATABASE cs_$i" -c "CREATE DATABASE ct_$i" &&
		psql_pg -d cs_$i -f "$corpus/$name/source.sql" >load.log 2>&1 &&
		psql_pg -d ct_$i -f "$corpus/$name/target.sql" >>load.log 2>&1 ||
			{ echo "loading $name failed"; cat load.log; return 1; }
	done
'

i=0
for name in $cases; do
	i=$((i + 1))
	args=
	test -f "$corpus/$name/args" && args=$(cat "$corpus/$name/args")
	test_expect_success "corpus $name, both ways" "
		psql_pg -d postgres -c 'CREATE DATABASE w_$i TEMPLATE ct_$i' &&
		roundtrip cs_$i w_$i $args &&
		yes=-y sd ct_$i cs_$i -q --output reverse.sql --cleanup-output reverse.cleanup.sql \
			--apply --allow-lossy $args
	"
done

test_expect_success 'the corpus has at least 90 cases' '
	test $ncases -ge 90
'

test_done

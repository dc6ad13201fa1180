#!/bin/bash
# The benchmark scripts' plumbing at a tiny size: tools/install-deps --bench
# adds the bench packages to the default list only when asked (GNU time is
# in the default list: these tests read peak RSS with it), and
# bench/sql-sync-pgsql generates its database, times every tool, checks each
# copy against the source (a tool that copies nothing is caught), and shows a
# failing tool as n/a while still timing the others.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

BENCH="$abs_top_srcdir/bench/sql-sync-pgsql"

test_expect_success 'install-deps lists the bench packages only with --bench' '
	"$abs_top_srcdir/tools/install-deps" --list >plain &&
	"$abs_top_srcdir/tools/install-deps" --bench --list >bench &&
	! grep -qx -e bc -e mydumper -e pgcopydb plain &&
	grep -qx mydumper bench && grep -qx pgcopydb bench && grep -qx bc bench &&
	test "$(grep -cvx -e bc -e mydumper -e pgcopydb bench)" = "$(wc -l <plain)" &&
	grep -qx time plain
'

test_expect_success 'install-deps refuses an unknown argument with status 2' '
	{ "$abs_top_srcdir/tools/install-deps" --benhc 2>err; test $? = 2; } &&
	test_grep "unknown argument .--benhc." err
'

test_expect_success 'bench/sql-sync-pgsql: bad arguments exit 2' '
	{ "$BENCH" --size lots 2>err; test $? = 2; } &&
	test_grep "size must be a number" err &&
	{ "$BENCH" --frobnicate 2>err; test $? = 2; } &&
	test_grep "unknown argument" err &&
	"$BENCH" --help >help &&
	test_grep -- "--jobs" help
'

[ -x "$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | tail -n 1)" ] &&
	[ -x /usr/bin/time ] && test_set_prereq BENCH

# row FILE LABEL: the status column of LABEL's row in the results table
row() { grep "^$2 " "$1" | awk "{ print \$NF }"; }

test_expect_success BENCH 'bench/sql-sync-pgsql times every tool and checks each copy' '
	{ "$BENCH" --size 1 --jobs 2 --builddir "$abs_top_builddir" >out 2>err; echo $? >rc; } &&
	cat out err &&
	test_grep "^# generated 70 tables" out &&
	test "$(row out "pg_dump | psql")" = ok &&
	test "$(row out "pg_dump -Fd -j 2 + pg_restore -j 2")" = ok &&
	if command -v pgcopydb >/dev/null; then
		test "$(row out "pgcopydb clone -j 2")" = ok
	fi &&
	case $(row out "sitesync sql-sync -j 2") in
	ok) test_grep "^target (" out && test "$(cat rc)" = 0 ;;
	failed) test_grep "^# sitesync failed:" err && test "$(cat rc)" = 1 &&
		test_grep "^target .*: not measured (sitesync failed)" out ;;
	*) false ;;
	esac
'

test_expect_success BENCH 'a failing tool is n/a, a tool that copies nothing differs' '
	mkdir -p fake/plugins/.libs fakebin &&
	printf "#!/bin/sh\necho \"sitesync: error: boom\" >&2\nexit 1\n" >fake/sitesync &&
	printf "#!/bin/sh\nexit 0\n" >fakebin/pgcopydb &&
	chmod +x fake/sitesync fakebin/pgcopydb &&
	{ PATH="$TRASH/fakebin:$PATH" "$BENCH" --size 1 --jobs 2 --builddir fake >out 2>err; echo $? >rc; } &&
	cat out err &&
	test "$(cat rc)" = 1 &&
	test_grep "sitesync: error: boom" err &&
	grep "^sitesync sql-sync" out >ss &&
	test_grep "n/a *n/a *n/a *failed$" ss &&
	test "$(row out "pg_dump | psql")" = ok &&
	test_grep "^pg_dump | psql .* n/a  ok$" out &&
	test "$(row out "pgcopydb clone -j 2")" = differs &&
	test_grep "^# pgcopydb: " err
'

test_expect_success BENCH 'bench/sql-sync-pgsql leaves no server or directory behind' '
	work=$(sed -n "s/^# starting two PostgreSQL servers in //p" out) &&
	test -n "$work" && ! test -e "$work" &&
	ports=$(sed -n "s/^# source port \([0-9]*\), target port \([0-9]*\)$/\1 \2/p" out) &&
	test -n "$ports" &&
	for p in $ports; do
		ss -Htln | awk "{ print \$4 }" | grep ":$p\$"
	done >listening
	test_line_count = 0 listening
'

test_done

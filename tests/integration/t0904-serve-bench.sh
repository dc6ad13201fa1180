#!/bin/bash
# bench/serve's plumbing in a few seconds: concurrent clients, statuses only
# 200/202/409/429, every accepted job ended and in the history; bad
# arguments exit 2.  The real load (200 clients, 30 s) is run by hand.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

BENCH="$abs_top_srcdir/bench/serve"

test_expect_success 'bench/serve: bad arguments exit 2, --help' '
	{ "$BENCH" --clients lots 2>err; test $? = 2; } &&
	test_grep "must be a number" err &&
	{ "$BENCH" --frob 2>err; test $? = 2; } &&
	test_grep "unknown argument" err &&
	"$BENCH" --help >help && test_grep -- "--targets" help
'

command -v rsync >/dev/null && test_set_prereq RSYNC
test_expect_success RSYNC 'bench/serve: 20 clients for 3 s on 4 targets, no error, no job lost' '
	"$BENCH" --clients 20 --seconds 3 --targets 4 --jobs 2 --builddir "$abs_top_builddir" >out 2>&1 ||
		{ cat out; false; } &&
	cat out &&
	test_grep "^errors: 0$" out &&
	test_grep "^lost jobs: 0$" out &&
	test_grep "^GET latency ms: p50 [0-9.]*, p90 [0-9.]*, p99 [0-9.]*" out &&
	test_grep "^jobs accepted: [1-9]" out
'

test_done

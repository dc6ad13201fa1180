#!/bin/bash
# sitesync history: newest last, --limit, --format=json, damaged lines.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

sitesync help history >/dev/null 2>&1 || test_skip_all "the history plugin is not built"

# record N STATUS [ERROR]: a history line as libsitesync writes it
record() {
	local err=null
	[ -n "${3:-}" ] && err="\"$3\""
	printf '{"started":%d,"started_at":"x","command":"sql-drop","source":%s,"target":"default","status":"%s","rows":%d,"bytes":%d,"seconds":%d.5,"error":%s,"by":"me@here","pid":1}\n' \
		$((1763899260 + $1 * 60)) "$([ $(($1 % 2)) = 0 ] && echo '"@prod"' || echo null)" \
		"$2" "$1" $(($1 * 1000000)) "$1" "$err" >>"$SITESYNC_HISTORY"
}

test_expect_success 'an empty history says so' '
	sitesync history >out &&
	test_grep "^no runs recorded yet in .$SITESYNC_HISTORY.$" out &&
	sitesync history --format=json >out &&
	echo "[]" >expect &&
	test_cmp expect out
'

test_expect_success 'runs are listed newest last with every column' '
	for i in $(seq 1 25); do record $i ok || return 1; done &&
	record 26 failed "lost connection to \\\"db\\\"" &&
	sitesync history >out &&
	test_line_count = 21 out &&
	test_grep "^STARTED  *COMMAND  *SOURCE → TARGET  *STATUS  *ROWS / BYTES  *DURATION  *ERROR$" out &&
	sed -n 2p out >first &&
	test_grep "sql-drop  *default  *ok  *7 / 7.0 MB  *7.5s$" first &&
	! grep " $" out &&
	tail -n 1 out >last &&
	test_grep "sql-drop  *@prod → default  *failed  *26 / 26 MB  *27s  *lost connection to \"db\"$" last
'

test_expect_success '--limit shows the last N, 0 all' '
	sitesync history --limit 3 >out &&
	test_line_count = 4 out &&
	tail -n 1 out >last &&
	test_grep failed last &&
	sitesync history --limit=0 >out &&
	test_line_count = 27 out
'

test_expect_success '--format=json is an array of the runs' '
	sitesync history --format=json --limit=2 >out &&
	test_grep "^\[$" out &&
	test_grep "\"started_at\": *\"2025-11-23T12:26:00Z\"" out &&
	test_grep "\"started\": *1763900760," out &&
	test_grep "\"error\": *\"lost connection to \\\\\"db\\\\\"\"" out &&
	test_grep "\"source\": *null" out &&
	test_grep "\"rows\": *25" out &&
	test $(grep -c "\"command\"" out) = 2
'

test_expect_success 'a damaged line is skipped with a warning' '
	printf "{\"torn\n" >>"$SITESYNC_HISTORY" &&
	sitesync history --limit 1 >out 2>err &&
	test_grep "skipped 1 line of" err &&
	test_line_count = 2 out
'

test_expect_success 'bad --limit and arguments are usage errors' '
	test_must_fail --status=2 sitesync history --limit=-1 2>err &&
	test_grep "limit" err &&
	test_must_fail --status=2 sitesync history --limit=x 2>err &&
	test_must_fail --status=2 sitesync history extra 2>err &&
	test_grep "takes no arguments" err
'

test_expect_success 'without SITESYNC_HISTORY the file is under XDG_STATE_HOME' '
	rm -f "$SITESYNC_HISTORY" &&
	unset SITESYNC_HISTORY &&
	test ! -e "$XDG_STATE_HOME/sitesync" &&
	sitesync history >out &&
	test_grep "$XDG_STATE_HOME/sitesync/history.jsonl" out
'

test_done

#!/bin/bash
# Ctrl-C at any moment: SIGINT or SIGTERM, from the first line of main()
# on, ends a run with one line and exit 1, and a run the command had begun
# is recorded as "interrupted".  The debug stop points (SITESYNC_DEBUG_STOP)
# stop sitesync at the moment under test; the test signals it there.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/rsync-native.sh"

command -v rsync >/dev/null || test_skip_all "rsync is not installed"

# interrupted_by SIGNAL: signal the stopped run $pid, let it go on; it exits 1
interrupted_by() {
	kill -"$1" $pid && kill -CONT $pid &&
	test_must_fail --status=1 wait $pid
}

# last_record STATUS COMMAND: the last history record is COMMAND's, with STATUS
last_record() {
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"command\":\"$2\"" last &&
	test_grep "\"status\":\"$1\"" last
}

test_expect_success 'sshd; a local staging tree, a local and a remote development target' '
	native_sshd &&
	mkdir -p "$L/stage/files" "$L/dev" "$R/dev" &&
	cat >"$A/site.site.yml" <<-YML &&
	stage:
	  role: staging
	  root: $L/stage
	  paths:
	    files: files
	dev:
	  role: development
	  root: $L/dev
	rdev:
	  role: development
	  host: 127.0.0.2
	  user: $(id -un)
	  root: $R/dev
	  ssh:
	    options: "$opts"
	YML
	echo small >"$L/stage/files/small.txt" &&
	head -c 4000000 /dev/urandom >"$L/stage/files/big.bin"
'

test_expect_success 'SIGINT before anything ran: one line, exit 1, nothing recorded' '
	test_stop_at main "$SITESYNC_BIN" help &&
	interrupted_by INT &&
	printf "sitesync: debug: stopped at %s (pid %s)\nsitesync: error: interrupted\n" \
		"'\''main'\''" $pid >expect &&
	test_cmp expect stop.err &&
	test_must_fail test -s stop.out &&
	test_must_fail test -e "$SITESYNC_HISTORY"
'

test_expect_success 'SIGTERM during the SSH connect: one line, exit 1, recorded as interrupted' '
	test_stop_at ssh-connect "$SITESYNC_BIN" --alias-path="$A" -y \
		rsync @site.stage:%files @site.rdev:files &&
	interrupted_by TERM &&
	tail -n 1 stop.err >actual &&
	echo "sitesync: error: interrupted" >expect &&
	test_cmp expect actual &&
	test_line_count = 2 stop.err &&
	last_record interrupted rsync &&
	test_grep "\"source\":\"@site.stage\",\"target\":\"@site.rdev\"" last &&
	test_must_fail test -e "$R/dev/files"
'

test_expect_success 'with --format=json the line is a JSON object' '
	test_stop_at ssh-connect "$SITESYNC_BIN" --alias-path="$A" -y --format=json \
		rsync @site.stage:%files @site.rdev:files &&
	interrupted_by INT &&
	tail -n 1 stop.err >actual &&
	echo "{\"error\":\"interrupted\",\"status\":1}" >expect &&
	test_cmp expect actual
'

test_expect_success 'SIGINT while the system rsync copies: rsync stops, no partial file stays' '
	test_stop_at copy "$SITESYNC_BIN" --alias-path="$A" -y \
		rsync @site.stage:%files @site.dev:files -- --bwlimit=200 &&
	interrupted_by INT &&
	tail -n 1 stop.err >actual &&
	echo "sitesync: error: interrupted" >expect &&
	test_cmp expect actual &&
	grep "^sitesync: error" stop.err >errors &&
	test_line_count = 1 errors &&
	test_must_fail test -e "$L/dev/files/big.bin" &&
	test -z "$(find "$L/dev" -name ".big.bin.*")" &&
	last_record interrupted rsync &&
	test_grep "\"error\":\"interrupted\"" last
'

test_expect_success 'a signal ignored when sitesync started stays ignored (a background job)' '
	{ SITESYNC_DEBUG_STOP=main "$SITESYNC_BIN" --version >out 2>err & } &&
	pid=$! &&
	test_wait_for 120 "stop point main" test_is_stopped $pid &&
	kill -INT $pid && kill -CONT $pid &&
	wait $pid &&
	test_grep "^sitesync " out
'

test_done

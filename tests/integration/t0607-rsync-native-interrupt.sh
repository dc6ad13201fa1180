#!/bin/bash
# SIGINT or SIGTERM during a native copy: the run stops soon, removes the
# temporary file it was writing (".NAME.sitesync-XXXXXX", on this machine
# or over SFTP), leaves the old target file as it was, exits 1 saying
# "interrupted" (as sql-sync does) and is recorded as interrupted.  The source
# is a sparse 2 GB file: nothing to store on the source side, and a copy
# long enough to be caught in the middle.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/rsync-native.sh"

# start_copy FROM TO: a native copy in the background ($pid), SIGINT at its default action
start_copy() {
	{ env --default-signal=INT "$SITESYNC_BIN" --alias-path="$A" -y rsync --engine=native \
		"$1" "$2" >out 2>err & } &&
	pid=$!
}

# writing DIR: wait until the temporary file of huge.bin in DIR has data
writing() { test_wait_for 30 "a temporary file of huge.bin in $1" temp_has_data "$1" huge.bin; }

# stopped_by SIGNAL FROM TO DIR: the copy into DIR stopped by SIGNAL mid-file
# exits 1 saying interrupted, soon; no temporary file stays; the old file stays
stopped_by() {
	echo old >"$4/huge.bin" &&
	start_copy "$2" "$3" &&
	writing "$4" &&
	kill -"$1" $pid && t0=$SECONDS &&
	test_must_fail --status=1 wait $pid &&
	test_within 15 $t0 &&
	test_grep "interrupted" err &&
	test -z "$(find "$4" -name "*.sitesync-*")" &&
	echo old >expect &&
	test_cmp expect "$4/huge.bin" &&
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"status\":\"interrupted\"" last &&
	test_grep "interrupted" last
}

test_expect_success 'sshd; a local source with a sparse 2 GB file, local and remote targets' '
	native_sshd &&
	mkdir -p "$R/in" "$R/out" "$L/src" "$L/dst" "$L/back" &&
	cat >"$A/site.site.yml" <<-YML &&
	src:
	  role: staging
	  root: $L/src
	dst:
	  role: development
	  root: $L/dst
	back:
	  role: development
	  root: $L/back
	rin:
	  role: staging
	  host: 127.0.0.2
	  user: $(id -un)
	  root: $R/in
	  ssh:
	    options: "$opts"
	rout:
	  role: development
	  host: 127.0.0.2
	  user: $(id -un)
	  root: $R/out
	  ssh:
	    options: "$opts"
	YML
	echo small >"$L/src/a.txt" &&
	truncate -s 2G "$L/src/huge.bin" &&
	truncate -s 2G "$R/in/huge.bin"
'

test_expect_success 'SIGINT during a local copy: temporary file removed, old file kept, exit 1' '
	stopped_by INT @site.src: @site.dst: "$L/dst"
'

test_expect_success 'SIGTERM during a local copy: likewise' '
	stopped_by TERM @site.src: @site.dst: "$L/dst"
'

test_expect_success 'SIGINT while writing over SFTP: the remote temporary file is removed too' '
	stopped_by INT @site.src: @site.rout: "$R/out"
'

test_expect_success 'SIGINT while reading over SFTP: the local temporary file is removed' '
	stopped_by INT @site.rin: @site.back: "$L/back"
'

test_expect_success 'after an interruption the next run completes' '
	rm "$L/src/huge.bin" &&
	truncate -s 1M "$L/src/huge.bin" &&
	sitesync --alias-path="$A" -y rsync --engine=native @site.src: @site.dst: &&
	cmp "$L/src/huge.bin" "$L/dst/huge.bin" &&
	test_cmp "$L/src/a.txt" "$L/dst/a.txt"
'

test_done

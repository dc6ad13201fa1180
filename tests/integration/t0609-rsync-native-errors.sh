#!/bin/bash
# A file the native engine cannot transfer does not stop the run (rsync
# goes on and exits 23): one warning line names the alias, the path and
# why; everything else is copied; --delete then deletes nothing (rsync:
# "IO error encountered -- skipping file deletion"); the run ends with
# "N files could not be transferred", exit 1, recorded as failed.  A
# source file that vanished since the listing is only a warning.
#
# The tests run as root, and root reads and writes whatever the mode
# bits say, so chmod 000 cannot make a file fail.  What fails for root
# on any filesystem, locally and over SFTP:
# - on the target, a non-empty directory where the source has a file: the
#   directory's contents are excluded, so the run may not empty it, and
#   neither rmdir nor rename can put the file there (rsync: "cannot
#   delete non-empty directory");
# - on the source, a file replaced by a directory after the listing:
#   open() works, read() fails with EISDIR.
# The second, and a target path taken by a directory (the rename fails
# once the file is written), need the run held between its listing and
# that file: it is stopped (SIGSTOP) while it writes a big sparse file
# that sorts first, the trees are changed, and it is continued.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/rsync-native.sh"

# last_failed REASON: the last history record is a failed rsync naming REASON
last_failed() {
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"command\":\"rsync\"" last &&
	test_grep "\"status\":\"failed\"" last &&
	test_grep "$1" last
}

test_expect_success 'sshd; local and remote aliases' '
	native_sshd &&
	mkdir -p "$R/files" "$L/src" "$L/dst" "$L/big" &&
	cat >"$A/site.site.yml" <<-YML
	src:
	  role: staging
	  root: $L/src
	big:
	  role: staging
	  root: $L/big
	dst:
	  role: development
	  root: $L/dst
	remote:
	  role: development
	  host: 127.0.0.2
	  user: $(id -un)
	  root: $R/files
	  ssh:
	    options: "$opts"
	YML
'

test_expect_success 'local: a file that cannot be put in place is said; the rest is copied; --delete deletes nothing; exit 1' '
	for f in a.txt b.txt x z.txt; do echo "new $f" >"$L/src/$f" || return 1; done &&
	mkdir -p "$L/dst/x" &&
	echo mine >"$L/dst/x/keep.me" &&
	echo extra >"$L/dst/extra.txt" &&
	test_must_fail --status=1 ss -y -v rsync --engine=native --delete --exclude-paths=keep.me \
		@site.src: @site.dst: >out 2>err &&
	test_grep "cannot remove .@site.dst:$L/dst/x.: Directory not empty" err &&
	test_grep "deletes nothing" err &&
	test_grep "1 file could not be transferred" err &&
	grep "^sitesync: " err >msgs &&
	test_line_count = 3 msgs &&
	for f in a.txt b.txt z.txt; do test_cmp "$L/src/$f" "$L/dst/$f" || return 1; done &&
	test -d "$L/dst/x" &&
	test -e "$L/dst/extra.txt" &&
	! grep "deleting extra.txt" out &&
	test -z "$(find "$L/dst" -name "*.sitesync-*")" &&
	last_failed "1 file could not be transferred"
'

test_expect_success 'local: once the way is clear the next run completes, with --delete' '
	rm "$L/dst/x/keep.me" &&
	ss -y -v rsync --engine=native --delete --exclude-paths=keep.me @site.src: @site.dst: >out 2>err &&
	test_cmp "$L/src/x" "$L/dst/x" &&
	test_grep "^\*deleting extra.txt$" out &&
	! test -e "$L/dst/extra.txt"
'

test_expect_success 'over SFTP: a non-empty directory in the way of a file is said; the rest is copied' '
	mkdir -p "$R/files/x" &&
	echo mine >"$R/files/x/keep.me" &&
	test_must_fail --status=1 ss -y rsync --engine=native --exclude-paths=keep.me \
		@site.src: @site.remote: >out 2>err &&
	test_grep "cannot remove .@site.remote:$R/files/x.: " err &&
	test_grep "1 file could not be transferred" err &&
	for f in a.txt b.txt z.txt; do test_cmp "$L/src/$f" "$R/files/$f" || return 1; done &&
	test -d "$R/files/x" &&
	test -z "$(find "$R/files" -name "*.sitesync-*")"
'

test_expect_success 'over SFTP, files changed mid-run: vanished is a warning; unreadable and unrenamable files fail; the rest arrives' '
	rm -rf "$R/files" && mkdir -p "$R/files" &&
	truncate -s 300M "$L/big/0big.bin" &&
	for f in gone.txt isdir.txt later.txt z.txt; do echo "$f" >"$L/big/$f" || return 1; done &&
	{ "$SITESYNC_BIN" --alias-path="$A" -y rsync --engine=native @site.big: @site.remote: \
		>out 2>err & } &&
	pid=$! &&
	test_wait_for 30 "data in the temporary file of 0big.bin" temp_has_data "$R/files" 0big.bin &&
	kill -STOP $pid &&
	test -n "$(find "$R/files" -name ".0big.bin.sitesync-*")" &&
	rm "$L/big/gone.txt" &&
	rm "$L/big/isdir.txt" && mkdir "$L/big/isdir.txt" &&
	mkdir -p "$R/files/later.txt/in the way" &&
	kill -CONT $pid &&
	test_must_fail --status=1 wait $pid &&
	test_grep "warning: file has vanished: .*gone.txt" err &&
	test_grep "cannot read .@site.big:$L/big/isdir.txt.: Is a directory" err &&
	test_grep "cannot rename into .@site.remote:$R/files/later.txt.: " err &&
	test_grep "2 files could not be transferred" err &&
	test_cmp "$L/big/z.txt" "$R/files/z.txt" &&
	test "$(stat -c %s "$R/files/0big.bin")" = 314572800 &&
	! test -e "$R/files/gone.txt" &&
	! test -e "$R/files/isdir.txt" &&
	test -d "$R/files/later.txt/in the way" &&
	test -z "$(find "$R/files" -name "*.sitesync-*")" &&
	last_failed "2 files could not be transferred"
'

test_expect_success 'a source file that only vanished: a warning, exit 0' '
	rm -rf "$R/files/later.txt" "$L/big/isdir.txt" &&
	touch -d "2020-01-01 00:00:00" "$L/big/0big.bin" &&
	{ "$SITESYNC_BIN" --alias-path="$A" -y rsync --engine=native @site.big: @site.remote: \
		>out 2>err & } &&
	pid=$! &&
	test_wait_for 30 "data in the temporary file of 0big.bin" temp_has_data "$R/files" 0big.bin &&
	kill -STOP $pid &&
	test -n "$(find "$R/files" -name ".0big.bin.sitesync-*")" &&
	rm "$L/big/later.txt" &&
	kill -CONT $pid &&
	wait $pid &&
	test_grep "warning: file has vanished: .*later.txt" err &&
	! grep "could not be transferred" err &&
	test_cmp "$L/big/z.txt" "$R/files/z.txt" &&
	! test -e "$R/files/later.txt"
'

test_expect_success 'over SFTP, a failure found only after the last write still stops --delete' '
	echo later.txt >"$L/big/later.txt" &&
	echo extra >"$R/files/extra.txt" &&
	touch -d "2020-01-02 00:00:00" "$L/big/0big.bin" &&
	{ "$SITESYNC_BIN" --alias-path="$A" -y rsync --engine=native --delete @site.big: @site.remote: \
		>out 2>err & } &&
	pid=$! &&
	test_wait_for 30 "data in the temporary file of 0big.bin" temp_has_data "$R/files" 0big.bin &&
	kill -STOP $pid &&
	test -n "$(find "$R/files" -name ".0big.bin.sitesync-*")" &&
	mkdir -p "$R/files/later.txt/in the way" &&
	kill -CONT $pid &&
	test_must_fail --status=1 wait $pid &&
	test_grep "cannot rename into .@site.remote:$R/files/later.txt.: " err &&
	test_grep "deletes nothing" err &&
	test_grep "1 file could not be transferred" err &&
	test -e "$R/files/extra.txt" &&
	test_cmp "$L/big/z.txt" "$R/files/z.txt" &&
	test -z "$(find "$R/files" -name "*.sitesync-*")"
'

test_done

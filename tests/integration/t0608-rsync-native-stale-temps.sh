#!/bin/bash
# Temporary files a killed run left behind (".NAME.sitesync-" and six
# letters or digits, files or links) are removed from every target
# directory the native engine visits, before it copies into it, locally
# and over SFTP; -v says how many.  They are never extra files for
# --delete, never sources; names that only look alike are ordinary files;
# -s removes nothing.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/rsync-native.sh"

# stale DIR: temporary files and a link a killed run could have left in DIR and DIR/sub
stale() {
	mkdir -p "$1/sub" &&
	echo partial >"$1/.a.txt.sitesync-AbC123" &&
	echo partial >"$1/sub/.b.txt.sitesync-x1y2z3" &&
	ln -sfn a.txt "$1/.link.sitesync-qwerty"
}

# lookalikes DIR: names close to a temporary file's that are not one
lookalikes() {
	for n in .a.txt.sitesync-abc a.txt.sitesync-abcdef .a.txt.sitesync-ab_def \
		.a.txt.sitesync-abcdef.bak .a.txt.sitesync-abcdefg; do
		echo mine >"$1/$n" || return 1
	done &&
	mkdir -p "$1/.d.sitesync-abcdef"
}

# none_left DIR: no temporary file of the engine under DIR
none_left() {
	test -z "$(find "$1" -regextype posix-extended \
		-regex '.*/\.[^/]+\.sitesync-[A-Za-z0-9]{6}' ! -type d)"
}

# same_lookalikes DIR
same_lookalikes() {
	for n in .a.txt.sitesync-abc a.txt.sitesync-abcdef .a.txt.sitesync-ab_def \
		.a.txt.sitesync-abcdef.bak .a.txt.sitesync-abcdefg; do
		test -f "$1/$n" || return 1
	done &&
	test -d "$1/.d.sitesync-abcdef"
}

test_expect_success 'sshd; a source tree (with a temporary-looking file of its own), targets' '
	native_sshd &&
	mkdir -p "$R/files" "$L/src/sub" "$L/dst" &&
	cat >"$A/site.site.yml" <<-YML &&
	src:
	  role: staging
	  root: $L/src
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
	echo a >"$L/src/a.txt" &&
	echo b >"$L/src/sub/b.txt" &&
	echo leftover >"$L/src/.src.txt.sitesync-Zz9Zz9"
'

test_expect_success 'local: stale temporaries are removed and counted; look-alikes stay' '
	stale "$L/dst" &&
	lookalikes "$L/dst" &&
	ss -y -v rsync --engine=native @site.src: @site.dst: >out 2>err &&
	test_grep "; 3 stale temporary files removed$" err &&
	! grep "sitesync-" out &&
	none_left "$L/dst" &&
	same_lookalikes "$L/dst" &&
	test_cmp "$L/src/a.txt" "$L/dst/a.txt" &&
	test_cmp "$L/src/sub/b.txt" "$L/dst/sub/b.txt"
'

test_expect_success 'a source file named like a temporary file is not copied' '
	! test -e "$L/dst/.src.txt.sitesync-Zz9Zz9"
'

test_expect_success 'without stale temporaries -v says nothing about them' '
	ss -y -v rsync --engine=native @site.src: @site.dst: >out 2>err &&
	! grep "stale temporary" out err
'

test_expect_success '-s removes no stale temporary file' '
	stale "$L/dst" &&
	ss -s rsync --engine=native @site.src: @site.dst: >out &&
	test -f "$L/dst/.a.txt.sitesync-AbC123" &&
	test -f "$L/dst/sub/.b.txt.sitesync-x1y2z3"
'

test_expect_success '--delete: stale temporaries are not extra files; look-alikes are' '
	ss -y -v rsync --engine=native --delete @site.src: @site.dst: >out 2>err &&
	test_grep "; 3 stale temporary files removed$" err &&
	! grep "AbC123\|x1y2z3\|qwerty" out &&
	test_grep "^\*deleting a.txt.sitesync-abcdef$" out &&
	none_left "$L/dst" &&
	! test -e "$L/dst/.a.txt.sitesync-abc"
'

test_expect_success 'over SFTP: stale temporaries are removed and counted; look-alikes stay' '
	stale "$R/files" &&
	lookalikes "$R/files" &&
	ss -y -v rsync --engine=native @site.src: @site.remote: >out 2>err &&
	test_grep "; 3 stale temporary files removed$" err &&
	none_left "$R/files" &&
	same_lookalikes "$R/files" &&
	test_cmp "$L/src/sub/b.txt" "$R/files/sub/b.txt" &&
	! test -e "$R/files/.src.txt.sitesync-Zz9Zz9"
'

test_expect_success 'over SFTP as the source: its temporary-looking files are not copied' '
	rm -rf "$L/dst" &&
	echo partial >"$R/files/sub/.b.txt.sitesync-x1y2z3" &&
	ss -y rsync --engine=native @site.remote: @site.dst: &&
	none_left "$L/dst" &&
	test_cmp "$L/src/sub/b.txt" "$L/dst/sub/b.txt"
'

test_done

#!/bin/bash
# The documentation says what the program does: README starts with the two
# set-up commands, the manual page documents every global option and exit
# status, and renders without warnings.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

README="$abs_top_srcdir/README.md"
MAN="$abs_top_srcdir/doc/sitesync.1"

test_expect_success 'README starts with the two set-up commands' '
	sed -n "1p" "$README" >title &&
	echo "# sitesync" >expect &&
	test_cmp expect title &&
	awk "NR > 1 && NF { print; n++ } n == 2 { exit }" "$README" >first &&
	printf "    tools/quickstart\n    tools/check\n" >expect &&
	test_cmp expect first
'

test_expect_success 'the set-up commands named there exist' '
	test -x "$abs_top_srcdir/tools/quickstart" &&
	test -x "$abs_top_srcdir/tools/check" &&
	test -x "$abs_top_srcdir/tools/install-deps"
'

test_expect_success 'the manual page documents every global option' '
	SITESYNC_PLUGIN_PATH= sitesync help >help &&
	sed -n "s/^ *\(-[a-z], \)\{0,1\}--\([a-z-]*\).*/\2/p" help | sort -u >options &&
	test_line_count -gt 5 options &&
	: >missing &&
	while read -r o; do
		grep -q -- "\\\\-\\\\-$(echo "$o" | sed "s/-/\\\\\\\\-/g")" "$MAN" || echo "$o" >>missing
	done <options &&
	{ test_line_count = 0 missing ||
		{ sed "s|^|not in doc/sitesync.1: --|" missing >&2; false; }; }
'

test_expect_success 'the manual page documents every exit status of the SDK' '
	for n in 0 1 2 3 4; do
		grep -A1 "^\.TP" "$MAN" | grep -qx "\.B $n" || { echo "exit status $n" >&2; return 1; }
	done
'

command -v groff >/dev/null && test_set_prereq GROFF
test_expect_success GROFF 'the manual page renders without warnings' '
	groff -ww -man -Tutf8 "$MAN" 2>warnings | sed "s/.\x08//g" >man.txt &&
	test_line_count = 0 warnings &&
	test_grep "^EXIT STATUS" man.txt
'

test_expect_success 'README and the manual page name the same exit codes as error.h' '
	for n in 1 2 3 4; do
		grep -q "SS_[A-Z]* = $n" "$abs_top_srcdir/include/sitesync/error.h" &&
		grep -q "^| $n |" "$README" || { echo "exit code $n" >&2; return 1; }
	done
'

test_done

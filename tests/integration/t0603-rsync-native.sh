#!/bin/bash
# The native engine between local aliases: the same tree as the system
# rsync (content, mode, file mtimes, symlinks), nothing sent twice, a
# changed file re-sent, --delete, excludes, odd names, no temporary files
# left, -s changes nothing, and the automatic choice when rsync is missing.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

sitesync help rsync >/dev/null 2>&1 || test_skip_all "the rsync plugin is not built"

listing() {
	(cd "$1" && find . -mindepth 1 \( -type f -printf '%y %m %s %T@ %p %l\n' \) -o \
		\( ! -type f -printf '%y %m - %p %l\n' \) | LC_ALL=C sort)
}

# items FILE: the itemised lines of -v output (all of stdout)
items() { cat "$1"; }

A="$TRASH/aliases"
ss() { sitesync --alias-path="$A" "$@"; }
F="$TRASH/stage/files"

test_expect_success 'aliases and a source tree with odd names' '
	mkdir -p "$A" "$F/sub/deeper" "$TRASH/dev" &&
	chmod 700 "$A" &&
	cat >"$A/site.site.yml" <<-YML &&
	stage:
	  root: $TRASH/stage
	  paths:
	    files: files
	dev:
	  root: $TRASH/dev
	  paths:
	    files: files
	    other: other
	    third: third
	YML
	echo one >"$F/a.txt" &&
	echo two >"$F/sub/b.txt" &&
	echo three >"$F/sub/deeper/c" &&
	echo q >"$F/it'"'"'s \"q\" \$(touch pwned)" &&
	echo d >"$F/-dash" &&
	echo u >"$F/ünï" &&
	echo n >"$F/new
line" &&
	echo c >"$F/x.cache" &&
	ln -s a.txt "$F/link" &&
	ln -s /etc "$F/abs link" &&
	chmod 600 "$F/a.txt" &&
	chmod 750 "$F/sub" &&
	head -c 200000 /dev/urandom >"$F/big.bin" &&
	touch -d "2021-05-06 07:08:09" "$F/sub/b.txt"
'

test_expect_success 'native and system engines give the same tree' '
	ss -y rsync --engine=native @site.stage:%files @site.dev:%files &&
	listing "$F" >expect &&
	listing "$TRASH/dev/files" >actual &&
	test_cmp expect actual &&
	if command -v rsync >/dev/null; then
		ss -y rsync --engine=system --mode=az @site.stage:%files @site.dev:%other &&
		listing "$TRASH/dev/other" >actual2 &&
		test_cmp expect actual2
	fi &&
	! test -e pwned && ! test -e "$TRASH/dev/files/pwned" &&
	test -z "$(find "$TRASH/dev" -name "*.sitesync-*")"
'

test_expect_success 'a second run sends nothing; a changed file is re-sent' '
	ss -y -v rsync --engine=native @site.stage:%files @site.dev:%files >out 2>err &&
	test_grep ", 0 changed, 0 B in " err &&
	test -z "$(items out)" &&
	echo changed >"$F/sub/b.txt" &&
	ss -y -v rsync --engine=native @site.stage:%files @site.dev:%files >out &&
	printf ">f.st...... sub/b.txt\n" >expect &&
	items out >actual &&
	test_cmp expect actual &&
	test_cmp "$F/sub/b.txt" "$TRASH/dev/files/sub/b.txt"
'

test_expect_success 'new files are itemised; no deletion without --delete' '
	echo new >"$F/new.txt" &&
	echo extra >"$TRASH/dev/files/extra" &&
	mkdir "$TRASH/dev/files/extra dir" && ln -s /etc "$TRASH/dev/files/extra dir/l" &&
	ss -y -v rsync --engine=native @site.stage:%files @site.dev:%files >out &&
	printf ">f+++++++++ new.txt\n" >expect &&
	items out >actual &&
	test_cmp expect actual &&
	test -e "$TRASH/dev/files/extra"
'

test_expect_success '--delete removes what the source lacks, never following links' '
	ss -y -v rsync --engine=native --delete @site.stage:%files @site.dev:%files >out &&
	test_grep "^\*deleting extra$" out &&
	test_grep "^\*deleting extra dir$" out &&
	! test -e "$TRASH/dev/files/extra" && ! test -e "$TRASH/dev/files/extra dir" &&
	test -d /etc &&
	listing "$F" >expect &&
	listing "$TRASH/dev/files" >actual &&
	test_cmp expect actual
'

test_expect_success '-s lists and changes nothing' '
	echo later >"$F/later" &&
	ss -s rsync --engine=native --delete @site.stage:%files @site.dev:%files >out &&
	test_grep "^>f+++++++++ later$" out &&
	! test -e "$TRASH/dev/files/later"
'

test_expect_success 'excludes and includes match names at any depth; include wins' '
	ss -y rsync --engine=native --exclude-paths="*.cache:c:*.txt" --include-paths="b.txt" \
		@site.stage:%files @site.dev:%third &&
	test -e "$TRASH/dev/third/sub/b.txt" &&
	! test -e "$TRASH/dev/third/a.txt" &&
	! test -e "$TRASH/dev/third/x.cache" &&
	! test -e "$TRASH/dev/third/sub/deeper/c" &&
	test -e "$TRASH/dev/third/big.bin"
'

test_expect_success 'bad engine is a usage error; extra rsync options are refused by native' '
	test_must_fail --status=2 ss -y rsync --engine=fast @site.stage:%files @site.dev:%files 2>err &&
	test_grep "unknown engine" err &&
	test_must_fail --status=2 ss -y rsync --engine=native @site.stage:%files @site.dev:%files -- -x 2>err
'

test_expect_success 'without rsync on PATH, auto picks the native engine' '
	mkdir -p "$TRASH/bin" &&
	echo "fresh" >"$F/fresh" &&
	PATH="$TRASH/bin" "$SITESYNC_BIN" --alias-path="$A" -y -v rsync @site.stage:%files @site.dev:%files >out &&
	test_grep "^>f+++++++++ fresh$" out &&
	test_cmp "$F/fresh" "$TRASH/dev/files/fresh"
'

test_expect_success '--format=json (also -s): the native engine'"'"'s object, with its changes' '
	echo j >"$F/j.json" &&
	ss -s --format=json rsync --engine=native @site.stage:%files @site.dev:%files >out &&
	test_grep "\"engine\":\"native\",\"status\":\"simulated\",\"files\":[0-9]*,\"changed\":1,\"bytes\":2," out &&
	test_grep "{\"item\":\">f+++++++++\",\"path\":\"j.json\"}" out &&
	python3 -m json.tool out >/dev/null &&
	ss -y --format=json rsync --engine=native @site.stage:%files @site.dev:%files >out &&
	test_grep "\"engine\":\"native\",\"status\":\"ok\",\"files\":[0-9]*,\"changed\":1," out &&
	test_cmp "$F/j.json" "$TRASH/dev/files/j.json"
'

test_expect_success 'the history records files and bytes' '
	test_grep "\"command\":\"rsync\"" "$SITESYNC_HISTORY" &&
	test_grep "\"rows\":1," "$SITESYNC_HISTORY"
'

test_done

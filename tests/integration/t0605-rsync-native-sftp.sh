#!/bin/bash
# The native engine over SFTP against a real sshd: local→remote,
# remote→local and remote→remote give the same trees as the system rsync
# (content, mode, file mtimes in seconds, symlinks; rsync -az: drush's
# default -k would copy a link to a directory as a directory); a second run sends
# nothing; a changed file is re-sent; a progress line on a terminal only;
# --delete; a remote without rsync
# falls back to native; a killed connection leaves no partial file under a
# final name, and the next run removes the temporary file it left; a
# source file deleted mid-run is skipped with a warning;
# policy refusals exit 3.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "no sshd"
command -v rsync >/dev/null || test_skip_all "rsync is not installed"
sitesync help rsync >/dev/null 2>&1 || test_skip_all "the rsync plugin is not built"

# listing DIR: type, mode, size, whole-second mtime of files, name, link target
listing() {
	(cd "$1" && find . -mindepth 1 \( -type f -printf '%y %m %s %TY%Tm%Td%TH%TM%TS %p %l\n' \) -o \
		\( ! -type f -printf '%y %m - %p %l\n' \) |
		sed -E 's/^(f [0-7]+ [0-9]+ [0-9]+)\.[0-9]+ /\1 /' | LC_ALL=C sort)
}
# items FILE: the itemised lines of -v output (all of stdout)
items() { cat "$1"; }

A="$TRASH/aliases"
ss() { sitesync --alias-path="$A" "$@"; }
R="$TRASH/remote root"
L="$TRASH/local/sites/default/files"

# temp_has_data DIR NAME: the temporary file of NAME in DIR has data
temp_has_data() {
	test -n "$(find "$1" -maxdepth 1 -name ".$2.sitesync-*" -size +1 2>/dev/null)"
}

test_expect_success 'start sshd; a local alias and remote ones (one without rsync on PATH)' '
	start_sshd r &&
	mkdir -p "$A" "$R" "$L/sub dir/deeper" "$HOME/.ssh" &&
	chmod 700 "$HOME/.ssh" "$A" &&
	printf "Host sshtest\n    HostName 127.0.0.1\n" >"$HOME/.ssh/config" &&
	opts="-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS -o BatchMode=yes" &&
	cat >"$A/site.site.yml" <<-YML &&
	local:
	  role: staging
	  root: $TRASH/local
	  paths:
	    other: other
	dev:
	  role: development
	  host: sshtest
	  user: $(id -un)
	  root: $R
	  paths:
	    sys: sys
	    nat: nat
	    copy: copy
	    big: big
	  ssh:
	    options: "$opts"
	stage:
	  role: staging
	  host: sshtest
	  user: $(id -un)
	  root: $R
	  paths:
	    nat: nat
	  ssh:
	    options: "$opts"
	norsync:
	  role: development
	  host: sshtest
	  user: $(id -un)
	  root: $R
	  env-vars:
	    PATH: /nonexistent
	  paths:
	    fallback: fallback
	  ssh:
	    options: "$opts"
	prod:
	  role: production
	  host: sshtest
	  user: $(id -un)
	  root: $R
	  ssh:
	    options: "$opts"
	YML
	echo one >"$L/a.txt" &&
	echo two >"$L/sub dir/b \"q\" '"'"'s" &&
	echo three >"$L/sub dir/deeper/c" &&
	echo d >"$L/-dash" &&
	echo u >"$L/ünï \$(touch pwned)" &&
	echo n >"$L/new
line" &&
	ln -s a.txt "$L/link" &&
	ln -s /etc "$L/abs link" &&
	: >"$L/empty" &&
	head -c 700000 /dev/urandom >"$L/big.bin" &&
	chmod 600 "$L/a.txt" &&
	chmod 751 "$L/sub dir" &&
	touch -d "2021-05-06 07:08:09" "$L/sub dir/deeper/c"
'

test_expect_success 'local → remote: native gives the system engine'"'"'s tree' '
	ss -y rsync --engine=system --mode=az @site.local:%files @site.dev:%sys &&
	ss -y -v rsync --engine=native @site.local:%files @site.dev:%nat >out 2>err &&
	test_grep "^>f+++++++++ big.bin$" out &&
	test_grep "^cL+++++++++ link$" out &&
	test_grep "^cd+++++++++ sub dir$" out &&
	test_grep "^sitesync: @site.local → @site.dev: 8 files, 8 changed, " err &&
	listing "$L" >expect &&
	listing "$R/sys" >sys &&
	listing "$R/nat" >actual &&
	test_cmp expect sys &&
	test_cmp expect actual &&
	test -z "$(find "$R/nat" -name "*.sitesync-*")" &&
	! test -e "$HOME/pwned" && ! test -e "$R/pwned"
'

test_expect_success 'local → remote: a second run sends nothing; a changed file is re-sent' '
	ss -y -v rsync --engine=native @site.local:%files @site.dev:%nat >out 2>err &&
	test_grep ", 0 changed, 0 B in " err &&
	test -z "$(items out)" &&
	echo changed >"$L/sub dir/deeper/c" &&
	ss -y -v rsync --engine=native @site.local:%files @site.dev:%nat >out &&
	printf ">f.st...... sub dir/deeper/c\n" >expect &&
	items out >actual &&
	test_cmp expect actual &&
	test_cmp "$L/sub dir/deeper/c" "$R/nat/sub dir/deeper/c"
'

if command -v script >/dev/null; then
test_expect_success 'on a terminal a progress line (files, bytes, rate) is drawn, then wiped' '
	echo tty >"$L/tty.txt" &&
	script -qec "\"$SITESYNC_BIN\" --alias-path=\"$A\" -y rsync --engine=native @site.local:%files @site.dev:%nat" \
		typescript >/dev/null &&
	grep -a "1/1 files  4 B/4 B  .*B/s" typescript &&
	test_cmp "$L/tty.txt" "$R/nat/tty.txt" &&
	rm "$L/tty.txt" "$R/nat/tty.txt"
'
fi

test_expect_success 'a changed symlink and a file become the other type' '
	ln -sfn "sub dir" "$L/link" &&
	rm "$L/empty" && mkdir "$L/empty" && echo in >"$L/empty/in" &&
	ss -y rsync --engine=native @site.local:%files @site.dev:%nat &&
	listing "$L" >expect &&
	listing "$R/nat" >actual &&
	test_cmp expect actual
'

test_expect_success 'remote → local: native gives the system engine'"'"'s tree' '
	ss -y rsync --engine=system --mode=az @site.stage:%nat @site.local:%other &&
	listing "$TRASH/local/other" >sys &&
	rm -rf "$TRASH/local/other" &&
	ss -y rsync --engine=native @site.stage:%nat @site.local:%other &&
	listing "$TRASH/local/other" >actual &&
	test_cmp sys actual &&
	listing "$R/nat" >expect &&
	test_cmp expect actual &&
	ss -y -v rsync --engine=native @site.stage:%nat @site.local:%other >out 2>err &&
	test_grep ", 0 changed, 0 B in " err
'

test_expect_success 'remote → remote through this machine (auto picks native)' '
	ss -y -v rsync @site.stage:%nat @site.dev:%copy >out 2>err &&
	test_grep "native engine" err &&
	listing "$R/nat" >expect &&
	listing "$R/copy" >actual &&
	test_cmp expect actual &&
	ss -y -v rsync @site.stage:%nat @site.dev:%copy >out 2>err &&
	test_grep ", 0 changed, 0 B in " err
'

test_expect_success '--delete removes what the source lacks, inside the target only, never following links' '
	echo extra >"$R/nat/extra" &&
	mkdir -p "$R/nat/extra dir" && ln -s /etc "$R/nat/extra dir/l" &&
	echo keep >"$R/outside.txt" &&
	ss -y -v rsync --engine=native @site.local:%files @site.dev:%nat >out &&
	test -e "$R/nat/extra" &&
	ss -y -v rsync --engine=native --delete @site.local:%files @site.dev:%nat >out &&
	test_grep "^\*deleting extra$" out &&
	test_grep "^\*deleting extra dir/l$" out &&
	test_grep "^\*deleting extra dir$" out &&
	! test -e "$R/nat/extra" && ! test -e "$R/nat/extra dir" &&
	test -d /etc && test -e "$R/outside.txt" &&
	listing "$L" >expect &&
	listing "$R/nat" >actual &&
	test_cmp expect actual
'

test_expect_success '-s over SFTP lists and changes nothing' '
	echo later >"$L/later" &&
	ss -s rsync --engine=native @site.local:%files @site.dev:%nat >out &&
	test_grep "^>f+++++++++ later$" out &&
	! test -e "$R/nat/later"
'

test_expect_success 'excludes and includes over SFTP' '
	ss -y rsync --engine=native --exclude-paths="*.bin:deeper" --include-paths="a.txt" \
		@site.local:%files @site.dev:%big &&
	! test -e "$R/big/big.bin" && ! test -e "$R/big/sub dir/deeper" &&
	test -e "$R/big/a.txt" && test -e "$R/big/sub dir" &&
	rm -rf "$R/big"
'

test_expect_success 'rsync missing on the remote: auto falls back to native, said with -v' '
	ss -y -v rsync @site.local:%files @site.norsync:%fallback >out 2>err &&
	test_grep "rsync is not installed on sshtest (.@site.norsync.): using the native engine" err &&
	listing "$L" >expect &&
	listing "$R/fallback" >actual &&
	test_cmp expect actual
'

test_expect_success 'policy: a production target is refused (exit 3), nothing written' '
	test_must_fail --status=3 ss -y rsync --engine=native @site.local:%files @site.prod:%files 2>err &&
	test_grep "production" err &&
	! test -e "$R/sites" &&
	test_must_fail --status=3 ss -y rsync --engine=native @site.local:%files @site.dev:../escape 2>err &&
	test_grep "outside the alias" err &&
	test_must_fail --status=3 ss -y rsync --engine=native @site.local:%files @site.dev:/ 2>err
'

# kill_conn: end the sshd processes serving connections (children of the listener)
kill_conn() {
	for p in $(ps -o pid= --ppid "$SSH_r_PID"); do kill -9 "$p" 2>/dev/null; done
}

test_expect_success 'a connection killed mid-file leaves no partial file under its final name' '
	mkdir -p "$TRASH/bigsrc" &&
	head -c 150000000 /dev/zero >"$TRASH/bigsrc/huge.bin" &&
	cat >>"$A/site.site.yml" <<-YML &&
	bigsrc:
	  role: staging
	  root: $TRASH/bigsrc
	YML
	(ss -y rsync --engine=native @site.bigsrc: @site.dev:%big >out 2>err; echo $? >rc) &
	job=$! &&
	test_wait_for 30 "data in the temporary file of huge.bin" temp_has_data "$R/big" huge.bin &&
	test -n "$(find "$R/big" -name ".huge.bin.sitesync-*")" &&
	kill_conn &&
	wait $job &&
	test "$(cat rc)" = 1 &&
	test_grep "huge.bin" err &&
	! test -e "$R/big/huge.bin"
'

test_expect_success 'the next run removes the temporary file the killed one left on the remote' '
	test -n "$(find "$R/big" -name ".huge.bin.sitesync-*")" &&
	ss -y -v rsync --engine=native @site.bigsrc: @site.dev:%big >out 2>err &&
	test_grep "; 1 stale temporary file removed$" err &&
	test -z "$(find "$R/big" -name "*.sitesync-*")" &&
	cmp "$TRASH/bigsrc/huge.bin" "$R/big/huge.bin"
'

test_expect_success 'a connection killed mid-file while reading leaves no local partial file' '
	mkdir -p "$R/bigr" &&
	mv "$TRASH/bigsrc/huge.bin" "$R/bigr/" &&
	cat >>"$A/site.site.yml" <<-YML &&
	bigr:
	  role: staging
	  host: sshtest
	  user: $(id -un)
	  root: $R/bigr
	  ssh:
	    options: "$opts"
	YML
	(ss -y rsync --engine=native @site.bigr: @site.local:%other >out 2>err; echo $? >rc) &
	job=$! &&
	test_wait_for 30 "data in the temporary file of huge.bin" temp_has_data "$TRASH/local/other" huge.bin &&
	kill_conn &&
	wait $job &&
	test "$(cat rc)" = 1 &&
	! test -e "$TRASH/local/other/huge.bin" &&
	test -z "$(find "$TRASH/local/other" -name "*.sitesync-*")"
'

test_expect_success 'a source file deleted before it is opened is skipped with a warning, like rsync' '
	for i in $(seq -w 1 20); do echo "$i" >"$R/bigr/small$i.txt" || return 1; done &&
	(ss -y rsync --engine=native @site.bigr: @site.local:%other >out 2>err; echo $? >rc) &
	job=$! &&
	test_wait_for 30 "data in the temporary file of huge.bin" temp_has_data "$TRASH/local/other" huge.bin &&
	rm "$R/bigr/small20.txt" &&
	wait $job &&
	test "$(cat rc)" = 0 &&
	test_grep "file has vanished: .*small20.txt" err &&
	cmp "$R/bigr/huge.bin" "$TRASH/local/other/huge.bin" &&
	test_cmp "$R/bigr/small19.txt" "$TRASH/local/other/small19.txt" &&
	! test -e "$TRASH/local/other/small20.txt"
'

test_done

#!/bin/bash
# The hostile-name corpus of t0604 through the native engine over SFTP:
# remote → local and local → remote under a remote root full of shell
# metacharacters give identical trees, nothing executes, a second run
# sends nothing, --exclude-paths with a leading dash, and the automatic
# fallback when the remote PATH has no rsync.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "no sshd"
sitesync help rsync >/dev/null 2>&1 || test_skip_all "the rsync plugin is not built"

# tree DIR: type, mode, size, whole-second mtime (files and directories), name, link target
tree() {
	(cd "$1" && find . -mindepth 1 \( -type l -printf '%y %m %s - %p -> %l\n' \) -o \
		\( ! -type l -printf '%y %m %s %T@ %p -> %l\n' \) |
		sed -E 's/^(f [0-7]+ [0-9]+ [0-9]+)\.[0-9]+ /\1 /; s/^(d [0-7]+ [0-9]+) [0-9.]+ /\1 - /' |
		LC_ALL=C sort)
}

A="$TRASH/aliases"
R="$TRASH/remote \$(touch pwned)/'; touch pwned2 #"
ss() { sitesync --alias-path="$A" "$@"; }

# no_pwned: no command hidden in a file name or path ran
no_pwned() {
	test -z "$(find "$TRASH" "$HOME" -name "pwned*" ! -path "*/files/*" ! -name "*.txt")"
}

test_expect_success 'sshd, a remote production and development site, a local staging one' '
	start_sshd r &&
	mkdir -p "$A" "$R/prod/sites/default/files" "$R/dev" local/web/sites/default/files "$HOME/.ssh" &&
	chmod 700 "$A" "$HOME/.ssh" &&
	printf "Host filehost\n    HostName 127.0.0.1\n" >"$HOME/.ssh/config" &&
	opts="-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS" &&
	root=$(printf "%s" "$R" | sed "s/\"/\\\\\"/g") &&
	cat >"$A/self.site.yml" <<-YML
	prod:
	  role: production
	  host: filehost
	  user: $(id -un)
	  root: "$root/prod"
	  ssh:
	    options: "$opts"
	dev:
	  role: development
	  host: filehost
	  user: $(id -un)
	  root: "$root/dev"
	  env-vars:
	    PATH: /nonexistent
	  ssh:
	    options: "$opts"
	default:
	  role: staging
	  root: $TRASH/local/web
	YML
'

test_expect_success 'source files with hostile names, symlinks and modes' '
	F="$R/prod/sites/default/files" &&
	mkdir -p "$F/styles/thumb" "$F/-dash" "$F/dir \$(touch pwned4)" &&
	echo one >"$F/a file with spaces.txt" &&
	echo two >"$F/quote'\''s \"double\".txt" &&
	echo three >"$F/unicodé ✓.txt" &&
	printf "four\n" >"$F/new
line.txt" &&
	echo five >"$F/-dash/--leading.txt" &&
	echo six >"$F/\$(touch pwned).txt" &&
	echo seven >"$F/; touch pwned2 #" &&
	echo eight >"$F/dir \$(touch pwned4)/\`touch pwned5\`" &&
	echo nine >"$F/back\\slash*?[x]" &&
	head -c 300000 /dev/urandom >"$F/styles/thumb/big.bin" &&
	chmod 640 "$F/a file with spaces.txt" &&
	chmod 700 "$F/styles" &&
	ln -s "styles/thumb/big.bin" "$F/link-to-big" &&
	ln -s -- "-dash/--leading.txt" "$F/-link" &&
	touch -d "2020-01-02 03:04:05" "$F/unicodé ✓.txt" "$F/-dash"
'

test_expect_success 'remote → local with the native engine: identical tree, nothing runs' '
	ss -y -v rsync --engine=native @prod:%files default:%files >out 2>&1 &&
	tree "$R/prod/sites/default/files" >expect &&
	tree local/web/sites/default/files >actual &&
	test_cmp expect actual &&
	test_grep "^>f+++++++++ -dash/--leading.txt$" out &&
	no_pwned
'

test_expect_success 'a second run transfers nothing' '
	ss -y -v rsync --engine=native @prod:%files default:%files >out 2>&1 &&
	test_grep ", 0 changed, 0 B in " out &&
	! grep "^>f\|^cL\|^cd" out
'

test_expect_success 'local → remote under a root full of metacharacters, rsync missing there: native' '
	ss -y -v rsync default:%files @dev:%files >out 2>err &&
	test_grep "using the native engine" err &&
	tree local/web/sites/default/files >expect &&
	tree "$R/dev/sites/default/files" >actual &&
	test_cmp expect actual &&
	no_pwned &&
	{ ss -y -v rsync default:%files @dev:%files >out 2>err; echo $? >rc5; cp out out5; cp err err5; } &&
	test_grep ", 0 changed, 0 B in " err
'

test_expect_success 'a changed hostile name is re-sent; --delete of hostile names' '
	echo changed >"$R/prod/sites/default/files/; touch pwned2 #" &&
	echo extra >"local/web/sites/default/files/-extra \$(touch pwned6)" &&
	ss -y -v rsync --engine=native --delete @prod:%files default:%files >out 2>&1 &&
	test_grep "^>f\.s[.t]\.\.\.\.\.\. ; touch pwned2 #$" out &&
	test_grep "^\*deleting -extra \$(touch pwned6)$" out &&
	tree "$R/prod/sites/default/files" >expect &&
	tree local/web/sites/default/files >actual &&
	test_cmp expect actual &&
	no_pwned
'

test_expect_success '--exclude-paths with a leading dash over SFTP' '
	rm -rf local/web/sites/default/files/* &&
	ss -y rsync --engine=native --exclude-paths="*.bin:-dash" @prod:%files default:%files &&
	! test -e local/web/sites/default/files/styles/thumb/big.bin &&
	! test -e local/web/sites/default/files/-dash &&
	test -e "local/web/sites/default/files/unicodé ✓.txt" &&
	test -L local/web/sites/default/files/-link
'

test_expect_success 'a production target is refused (exit 3) by the native engine too' '
	tree "$R/prod" >before &&
	test_must_fail --status=3 ss -y rsync --engine=native default:%files @prod:%files 2>err &&
	test_grep "production" err &&
	tree "$R/prod" >after &&
	test_cmp before after
'

test_done

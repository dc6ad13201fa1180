#!/bin/bash
# sitesync rsync, the lead's checks beside t0601-t0603: hostile file names
# through a remote source over a real sshd, --exclude-paths with a leading
# dash, the refusals, and an unknown host key.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v rsync >/dev/null || test_skip_all "rsync is not installed"

# tree DIR: one line per entry (type, mode, size, mtime in whole seconds,
# name, link target); rsync keeps sub-second times of files only
tree() {
	(cd "$1" && find . -mindepth 1 -printf '%y %m %s %T@ %p -> %l\n' |
		sed -E 's/^([a-z] [0-7]+ [0-9]+ [0-9]+)\.[0-9]+ /\1 /' | LC_ALL=C sort)
}

A="$TRASH/aliases"

# no_pwned: no command hidden in a file name ran, here or in a home
no_pwned() {
	test -z "$(find "$TRASH" -name "pwned*" ! -path "*/files/*" ! -name "*.txt")"
}

test_expect_success 'aliases for a production, a staging and a local site' '
	mkdir -p "$A" prod/web/sites/default/files stage/web local/web/sites/default/files &&
	chmod 700 "$A" &&
	cat >"$A/self.site.yml" <<-YML
	prod:
	  role: production
	  root: $TRASH/prod/web
	stage:
	  role: staging
	  root: $TRASH/stage/web
	  paths:
	    files: files-here
	default:
	  role: local
	  root: $TRASH/local/web
	  paths:
	    private: ../private
	YML
'

test_expect_success 'source files with hostile names, a symlink and modes' '
	F=prod/web/sites/default/files &&
	mkdir -p "$F/styles/thumb" "$F/-dash" &&
	echo one >"$F/a file with spaces.txt" &&
	echo two >"$F/quote'\''s \"double\".txt" &&
	echo three >"$F/unicodé ✓.txt" &&
	printf "four\n" >"$F/new
line.txt" &&
	echo five >"$F/-dash/--leading.txt" &&
	echo six >"$F/\$(touch pwned).txt" &&
	echo seven >"$F/; touch pwned2 #" &&
	head -c 300000 /dev/urandom >"$F/styles/thumb/big.bin" &&
	chmod 640 "$F/a file with spaces.txt" &&
	ln -s "styles/thumb/big.bin" "$F/link-to-big" &&
	touch -d "2020-01-02 03:04:05" "$F/unicodé ✓.txt"
'

test_expect_success 'a production target is refused (exit 3), nothing written' '
	tree prod/web >before &&
	test_must_fail --status=3 sitesync --alias-path="$A" rsync default:%files @prod:%files -y 2>err &&
	test_grep "production" err &&
	tree prod/web >after &&
	test_cmp before after
'

test_expect_success 'an upward copy is refused (exit 3)' '
	test_must_fail --status=3 sitesync --alias-path="$A" rsync default:%files @stage:%files -y 2>err &&
	test_grep "refusing" err &&
	test_must_fail test -e stage/web/files-here
'

test_expect_success 'a target outside the alias root or at / is refused (exit 3)' '
	test_must_fail --status=3 sitesync --alias-path="$A" rsync @prod:%files default:../elsewhere -y 2>err &&
	test_grep "outside the alias.s root" err &&
	test_must_fail --status=3 sitesync --alias-path="$A" rsync @prod:%files default:/ -y 2>err &&
	test_grep "root of the filesystem" err
'

test_expect_success 'an unknown path alias names the key to set (exit 2)' '
	test_must_fail --status=2 sitesync --alias-path="$A" rsync @prod:%nosuch default:%files -y 2>err &&
	test_grep "paths.nosuch" err
'

test_expect_success 'without -y and without a terminal nothing is copied (exit 3)' '
	test_must_fail --status=3 setsid "$SITESYNC_BIN" --alias-path="$A" rsync @prod:%files default:%files </dev/null 2>err &&
	test -z "$(ls local/web/sites/default/files)"
'

test_expect_success '-s lists what would change and changes nothing' '
	sitesync --alias-path="$A" rsync @prod:%files default:%files -s >out 2>&1 &&
	test_grep "big.bin" out &&
	test -z "$(ls local/web/sites/default/files)"
'

test_expect_success 'dfiles-style copy makes an identical tree; metacharacters never run' '
	sitesync --alias-path="$A" rsync @prod:%files default:%files -y -v >out 2>&1 &&
	tree prod/web/sites/default/files >expect &&
	tree local/web/sites/default/files >actual &&
	test_cmp expect actual &&
	no_pwned &&
	test_grep "\"command\":\"rsync\"" "$SITESYNC_HISTORY"
'

test_expect_success 'a second run transfers nothing' '
	sitesync --alias-path="$A" rsync @prod:%files default:%files -y -v >out 2>&1 &&
	test_grep ", 0 changed, 0 B in " out
'

test_expect_success 'a changed file is sent again; extra files stay without --delete' '
	echo changed >"prod/web/sites/default/files/a file with spaces.txt" &&
	echo extra >local/web/sites/default/files/extra.txt &&
	sitesync --alias-path="$A" rsync @prod:%files default:%files -y -v >out 2>&1 &&
	test_grep ", 1 changed, " out &&
	test "$(cat "local/web/sites/default/files/a file with spaces.txt")" = changed &&
	test -e local/web/sites/default/files/extra.txt
'

test_expect_success '--delete removes what the source does not have, inside the target only' '
	echo keep >local/web/outside.txt &&
	sitesync --alias-path="$A" rsync @prod:%files default:%files -y --delete >out 2>&1 &&
	test_must_fail test -e local/web/sites/default/files/extra.txt &&
	test -e local/web/outside.txt &&
	tree prod/web/sites/default/files >expect &&
	tree local/web/sites/default/files >actual &&
	test_cmp expect actual
'

test_expect_success '--exclude-paths leaves files out' '
	rm -rf local/web/sites/default/files/* &&
	sitesync --alias-path="$A" rsync @prod:%files default:%files -y --exclude-paths="*.bin:-dash" >out 2>&1 &&
	test_must_fail test -e local/web/sites/default/files/styles/thumb/big.bin &&
	test_must_fail test -e local/web/sites/default/files/-dash &&
	test -e "local/web/sites/default/files/unicodé ✓.txt"
'

test_expect_success 'a remote source over sshd (host from ~/.ssh/config, key and known_hosts from the alias)' '
	start_sshd r &&
	mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh" &&
	printf "Host filehost\n    HostName 127.0.0.1\n" >"$HOME/.ssh/config" &&
	cat >"$A/remote.site.yml" <<-YML &&
	live:
	  role: production
	  host: filehost
	  user: $(id -un)
	  root: $TRASH/prod/web
	  ssh:
	    options: "-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS"
	YML
	rm -rf local/web/sites/default/files/* &&
	sitesync --alias-path="$A" rsync @remote.live:%files default:%files -y >out 2>&1 &&
	tree prod/web/sites/default/files >expect &&
	tree local/web/sites/default/files >actual &&
	test_cmp expect actual &&
	no_pwned
'

test_expect_success 'an unknown host key is refused (exit 3) with its fingerprint' '
	cat >"$A/badkey.site.yml" <<-YML &&
	live:
	  role: production
	  host: filehost
	  root: $TRASH/prod/web
	  ssh:
	    options: "-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$TRASH/empty_known_hosts"
	YML
	: >"$TRASH/empty_known_hosts" &&
	test_must_fail --status=3 sitesync --alias-path="$A" rsync @badkey.live:%files default:%files -y 2>err &&
	test_grep "is not in .*empty_known_hosts (ssh-ed25519 key SHA256:" err
'

test_done

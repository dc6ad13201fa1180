#!/bin/bash
# sitesync rsync over SSH with the system rsync against a real sshd:
# local→remote and remote→local give identical trees, a second run sends
# nothing, paths full of shell metacharacters never execute; the system
# engine refuses a remote without rsync and remote→remote with a clear message.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "no sshd"
command -v rsync >/dev/null || test_skip_all "rsync is not installed"
sitesync help rsync >/dev/null 2>&1 || test_skip_all "the rsync plugin is not built"

listing() {
	(cd "$1" && find . -mindepth 1 \( -type f -printf '%y %m %s %T@ %p %l\n' \) -o \
		\( ! -type f -printf '%y %m - %p %l\n' \) | LC_ALL=C sort)
}

A="$TRASH/aliases"
ss() { sitesync --alias-path="$A" "$@"; }
R="$TRASH/remote root/\$(touch pwned)/'; touch pwned2 #"

test_expect_success 'start sshd; aliases for a remote dev and staging and a local one' '
	start_sshd r &&
	mkdir -p "$A" "$R" "$TRASH/local/sites/default/files/sub dir" "$HOME/.ssh" &&
	chmod 700 "$HOME/.ssh" &&
	printf "Host sshtest\n    HostName 127.0.0.1\n" >"$HOME/.ssh/config" &&
	chmod 700 "$A" &&
	opts="-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS -o BatchMode=yes" &&
	cat >"$A/site.site.yml" <<-YML &&
	local:
	  role: staging
	  root: $TRASH/local
	rdev:
	  role: development
	  host: sshtest
	  user: $(id -un)
	  root: "$(printf "%s" "$R" | sed "s/\"/\\\\\"/g")"
	  ssh:
	    options: "$opts"
	norsync:
	  role: development
	  host: sshtest
	  user: $(id -un)
	  root: "$(printf "%s" "$R" | sed "s/\"/\\\\\"/g")"
	  env-vars:
	    PATH: /nonexistent
	  ssh:
	    options: "$opts"
	rstage:
	  host: sshtest
	  user: $(id -un)
	  root: "$(printf "%s" "$R" | sed "s/\"/\\\\\"/g")"
	  role: staging
	  ssh:
	    options: "$opts"
	YML
	F="$TRASH/local/sites/default/files" &&
	echo one >"$F/a.txt" &&
	echo two >"$F/sub dir/b \"q\" '"'"'s" &&
	echo d >"$F/-dash" &&
	echo u >"$F/ünï \$(touch pwned3)" &&
	echo n >"$F/new
line" &&
	ln -s "a.txt" "$F/link" &&
	head -c 300000 /dev/urandom >"$F/big.bin" &&
	chmod 600 "$F/a.txt"
'

test_expect_success 'local → remote: the tree arrives exactly, nothing executes' '
	ss -d -y rsync @site.local:%files @site.rdev:%files 2>err &&
	grep "^running: .*--protect-args.*sshtest:" err &&
	listing "$TRASH/local/sites/default/files" >expect &&
	listing "$R/sites/default/files" >actual &&
	test_cmp expect actual &&
	! test -e "$HOME/pwned" && ! test -e "$HOME/pwned2" && ! test -e "$HOME/pwned3" &&
	! test -e "$TRASH/pwned" && ! test -e "$TRASH/pwned2"
'

test_expect_success 'a second run sends nothing; a changed file is re-sent' '
	ss -y -v rsync @site.local:%files @site.rdev:%files >out 2>err &&
	test_grep ", 0 changed, 0 B in " err &&
	echo three >"$TRASH/local/sites/default/files/a.txt" &&
	ss -y -v rsync @site.local:%files @site.rdev:%files >out 2>err &&
	test_grep ", 1 changed, 6 B in " err &&
	test_cmp "$TRASH/local/sites/default/files/a.txt" "$R/sites/default/files/a.txt"
'

test_expect_success 'remote → local with --delete: identical tree' '
	echo extra >"$TRASH/local/sites/default/files/extra" &&
	echo r >"$R/sites/default/files/from remote" &&
	ss -y rsync --delete @site.rstage:%files @site.local:%files &&
	listing "$R/sites/default/files" >expect &&
	listing "$TRASH/local/sites/default/files" >actual &&
	test_cmp expect actual &&
	! test -e "$TRASH/local/sites/default/files/extra"
'

test_expect_success '-s over ssh lists and changes nothing' '
	echo s >"$R/sites/default/files/simulated" &&
	ss -s rsync @site.rstage:%files @site.local:%files >out &&
	test_grep simulated out &&
	! test -e "$TRASH/local/sites/default/files/simulated"
'

test_expect_success 'remote target outside the root or / is refused (exit 3)' '
	test_must_fail --status=3 ss -y rsync @site.local:%files @site.rdev:/ 2>err &&
	test_must_fail --status=3 ss -y rsync @site.local:%files @site.rdev:../x 2>err &&
	test_grep "outside the alias" err
'

test_expect_success 'the system engine refuses remote → remote with a clear message (exit 2)' '
	test_must_fail --status=2 ss -y rsync --engine=system @site.rstage:%files @site.rdev:%files 2>err &&
	test_grep "two remote aliases" err
'

test_expect_success 'the system engine reports a remote whose PATH has no rsync' '
	test_must_fail sitesync --alias-path="$A" -y rsync --engine=system @site.local:%files @site.norsync:%files 2>err &&
	test_grep "rsync is not installed on sshtest" err
'

test_done

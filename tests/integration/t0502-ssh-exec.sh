#!/bin/bash
# Remote commands over an exec channel: root as cwd, env-vars, streams,
# exit status, and quoting that nothing in an alias or argument escapes.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
export SITESYNC_PLUGIN_PATH="$SITESYNC_PLUGIN_PATH:$abs_top_builddir/tests/plugins/.libs"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "no sshd"

probe() {
	sitesync ssh-probe --host=127.0.0.1 \
		--ssh-options="-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS" "$@"
}

test_expect_success 'start sshd' '
	start_sshd r &&
	mkdir -p "$TRASH/site root"
'

test_expect_success 'exec runs in root with env-vars, streams split, status returned' '
	{
		probe --root="$TRASH/site root" --env="GREETING=hello world" exec -- \
			sh -c "pwd; echo \"\$GREETING\"; echo to-stderr >&2; exit 7" >out 2>err
		test $? = 7
	} &&
	printf "%s\n" "$TRASH/site root" "hello world" >expect &&
	test_cmp expect out &&
	test_grep "^to-stderr$" err
'

test_expect_success 'exec without a root runs in the home directory' '
	probe exec -- pwd >out &&
	test_grep "^/" out &&
	test_must_fail test "$(cat out)" = "$TRASH/site root"
'

test_expect_success 'big output is streamed whole' '
	probe exec -- head -c 5000000 /dev/zero >out &&
	test "$(wc -c <out)" = 5000000
'

test_expect_success 'hook command lines run through the remote shell, in root' '
	{
		probe --root="$TRASH/site root" --env="X=1" hook "echo a >hook.out && echo \$X >>hook.out; exit 5"
		test $? = 5
	} &&
	printf "a\n1\n" >expect &&
	test_cmp expect "site root/hook.out"
'

test_expect_success 'a missing root stops the command before it runs' '
	test_must_fail probe --root="$TRASH/no such dir" hook "touch $TRASH/ran" 2>err &&
	test_must_fail test -e "$TRASH/ran"
'

test_expect_success "an argument with '; touch ... #' does not execute" '
	probe exec -- echo "x'"'"'; touch $TRASH/pwned1 #" >out &&
	test_grep "^x'"'"'; touch $TRASH/pwned1 #$" out &&
	probe exec -- echo "\$(touch $TRASH/pwned2)" "\`touch $TRASH/pwned3\`" >out &&
	test_must_fail test -e "$TRASH/pwned1" &&
	test_must_fail test -e "$TRASH/pwned2" &&
	test_must_fail test -e "$TRASH/pwned3"
'

test_expect_success "an env-var value with '; touch ... #' does not execute" '
	probe --env="V=x'"'"'; touch $TRASH/pwned4 #\$(touch $TRASH/pwned5)" exec -- \
		sh -c "printf \"%s\\n\" \"\$V\"" >out &&
	test_grep "^x'"'"'; touch $TRASH/pwned4 #\$(touch $TRASH/pwned5)$" out &&
	test_must_fail test -e "$TRASH/pwned4" &&
	test_must_fail test -e "$TRASH/pwned5"
'

test_expect_success "a root with '; touch ... #' does not execute" '
	evil="$TRASH/r'"'"'; touch $TRASH/pwned6 #" &&
	mkdir -p "$evil" &&
	probe --root="$evil" exec -- pwd >out &&
	test "$(cat out)" = "$evil" &&
	test_must_fail test -e "$TRASH/pwned6"
'

test_expect_success 'an env-var name that is not a name is refused' '
	test_must_fail probe --env="A;touch $TRASH/pwned7=1" exec -- true 2>err &&
	test_grep "env-vars name .A;touch .*. is not a valid variable name" err &&
	test_must_fail test -e "$TRASH/pwned7"
'

test_done

#!/bin/bash
# The test harness itself: servers are stopped when a test file fails or is
# interrupted, failures and crashes are reported, skips are TAP skips.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd is not installed"

# child NAME BODY: write a test file NAME.sh that runs BODY under test-lib
child() {
	cat >"$1.sh" <<CHILD
#!/bin/bash
. "\$abs_top_srcdir/tests/lib/test-lib.sh"
. "\$abs_top_srcdir/tests/lib/servers.sh"
$2
CHILD
	chmod +x "$1.sh"
}
child_trash() { echo "$abs_top_builddir/tests/trash.$1"; }

test_expect_success 'a failing test file still stops its servers at exit' '
	name=child-fail-$$ &&
	child $name "
test_expect_success \"start\" \"start_mariadb x && echo \\\$MY_x_PID >$TRASH/pid\"
test_expect_success \"start pg\" \"start_postgres x && echo \\\$PG_x_PID \\\$PG_x_DIR >$TRASH/pgpid\"
test_expect_success \"fail\" \"false\"
test_done" &&
	test_must_fail --status=1 bash ./$name.sh >out 2>&1 &&
	test_grep "^ok 1 - start$" out &&
	test_grep "^ok 2 - start pg$" out &&
	test_grep "^not ok 3 - fail$" out &&
	test_grep "^# failed 1 of 3; trash kept in" out &&
	pid=$(cat pid) &&
	test_must_fail kill -0 "$pid" &&
	read pgpid pgdir <pgpid &&
	test_must_fail kill -0 "$pgpid" &&
	test_must_fail test -e "$pgdir" &&
	test -d "$(child_trash $name)" &&
	rm -rf "$(child_trash $name)"
'

test_expect_success 'an interrupted test file stops its servers' '
	name=child-int-$$ &&
	rm -f pid &&
	child $name "
start_mariadb y && echo \$MY_y_PID >$TRASH/pid.tmp && mv $TRASH/pid.tmp $TRASH/pid
while :; do sleep 0.1; done" &&
	{ bash ./$name.sh >out 2>&1 & } &&
	child_pid=$! &&
	test_wait_for 60 "the child file to start its server" test -s pid &&
	pid=$(cat pid) &&
	kill -0 "$pid" &&
	kill -TERM $child_pid &&
	{ wait $child_pid; rc=$?; } &&
	test "$rc" = 130 &&
	test_must_fail kill -0 "$pid" &&
	rm -rf "$(child_trash $name)"
'

test_expect_success 'a passing test file removes its trash directory' '
	name=child-pass-$$ &&
	child $name "
test_expect_success \"pass\" \"true\"
test_done" &&
	bash ./$name.sh >out 2>&1 &&
	printf "ok 1 - pass\n1..1\n" >expect &&
	grep -v "^# time: wall [0-9]*s, cpu [0-9.]*s$" out >actual &&
	test_cmp expect actual &&
	test_must_fail test -e "$(child_trash $name)"
'

test_expect_success 'missing prerequisites give TAP skips' '
	name=child-skip-$$ &&
	child $name "
test_expect_success NOSUCHPREREQ \"needs it\" \"false\"
test_done" &&
	bash ./$name.sh >out 2>&1 &&
	test_grep "^ok 1 - needs it # SKIP missing NOSUCHPREREQ$" out
'

test_expect_success 'A,B needs both prerequisites' '
	name=child-both-$$ &&
	child $name "
test_set_prereq HAVE
test_expect_success HAVE,NOSUCH \"needs both\" \"false\"
test_expect_success NOSUCH,HAVE \"either order\" \"false\"
test_expect_success HAVE,HAVE \"has both\" \"true\"
test_done" &&
	bash ./$name.sh >out 2>&1 &&
	test_grep "^ok 1 - needs both # SKIP missing HAVE,NOSUCH$" out &&
	test_grep "^ok 2 - either order # SKIP missing NOSUCH,HAVE$" out &&
	test_grep "^ok 3 - has both$" out
'

test_expect_success 'test_must_fail treats a crash as a failure of the test' '
	test_must_fail test_must_fail bash -c "kill -SEGV \$\$" 2>err &&
	test_grep "died of signal 11" err
'

test_expect_success 'test_must_fail --status checks the exit code' '
	test_must_fail --status=3 bash -c "exit 3" &&
	test_must_fail test_must_fail --status=2 bash -c "exit 3"
'

test_expect_success 'test files get a private HOME and no database variables' '
	test "$HOME" = "$TRASH/home" &&
	test "$XDG_CONFIG_HOME" = "$TRASH/home/.config" &&
	test -z "${PGPASSWORD:-}${DB_PASSWORD:-}${MARIADB_PASSWORD:-}" &&
	test "$(stat -c %a "$TRASH")" = 700
'

test_done

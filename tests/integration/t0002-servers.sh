#!/bin/bash
# The test servers themselves start, answer and stop.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

test_expect_success 'mariadb starts on loopback and answers' '
	start_mariadb a &&
	my_sql a "SELECT VERSION()" >out &&
	test_grep -i mariadb out
'

test_expect_success 'postgres starts on loopback and answers' '
	start_postgres b &&
	pg_sql b postgres "SELECT 40 + 2" >out &&
	echo 42 >expect &&
	test_cmp expect out
'

test_expect_success 'sshd starts and accepts the test key' '
	start_sshd c &&
	ssh_run c echo hello >out &&
	echo hello >expect &&
	test_cmp expect out
'

test_expect_success 'stop_servers stops them all' '
	stop_servers &&
	! kill -0 $MY_a_PID 2>/dev/null &&
	! kill -0 $PG_b_PID 2>/dev/null &&
	! kill -0 $SSH_c_PID 2>/dev/null
'

test_done

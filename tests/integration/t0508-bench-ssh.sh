#!/bin/bash
# bench/sql-sync-ssh's plumbing at a tiny size: argument errors, every way of
# copying timed and checked against the source, the two targets reported,
# nothing left behind.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

BENCH="$abs_top_srcdir/bench/sql-sync-ssh"

test_expect_success 'bench/sql-sync-ssh: bad arguments exit 2, --help works' '
	{ "$BENCH" --size lots 2>err; test $? = 2; } &&
	test_grep "size must be a number" err &&
	{ "$BENCH" --jobs x 2>err; test $? = 2; } &&
	test_grep "jobs must be a number" err &&
	{ "$BENCH" --runs 0 2>err; test $? = 2; } &&
	test_grep "runs must be a number, at least 1" err &&
	{ "$BENCH" --frobnicate 2>err; test $? = 2; } &&
	test_grep "unknown argument .--frobnicate." err &&
	"$BENCH" --help >help &&
	test_grep -- "--size" help
'

command -v mariadbd >/dev/null && [ -x /usr/sbin/sshd ] && [ -x /usr/bin/time ] &&
	test_set_prereq BENCH

test_expect_success BENCH 'bench/sql-sync-ssh times the four ways of copying and checks each' '
	"$BENCH" --size 1 --jobs 2 --builddir "$abs_top_builddir" >out 2>err &&
	cat out &&
	test_grep "^# sitesync sql-sync --jobs 2 through the SSH tunnel (run 2 of 2)$" out &&
	test_grep "^# generated 70 tables" out &&
	test_grep "^sitesync sql-sync -j 2, ssh tunnel  *[0-9.]*  *[0-9.]*  *1.00$" out &&
	test_grep "^sitesync sql-sync -j 2, direct  *[0-9.]* " out &&
	test_grep "^# sitesync sql-sync --jobs 2 through ssh -L (run 2 of 2)$" out &&
	test_grep "^sitesync sql-sync -j 2, ssh -L  *[0-9.]* " out &&
	test_grep "^through ssh -L / direct sitesync  *[0-9.]*$" out &&
	test_grep "^ssh mysqldump | mysql  *[0-9.]* " out &&
	test_grep "^tunnelled / direct sitesync  *[0-9.]* (target <= 1.15: \(met\|missed\))$" out &&
	test_grep "^tunnelled sitesync / (ssh mysqldump | mysql)  *[0-9.]* (target <= 0.45: \(met\|missed\))$" out &&
	test_must_fail grep "differs from the source" err
'

test_expect_success BENCH 'PostgreSQL: timed through the tunnel when sitesync has its sql-sync, else n/a' '
	if grep -q "^PostgreSQL: " out; then
		test_grep "^PostgreSQL: n/a, \(this sitesync has no PostgreSQL sql-sync\|PostgreSQL is not installed\)$" out
	else
		test_grep "^ssh pg_dump | psql  *[0-9.]* " out &&
		test_grep "^# PostgreSQL: sitesync sql-sync --jobs 2 through ssh -L (run 2 of 2)$" out &&
		test_grep -c "^through ssh -L / direct sitesync  *[0-9.]*$" out >n &&
		test "$(cat n)" = 2 &&
		test_grep "^tunnelled sitesync / (ssh pg_dump | psql)  *[0-9.]* (target <= 0.45: \(met\|missed\))$" out
	fi
'

# one run for both options: each run starts its own servers
test_expect_success BENCH '--no-pg --runs 1: MySQL only, once' '
	"$BENCH" --size 1 --jobs 2 --runs 1 --builddir "$abs_top_builddir" --no-pg --split-cores \
		>out3 2>err3 &&
	test_must_fail grep "run 2 of" out3 &&
	test_grep "^PostgreSQL: not asked (--no-pg)$" out3
'

test_expect_success BENCH '--split-cores: the remote side on one half of the CPUs, the local on the other' '
	n=$(nproc) &&
	test_grep "^# --split-cores: remote (sshd, source servers) on CPUs 0-$((n / 2 - 1)), local on CPUs $((n / 2))-$((n - 1))$" out3 &&
	test_grep "^MySQL (.* tables, $n cores split 0-$((n / 2 - 1)) | $((n / 2))-$((n - 1)))" out3 &&
	test_grep "^tunnelled / direct sitesync  *[0-9.]* (target" out3
'

test_expect_success BENCH 'nothing is left behind, ssh -L included' '
	work=$(sed -n "s/^# starting sshd and two MariaDB servers (\"remote\" and local) in //p" out) &&
	test -n "$work" && ! test -e "$work" &&
	test_must_fail pgrep -f "ssh .*-L $work/"
'

test_done

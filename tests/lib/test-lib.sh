# test-lib.sh - shell integration tests in the manner of git's t/, printing TAP.
#
#   . "$abs_top_srcdir/tests/lib/test-lib.sh"
#   test_expect_success 'sa lists aliases' '
#       sitesync sa --format=list >out &&
#       grep "^@example.prod$" out
#   '
#   test_done
#
# Each test file runs in its own directory $TRASH (removed when all pass) with
# HOME and XDG_* pointing inside it, so nothing of the user's is read or
# written.  `sitesync` runs the binary of this build with this build's plugins.
#
# Tests wait for the state they test, never for the clock: test_wait_for
# polls for it.  The only timeouts are generous upper bounds, multiplied by
# $TEST_TIMEOUT_SCALE (a whole number, default 1; tools/check raises it when
# the machine is loaded): test_timeout N gives N seconds scaled.

set -u
: "${abs_top_builddir:?run through make check (abs_top_builddir unset)}"
: "${abs_top_srcdir:?run through make check (abs_top_srcdir unset)}"

test_name=$(basename "$0" .sh)
test_start=$SECONDS
case "${TEST_TIMEOUT_SCALE:-}" in
''|*[!0-9]*|0) TEST_TIMEOUT_SCALE=1 ;;
esac
export TEST_TIMEOUT_SCALE
TRASH="$abs_top_builddir/tests/trash.$test_name"
rm -rf "$TRASH"
mkdir -p "$TRASH/home" "$TRASH/tmp"
TRASH=$(cd "$TRASH" && pwd -P)
export TRASH
export HOME="$TRASH/home"
export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share"
export XDG_STATE_HOME="$HOME/.local/state" XDG_CACHE_HOME="$HOME/.cache"
export TMPDIR="$TRASH/tmp"
# hard links to this build's plugins (tests/local.mk says why not plugins/.libs)
export SITESYNC_PLUGIN_PATH="$abs_top_builddir/tests/plugins-under-test"
export SITESYNC_HISTORY="$TRASH/history.jsonl"
unset SITESYNC_ALIAS_PATH DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD DB_DRIVER \
	DATABASE_URL MARIADB_HOST MARIADB_PORT MARIADB_DATABASE MARIADB_USER \
	MARIADB_PASSWORD PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD POSIXLY_CORRECT || :
SITESYNC_BIN="$abs_top_builddir/sitesync"
cd "$TRASH" || exit 1
# make the trash dir private: alias and plugin checks refuse group-writable dirs
chmod 700 "$TRASH" "$HOME"
umask 022

sitesync() { "$SITESYNC_BIN" "$@"; }

test_count=0
test_failures=0
test_skips=0
test_cleanup_cmds=

say() { printf '# %s\n' "$*"; }

# test_expect_success [PREREQ] 'description' 'commands'
test_expect_success() {
	if [ $# = 3 ]; then
		if ! test_have_prereq "$1"; then
			test_skip_one "$2" "missing $1"
			return 0
		fi
		shift
	fi
	test_count=$((test_count + 1))
	# Run in this shell (not a subshell), so servers a test starts and the
	# variables it sets stay for the tests after it; chain commands with &&.
	if { eval "$2"; } >"$TRASH/.out.$test_count" 2>&1 </dev/null; then
		echo "ok $test_count - $1"
	else
		test_failures=$((test_failures + 1))
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$TRASH/.out.$test_count"
		printf '#   commands were:\n'
		printf '%s\n' "$2" | sed 's/^/#   /'
	fi
}

test_skip_one() {
	test_count=$((test_count + 1))
	test_skips=$((test_skips + 1))
	echo "ok $test_count - $1 # SKIP $2"
}

# Prerequisites: test_set_prereq NAME; test_have_prereq NAME[,NAME...] (all of them)
test_prereqs=" "
test_set_prereq() { test_prereqs="$test_prereqs$1 "; }
test_have_prereq() {
	local IFS=, p
	for p in $1; do
		case "$test_prereqs" in *" $p "*) ;; *) return 1;; esac
	done
}

# test_must_fail [--status=N] cmd...: cmd must fail (with status N), not crash.
test_must_fail() {
	local want= rc
	case "${1:-}" in --status=*) want=${1#--status=}; shift;; esac
	"$@"
	rc=$?
	if [ $rc = 0 ]; then
		echo "test_must_fail: command succeeded: $*" >&2
		return 1
	elif [ $rc -gt 128 ] && [ $rc -lt 160 ]; then
		echo "test_must_fail: command died of signal $((rc - 128)): $*" >&2
		return 1
	elif [ -n "$want" ] && [ "$rc" != "$want" ]; then
		echo "test_must_fail: exit status $rc, wanted $want: $*" >&2
		return 1
	fi
	return 0
}

test_cmp() { diff -u "$1" "$2"; }

# test_timeout SECONDS: SECONDS times $TEST_TIMEOUT_SCALE
test_timeout() { echo $(($1 * TEST_TIMEOUT_SCALE)); }

# test_wait_for SECONDS WHAT COMMAND...: run COMMAND (quietly) until it
# succeeds; after SECONDS (scaled) without success say that WHAT never
# happened and fail
test_wait_for() {
	local limit what=$2 t0=$SECONDS
	limit=$(test_timeout "$1")
	shift 2
	until "$@" >/dev/null 2>&1; do
		if [ $((SECONDS - t0)) -ge "$limit" ]; then
			echo "test_wait_for: gave up after ${limit}s waiting for $what" >&2
			return 1
		fi
		sleep 0.05
	done
}

# test_within SECONDS T0: less than SECONDS (scaled) went by since T0 (a $SECONDS value)
test_within() {
	local limit d=$((SECONDS - $2))
	limit=$(test_timeout "$1")
	[ "$d" -lt "$limit" ] || { echo "test_within: took ${d}s, limit ${limit}s" >&2; return 1; }
}

# test_is_stopped PID: PID is stopped (SIGSTOP; sitesync at a debug stop point)
test_is_stopped() {
	[ "$(sed -n 's/^[0-9]* (.*) \(.\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)" = T ]
}

# test_stop_at POINT CMD...: run CMD in the background ($pid, its stderr in
# stop.err) with SITESYNC_DEBUG_STOP=POINT and SIGINT at its default action,
# and wait until it stopped there; the test then acts and sends SIGCONT
test_stop_at() {
	local point=$1
	shift
	{ SITESYNC_DEBUG_STOP=$point env --default-signal=INT "$@" >stop.out 2>stop.err & } &&
	pid=$! &&
	test_wait_for 120 "stop point $point" test_is_stopped $pid &&
	test_grep "^sitesync: debug: stopped at .$point. (pid $pid)$" stop.err
}

# test_gone PID: no process PID any more
test_gone() { ! kill -0 "$1" 2>/dev/null; }

# test_file_has FILE PATTERN: FILE exists and has a line matching PATTERN (for test_wait_for)
test_file_has() { test -f "$1" && grep -q -e "$2" "$1"; }

# test_grep PATTERN FILE: like grep, but shows the file when it fails
test_grep() {
	if ! grep "$@"; then
		eval "last=\${$#}"
		echo "test_grep: no match for '$1' in:" >&2
		sed 's/^/| /' "$last" >&2
		return 1
	fi
}

# test_line_count = N FILE
test_line_count() {
	local n
	n=$(wc -l <"$3")
	if ! [ "$n" "$1" "$2" ]; then
		echo "test_line_count: $3 has $n lines, wanted $1 $2" >&2
		return 1
	fi
}

# Run at exit, last registered first (servers use this to stop).
test_at_exit() { test_cleanup_cmds="$1
$test_cleanup_cmds"; }
test_run_cleanup() {
	if [ -n "$test_cleanup_cmds" ]; then
		printf '%s\n' "$test_cleanup_cmds" | while IFS= read -r c; do
			[ -n "$c" ] && eval "$c" >/dev/null 2>&1
		done
	fi
	test_cleanup_cmds=
}
trap 'test_run_cleanup' EXIT
trap 'test_run_cleanup; exit 130' INT TERM

# The whole file cannot run here (a missing server binary, ...).
test_skip_all() {
	echo "1..0 # SKIP $*"
	test_run_cleanup
	exit 0
}

# "# time: wall Ns, cpu Ns": what this file took, servers included (tools/check
# lists the slowest files from these lines)
test_say_time() {
	local cpu
	# `times` in this shell (a $(...) subshell would count only itself)
	times >"$TRASH/.times"
	cpu=$(awk '{ for (i = 1; i <= NF; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } }
		END { printf "%.1f", s }' "$TRASH/.times")
	say "time: wall $((SECONDS - test_start))s, cpu ${cpu}s"
}

test_done() {
	echo "1..$test_count"
	test_run_cleanup
	test_say_time
	if [ $test_failures = 0 ]; then
		cd "$abs_top_builddir" && rm -rf "$TRASH"
		exit 0
	fi
	say "failed $test_failures of $test_count; trash kept in $TRASH"
	exit 1
}

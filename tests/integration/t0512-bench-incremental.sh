#!/bin/bash
# bench/sql-sync-incremental's plumbing without servers: it parses, refuses
# bad arguments with status 2, prints its help; its relay builds and moves
# bytes at the rate it is given, counting them.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

BENCH="$abs_top_srcdir/bench/sql-sync-incremental"

test_expect_success 'bench/sql-sync-incremental: bad arguments exit 2, --help works' '
	bash -n "$BENCH" &&
	{ "$BENCH" --size lots 2>err; test $? = 2; } &&
	test_grep "size must be a number" err &&
	{ "$BENCH" --rate 0 2>err; test $? = 2; } &&
	test_grep "rate must be a number" err &&
	{ "$BENCH" --frobnicate 2>err; test $? = 2; } &&
	test_grep "unknown argument .--frobnicate." err &&
	"$BENCH" --help >help &&
	test_grep -- "--rate" help
'

command -v cc >/dev/null && command -v python3 >/dev/null && test_set_prereq CC

test_expect_success CC 'the relay keeps to its rate and counts the bytes' '
	cc -O2 -pthread -o relay "$abs_top_srcdir/bench/rate-relay.c" &&
	python3 -c "
import socket, sys
s = socket.socket(); s.bind((\"127.0.0.1\", 0)); s.listen(1)
print(s.getsockname()[1]); sys.stdout.flush()
c, _ = s.accept()
n = 0
while True:
    d = c.recv(65536)
    if not d: break
    n += len(d)
c.sendall(str(n).encode()); c.close()
" >sink.port &
	sink=$! &&
	. "$abs_top_srcdir/tests/lib/servers.sh" &&
	ss_wait_for 10 test -s sink.port &&
	port=$(ss_free_port) &&
	{ ./relay "$port" 127.0.0.1 "$(cat sink.port)" 2000000 stats & } &&
	relay=$! &&
	ss_wait_for 10 test -s stats &&
	start=$(date +%s.%N) &&
	python3 -c "
import socket, sys
c = socket.create_connection((\"127.0.0.1\", int(sys.argv[1])))
c.sendall(b\"x\" * 3000000); c.shutdown(socket.SHUT_WR)
print(c.recv(100).decode())
" "$port" >got &&
	end=$(date +%s.%N) &&
	kill $relay && { wait $relay; true; } && { wait $sink; true; } &&
	test "$(cat got)" = 3000000 &&
	test "$(cat stats)" = "3000000 7" &&
	awk -v a="$start" -v b="$end" "BEGIN { exit !(b - a >= 1.0) }"
'

test_done

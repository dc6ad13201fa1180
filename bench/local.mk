# bench: benchmarks against the tools people use instead (run by hand, not by make check).
EXTRA_DIST += bench/sql-sync-mysql bench/sql-sync-pgsql bench/sql-sync-swap-window
EXTRA_DIST += bench/sql-sync-ssh bench/lib.sh bench/serve
# the scripts' plumbing at a tiny size (and tools/install-deps --bench)
TESTS += tests/integration/t0007-bench.sh
EXTRA_DIST += bench/sql-sync-incremental bench/rate-relay.c
TESTS += tests/integration/t0512-bench-incremental.sh

# bench: benchmarks against the tools people use instead (run by hand, not by make check).
EXTRA_DIST += bench/sql-sync-mysql
EXTRA_DIST += bench/sql-sync-ssh bench/lib.sh

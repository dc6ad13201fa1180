# lib/sync: the driver-neutral coordinator both sql-sync engines share
# (lib/mysql/sync, lib/pg/sync): the work queue, the parallel run, table lists,
# the pure parts of --incremental (chunks, chunk sums, row sets).
libsitesync_la_SOURCES += lib/sync/run.c lib/sync/run.h lib/sync/work.c lib/sync/match.c \
	lib/sync/delta.c lib/sync/delta.h

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_sync_delta
tests_unit_test_sync_delta_SOURCES = tests/unit/test_sync_delta.c tests/unit/unit.h
tests_unit_test_sync_delta_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sync_delta_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_sync_delta
endif

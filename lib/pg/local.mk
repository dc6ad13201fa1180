# lib/pg: the PostgreSQL catalog model, DDL generator and differ (shared by
# schema-diff and the PostgreSQL sql-sync).
libsitesync_la_SOURCES += \
	lib/pg_catalog.h lib/pg_catalog_sql.h \
	lib/pg_catalog_index.c lib/pg_catalog_load.c lib/pg_catalog_remap.c \
	lib/pg_quote.c lib/pg_quote.h \
	lib/pg_ddl.c lib/pg_ddl.h \
	lib/pg_order.c lib/pg_order.h \
	lib/pg_lossy.c \
	lib/pg_diff.c lib/pg_diff_table.c lib/pg_diff.h lib/pg_diff_int.h

# the PostgreSQL sql-sync engine
libsitesync_la_SOURCES += \
	lib/pg_sync.h lib/pg_sync_int.h \
	lib/pg_sync_names.c lib/pg_sync_sql.c lib/pg_sync_plan.c lib/pg_sync_support.c \
	lib/pg_sync_ranges.c lib/pg_sync_schema.c \
	lib/pg_sync_copy.c lib/pg_sync_worker.c lib/pg_sync_swap.c lib/pg_sync_marks.c \
	lib/pg_sync_owners.c lib/pg_sync_deps.c

EXTRA_DIST += bench/schema-diff

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_pg
tests_unit_test_pg_SOURCES = tests/unit/test_pg.c tests/unit/unit.h
tests_unit_test_pg_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_pg_LDADD = libsitesync.la $(CHECK_LIBS)
TESTS += tests/unit/test_pg

check_PROGRAMS += tests/unit/test_pg_sync
tests_unit_test_pg_sync_SOURCES = tests/unit/test_pg_sync.c tests/unit/unit.h
tests_unit_test_pg_sync_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PQ_CFLAGS)
tests_unit_test_pg_sync_LDADD = libsitesync.la $(CHECK_LIBS)
TESTS += tests/unit/test_pg_sync
endif

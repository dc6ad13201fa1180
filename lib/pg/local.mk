# lib/pg: the PostgreSQL catalog model, its DDL generator and the order of
# DDL changes, shared by the differ (lib/pg/diff) and the sql-sync engine
# (lib/pg/sync).
libsitesync_la_SOURCES += \
	lib/pg/catalog.h lib/pg/catalog_sql.h lib/pg/catalog_objects_sql.h \
	lib/pg/catalog_index.c lib/pg/catalog_load.c lib/pg/catalog_objects.c lib/pg/catalog_remap.c \
	lib/pg/quote.c lib/pg/quote.h \
	lib/pg/ddl.c lib/pg/ddl.h \
	lib/pg/order.c lib/pg/order.h

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

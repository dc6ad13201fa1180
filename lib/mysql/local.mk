# MySQL/MariaDB engine: row encoder, catalog, shadow DDL, sql-sync engine.
libsitesync_la_SOURCES += \
	lib/mysql_util.c lib/mysql_util.h \
	lib/mysql_encode.c lib/mysql_encode.h \
	lib/mysql_catalog.c lib/mysql_catalog.h \
	lib/mysql_ddl.c lib/mysql_ddl.h \
	lib/mysql_sync.h lib/mysql_sync_int.h \
	lib/mysql_sync_plan.c \
	lib/mysql_sync_snapshot.c \
	lib/mysql_sync_loader.c \
	lib/mysql_sync_worker.c \
	lib/mysql_sync_copy.c \
	lib/mysql_sync_swap.c \
	lib/mysql_sync_objects.c \
	lib/mysql_sync_saved.c \
	lib/mysql_sync_restore.c

# the driver-neutral coordinator shared by both sql-sync engines (lib/pg_sync* too)
libsitesync_la_SOURCES += lib/sync_run.c lib/sync_run.h lib/sync_work.c lib/sync_match.c

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mysql_encode tests/unit/test_mysql_ddl
tests_unit_test_mysql_encode_SOURCES = tests/unit/test_mysql_encode.c tests/unit/unit.h
tests_unit_test_mysql_encode_CFLAGS = $(UNIT_CFLAGS) $(MYSQL_CFLAGS)
tests_unit_test_mysql_encode_LDADD = $(UNIT_LDADD)
tests_unit_test_mysql_ddl_SOURCES = tests/unit/test_mysql_ddl.c tests/unit/unit.h
tests_unit_test_mysql_ddl_CFLAGS = $(UNIT_CFLAGS) $(MYSQL_CFLAGS)
tests_unit_test_mysql_ddl_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_mysql_encode tests/unit/test_mysql_ddl
endif

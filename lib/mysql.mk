# MySQL/MariaDB engine: row encoder, catalog, sql-sync engine.
libsitesync_la_SOURCES += \
	lib/mysql_encode.c lib/mysql_encode.h

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mysql_encode
tests_unit_test_mysql_encode_SOURCES = tests/unit/test_mysql_encode.c \
	lib/mysql_encode.c lib/mysql_encode.h tests/unit/unit.h
tests_unit_test_mysql_encode_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mysql_encode_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_mysql_encode
endif

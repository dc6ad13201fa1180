# lib/mysql: the MySQL/MariaDB engine's building blocks: row encoder, catalog,
# shadow DDL (the sql-sync engine on top of them is lib/mysql/sync).
libsitesync_la_SOURCES += \
	lib/mysql/util.c lib/mysql/util.h \
	lib/mysql/encode.c lib/mysql/encode.h \
	lib/mysql/catalog.c lib/mysql/catalog.h \
	lib/mysql/ddl.c lib/mysql/ddl.h \
	lib/mysql/lex.c lib/mysql/lex.h \
	lib/mysql/requalify.c lib/mysql/requalify.h

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_mysql_encode tests/unit/test_mysql_ddl \
	tests/unit/test_mysql_requalify
tests_unit_test_mysql_encode_SOURCES = tests/unit/test_mysql_encode.c tests/unit/unit.h
tests_unit_test_mysql_encode_CFLAGS = $(UNIT_CFLAGS) $(MYSQL_CFLAGS)
tests_unit_test_mysql_encode_LDADD = $(UNIT_LDADD)
tests_unit_test_mysql_ddl_SOURCES = tests/unit/test_mysql_ddl.c tests/unit/unit.h
tests_unit_test_mysql_ddl_CFLAGS = $(UNIT_CFLAGS) $(MYSQL_CFLAGS)
tests_unit_test_mysql_ddl_LDADD = $(UNIT_LDADD)
tests_unit_test_mysql_requalify_SOURCES = tests/unit/test_mysql_requalify.c tests/unit/unit.h
tests_unit_test_mysql_requalify_CFLAGS = $(UNIT_CFLAGS) $(MYSQL_CFLAGS)
tests_unit_test_mysql_requalify_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_mysql_encode tests/unit/test_mysql_ddl tests/unit/test_mysql_requalify
endif

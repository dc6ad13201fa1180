# Database connections from an alias: MySQL/MariaDB (Connector/C) and
# PostgreSQL (libpq), over TCP or a local socket.
libsitesync_la_SOURCES += \
	lib/db/db.c \
	lib/db/endpoint.c \
	lib/db/internal.h \
	lib/db/message.c \
	lib/db/mysql.c \
	lib/db/pg.c \
	lib/db/quote.c

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_db
tests_unit_test_db_SOURCES = tests/unit/test_db.c tests/unit/unit.h
tests_unit_test_db_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_db_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_db
endif

# Quoting and exec against real servers: a program the shell test drives.
check_PROGRAMS += tests/unit/test_db_roundtrip
tests_unit_test_db_roundtrip_SOURCES = tests/unit/test_db_roundtrip.c
tests_unit_test_db_roundtrip_CFLAGS = $(AM_CFLAGS) $(MYSQL_CFLAGS) $(PQ_CFLAGS)
tests_unit_test_db_roundtrip_LDADD = libsitesync.la $(MYSQL_LIBS) $(PQ_LIBS)
TESTS += tests/integration/t0202-db-quoting.sh

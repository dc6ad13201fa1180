# lib/sanitize: in-flight sanitizing rules (sql-sync --sanitize): YAML rules,
# the drupal and wordpress profiles, the HMAC key, and the SQL each engine's
# source query runs instead of the personal data.  Calls lib/core only.
libsitesync_la_SOURCES += \
	lib/sanitize/sanitize.h lib/sanitize/internal.h \
	lib/sanitize/rules.c \
	lib/sanitize/parse.c \
	lib/sanitize/profiles.c \
	lib/sanitize/key.c \
	lib/sanitize/types.c \
	lib/sanitize/tables.c \
	lib/sanitize/bind.c \
	lib/sanitize/render.c \
	lib/sanitize/render_mysql.c \
	lib/sanitize/render_pg.c \
	lib/sanitize/report.c

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_sanitize
tests_unit_test_sanitize_SOURCES = tests/unit/test_sanitize.c tests/unit/unit.h
tests_unit_test_sanitize_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sanitize_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_sanitize
endif

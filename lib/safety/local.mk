# The safety model every destructive command shares: role policy, the
# confirmation prompt, the per-target lock, the history and the hooks.
libsitesync_la_SOURCES += \
	lib/policy.c \
	lib/prompt.c \
	lib/lock.c lib/lock.h lib/lock_mysql.c lib/lock_pg.c \
	lib/history.c lib/history.h lib/history_read.c \
	lib/hooks.c

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_safety
tests_unit_test_safety_SOURCES = tests/unit/test_safety.c tests/unit/unit.h
tests_unit_test_safety_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_safety_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_safety
endif

# The safety model every destructive command shares: role policy, the
# confirmation prompt, the per-target lock, the history and the hooks.
libsitesync_la_SOURCES += \
	lib/safety/policy.c \
	lib/safety/prompt.c \
	lib/safety/lock.c lib/safety/lock.h lib/safety/lock_mysql.c lib/safety/lock_pg.c \
	lib/safety/lock_recover.c \
	lib/safety/history.c lib/safety/history.h lib/safety/history_read.c \
	lib/safety/hooks.c

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_safety
tests_unit_test_safety_SOURCES = tests/unit/test_safety.c tests/unit/unit.h
tests_unit_test_safety_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_safety_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_safety
endif

# SSH transport (libssh): ssh.options, sessions, remote exec, tunnels.
libsitesync_la_SOURCES += \
	lib/ssh_options.c lib/ssh_options.h

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_ssh_options
tests_unit_test_ssh_options_SOURCES = tests/unit/test_ssh_options.c tests/unit/unit.h
tests_unit_test_ssh_options_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ssh_options_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_ssh_options
endif

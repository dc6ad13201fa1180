# SSH transport (libssh): ssh.options, sessions, remote exec, tunnels.
libsitesync_la_SOURCES += \
	lib/ssh/options.c lib/ssh/options.h \
	lib/ssh/internal.h \
	lib/ssh/connect.c \
	lib/ssh/hostkey.c \
	lib/ssh/auth.c \
	lib/ssh/pool.c \
	lib/ssh/exec.c \
	lib/ssh/tunnel.c

pkginclude_HEADERS += include/sitesync/ssh.h

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_ssh_options
tests_unit_test_ssh_options_SOURCES = tests/unit/test_ssh_options.c tests/unit/unit.h
tests_unit_test_ssh_options_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ssh_options_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_ssh_options
endif

# A test-only command driving the SSH layer (connect, exec, hook, tunnel).
check_LTLIBRARIES += tests/plugins/ssh-probe.la
tests_plugins_ssh_probe_la_SOURCES = tests/plugins/ssh-probe.c
tests_plugins_ssh_probe_la_LDFLAGS = $(PLUGIN_LDFLAGS) -rpath /nowhere
tests_plugins_ssh_probe_la_LIBADD = $(PLUGIN_LIBADD)

TESTS += \
	tests/integration/t0501-ssh-session.sh \
	tests/integration/t0502-ssh-exec.sh \
	tests/integration/t0503-ssh-tunnel.sh \
	tests/integration/t0504-ssh-alias.sh

# Remote aliases end to end: sql-sync, sql-drop and status through tunnels.
TESTS += \
	tests/integration/t0505-sql-sync-ssh-mysql.sh \
	tests/integration/t0506-ssh-pg.sh \
	tests/integration/t0507-ssh-auth-prompts.sh \
	tests/integration/t0508-bench-ssh.sh \
	tests/integration/t0509-sql-sync-ssh-pg.sh \
	tests/integration/t0510-ssh-tunnel-memory.sh \
	tests/integration/t0511-sql-sync-compress.sh
EXTRA_DIST += tests/lib/remote.sh tests/lib/pty-run.py

# plugins/rsync: `sitesync rsync` (drush rsync, the dfiles wrapper) and its tests.
pkglib_LTLIBRARIES += plugins/rsync.la
plugins_rsync_la_SOURCES = \
	plugins/rsync/rsync.c \
	plugins/rsync/rsync.h \
	plugins/rsync/endpoint.c \
	plugins/rsync/system.c \
	plugins/rsync/native.c \
	plugins/rsync/native.h \
	plugins/rsync/native_plan.c \
	plugins/rsync/output.c \
	plugins/rsync/output.h \
	plugins/rsync/progress.c \
	plugins/rsync/progress.h \
	plugins/rsync/tree.c \
	plugins/rsync/tree.h \
	plugins/rsync/tree_local.c \
	plugins/rsync/tree_sftp.c \
	plugins/rsync/tree_sftp.h \
	plugins/rsync/tree_sftp_write.c \
	plugins/rsync/sftp_pipe.c \
	plugins/rsync/sftp_pipe.h
plugins_rsync_la_CFLAGS = $(AM_CFLAGS) $(SSH_CFLAGS)
plugins_rsync_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_rsync_la_LIBADD = $(PLUGIN_LIBADD) $(SSH_LIBS)


TESTS += \
	tests/integration/t0601-rsync-local.sh \
	tests/integration/t0602-rsync-ssh.sh \
	tests/integration/t0603-rsync-native.sh
EXTRA_DIST += bench/rsync tests/lib/rsync-native.sh
TESTS += tests/integration/t0604-rsync-hostile-names.sh
TESTS += \
	tests/integration/t0605-rsync-native-sftp.sh \
	tests/integration/t0606-rsync-native-hostile-names.sh \
	tests/integration/t0607-rsync-native-interrupt.sh \
	tests/integration/t0608-rsync-native-stale-temps.sh \
	tests/integration/t0609-rsync-native-errors.sh

# The pure parts of the native engine (tree order, filters, temp names,
# quick check, itemise, progress, the posix-rename packet, the plan).
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_rsync_tree
tests_unit_test_rsync_tree_SOURCES = tests/unit/test_rsync_tree.c \
	plugins/rsync/tree.c plugins/rsync/progress.c plugins/rsync/sftp_pipe.c \
	plugins/rsync/native_plan.c
tests_unit_test_rsync_tree_CFLAGS = $(UNIT_CFLAGS) $(SSH_CFLAGS)
tests_unit_test_rsync_tree_LDADD = $(UNIT_LDADD) $(SSH_LIBS)
TESTS += tests/unit/test_rsync_tree
endif

# plugins/rsync: `sitesync rsync` (drush rsync, the dfiles wrapper) and its tests.
pkglib_LTLIBRARIES += plugins/rsync.la
plugins_rsync_la_SOURCES = \
	plugins/rsync/rsync.c \
	plugins/rsync/rsync.h \
	plugins/rsync/endpoint.c \
	plugins/rsync/system.c \
	plugins/rsync/native.c \
	plugins/rsync/progress.c \
	plugins/rsync/progress.h \
	plugins/rsync/tree.c \
	plugins/rsync/tree.h \
	plugins/rsync/tree_local.c \
	plugins/rsync/tree_sftp.c
plugins_rsync_la_CFLAGS = $(AM_CFLAGS) $(SSH_CFLAGS)
plugins_rsync_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_rsync_la_LIBADD = $(PLUGIN_LIBADD) $(SSH_LIBS)


TESTS += \
	tests/integration/t0601-rsync-local.sh \
	tests/integration/t0602-rsync-ssh.sh \
	tests/integration/t0603-rsync-native.sh
EXTRA_DIST += bench/rsync
TESTS += tests/integration/t0604-rsync-hostile-names.sh
TESTS += tests/integration/t0605-rsync-native-sftp.sh

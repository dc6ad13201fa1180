# plugins/rsync: `sitesync rsync` (drush rsync, the dfiles wrapper) and its tests.
pkglib_LTLIBRARIES += plugins/rsync.la
plugins_rsync_la_SOURCES = \
	plugins/rsync/rsync.c \
	plugins/rsync/rsync.h \
	plugins/rsync/endpoint.c \
	plugins/rsync/system.c \
	plugins/rsync/native.c
plugins_rsync_la_CFLAGS = $(AM_CFLAGS)
plugins_rsync_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_rsync_la_LIBADD = $(PLUGIN_LIBADD)


TESTS += \
	tests/integration/t0601-rsync-local.sh \
	tests/integration/t0602-rsync-ssh.sh \
	tests/integration/t0603-rsync-native.sh
EXTRA_DIST += bench/rsync
TESTS += tests/integration/t0604-rsync-hostile-names.sh

# The rsync command (drush rsync, dfiles): path aliases, safety, system rsync.
pkglib_LTLIBRARIES += plugins/rsync.la
plugins_rsync_la_SOURCES = \
	plugins/rsync/rsync.c plugins/rsync/rsync.h \
	plugins/rsync/paths.c \
	plugins/rsync/system.c
plugins_rsync_la_CFLAGS = $(AM_CFLAGS) $(SSH_CFLAGS)
plugins_rsync_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_rsync_la_LIBADD = $(PLUGIN_LIBADD)

TESTS += tests/integration/t0601-rsync.sh

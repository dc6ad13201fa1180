# libsitesync: the library every plugin links against (the plugin SDK).
lib_LTLIBRARIES += libsitesync.la
libsitesync_la_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS) $(SSH_CFLAGS) $(PQ_CFLAGS) $(MYSQL_CFLAGS)
libsitesync_la_LIBADD = $(YAML_LIBS) $(SSH_LIBS) $(PQ_LIBS) $(MYSQL_LIBS)
libsitesync_la_LDFLAGS = -version-info 0:0:0 -no-undefined
libsitesync_la_SOURCES = \
	lib/whoami.c lib/whoami.h \
	lib/args.c \
	lib/buf.c \
	lib/ctx.c lib/ctx.h \
	lib/error.c \
	lib/format.c \
	lib/json.c \
	lib/node.c \
	lib/suggest.c lib/suggest.h

pkginclude_HEADERS += \
	include/sitesync/sitesync.h \
	include/sitesync/plugin.h \
	include/sitesync/context.h \
	include/sitesync/error.h \
	include/sitesync/format.h \
	include/sitesync/buf.h \
	include/sitesync/json.h \
	include/sitesync/node.h \
	include/sitesync/alias.h \
	include/sitesync/db.h \
	include/sitesync/safety.h

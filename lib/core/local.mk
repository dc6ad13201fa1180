# libsitesync: the library every plugin links against (the plugin SDK).
lib_LTLIBRARIES += libsitesync.la
libsitesync_la_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS) $(SSH_CFLAGS) $(PQ_CFLAGS) $(MYSQL_CFLAGS)
libsitesync_la_LIBADD = $(YAML_LIBS) $(SSH_LIBS) $(PQ_LIBS) $(MYSQL_LIBS)
libsitesync_la_LDFLAGS = -version-info 0:0:0 -no-undefined
libsitesync_la_SOURCES = \
	lib/core/whoami.c lib/core/whoami.h \
	lib/core/args.c \
	lib/core/buf.c \
	lib/core/ctx.c lib/core/ctx.h \
	lib/core/debug.c lib/core/debug.h \
	lib/core/error.c \
	lib/core/event.c \
	lib/core/format.c \
	lib/core/interrupt.c lib/core/interrupt.h \
	lib/core/json.c \
	lib/core/node.c \
	lib/core/scalar.c \
	lib/core/suggest.c lib/core/suggest.h

pkginclude_HEADERS += \
	include/sitesync/sitesync.h \
	include/sitesync/plugin.h \
	include/sitesync/context.h \
	include/sitesync/error.h \
	include/sitesync/event.h \
	include/sitesync/format.h \
	include/sitesync/interrupt.h \
	include/sitesync/buf.h \
	include/sitesync/json.h \
	include/sitesync/node.h \
	include/sitesync/alias.h \
	include/sitesync/db.h \
	include/sitesync/safety.h

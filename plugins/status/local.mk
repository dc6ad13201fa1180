# plugins/status: `sitesync status [@alias]`, an alias and whether its database answers.
pkglib_LTLIBRARIES += plugins/status.la
plugins_status_la_SOURCES = \
	plugins/status/status.c \
	plugins/status/status.h \
	plugins/status/status_json.c \
	plugins/status/status_text.c
plugins_status_la_CFLAGS = $(AM_CFLAGS) $(MYSQL_CFLAGS)
plugins_status_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_status_la_LIBADD = $(PLUGIN_LIBADD)

TESTS += tests/integration/t0201-status.sh tests/integration/t0203-status-ssh.sh

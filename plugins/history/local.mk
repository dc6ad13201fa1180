# plugins/history: `sitesync history`, the runs recorded by destructive commands.
pkglib_LTLIBRARIES += plugins/history.la
plugins_history_la_SOURCES = plugins/history/history.c
plugins_history_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_history_la_LIBADD = $(PLUGIN_LIBADD)
TESTS += tests/integration/t0303-history.sh

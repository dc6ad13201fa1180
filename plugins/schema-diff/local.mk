# plugins/schema-diff: compare two PostgreSQL schemas, write or apply the ALTER script.
pkglib_LTLIBRARIES += plugins/schema-diff.la
plugins_schema_diff_la_SOURCES = \
	plugins/schema-diff/schema_diff.c \
	plugins/schema-diff/endpoint.c plugins/schema-diff/endpoint.h \
	plugins/schema-diff/alias_endpoint.c \
	plugins/schema-diff/script.c plugins/schema-diff/script.h \
	plugins/schema-diff/apply.c plugins/schema-diff/apply.h
plugins_schema_diff_la_CFLAGS = $(AM_CFLAGS) $(PQ_CFLAGS)
plugins_schema_diff_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_schema_diff_la_LIBADD = $(PLUGIN_LIBADD) $(PQ_LIBS)

TESTS += tests/integration/t0801-schema-diff-corpus.sh tests/integration/t0802-schema-diff-options.sh \
	tests/integration/t0803-schema-diff-apply.sh
EXTRA_DIST += $(patsubst $(srcdir)/%,%,$(wildcard $(srcdir)/tests/schema-diff/*/*.sql \
	$(srcdir)/tests/schema-diff/*/args))

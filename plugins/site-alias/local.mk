# plugins/site-alias: the `site-alias` (`sa`) command.
pkglib_LTLIBRARIES += plugins/site-alias.la
plugins_site_alias_la_SOURCES = \
	plugins/site-alias/site-alias.c \
	plugins/site-alias/sa.h \
	plugins/site-alias/sa_json.c \
	plugins/site-alias/sa_yaml.c
plugins_site_alias_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_site_alias_la_LIBADD = $(PLUGIN_LIBADD)

TESTS += tests/integration/t0101-aliases.sh
# alias files as teams and hosting platforms write them, with what drush resolves
TESTS += tests/integration/t0102-aliases-corpus.sh
EXTRA_DIST += tests/lib/alias-corpus.py \
	$(patsubst $(srcdir)/%,%,$(wildcard $(srcdir)/tests/aliases-corpus/*/*.site.yml \
		$(srcdir)/tests/aliases-corpus/*/*/*.site.yml $(srcdir)/tests/aliases-corpus/*/*.php))

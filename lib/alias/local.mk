# Site aliases: *.site.yml files (libyaml), search path, resolution.
libsitesync_la_SOURCES += \
	lib/alias/alias.c \
	lib/alias/ctx_aliases.c \
	lib/alias/internal.h \
	lib/alias/entry.c \
	lib/alias/env.c \
	lib/alias/load.c \
	lib/alias/merge.c \
	lib/alias/resolve.c \
	lib/alias/search.c \
	lib/alias/dburl.c \
	lib/alias/dotenv.c \
	lib/alias/interpolate.c \
	lib/alias/secret.c \
	lib/alias/yaml_load.c lib/alias/yaml_load.h

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_alias
tests_unit_test_alias_SOURCES = tests/unit/test_alias.c tests/unit/unit.h
tests_unit_test_alias_CPPFLAGS = $(AM_CPPFLAGS) -DSRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_alias_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_alias_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_alias
endif

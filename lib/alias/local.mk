# Site aliases: *.site.yml files (libyaml), search path, resolution.
libsitesync_la_SOURCES += \
	lib/alias.c \
	lib/alias_int.h \
	lib/alias_entry.c \
	lib/alias_env.c \
	lib/alias_load.c \
	lib/alias_resolve.c \
	lib/alias_search.c \
	lib/dburl.c \
	lib/dotenv.c \
	lib/interpolate.c \
	lib/secret.c \
	lib/yaml_load.c lib/yaml_load.h

if HAVE_CHECK
check_PROGRAMS += tests/unit/test_alias
tests_unit_test_alias_SOURCES = tests/unit/test_alias.c tests/unit/unit.h
tests_unit_test_alias_CPPFLAGS = $(AM_CPPFLAGS) -DSRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_alias_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_alias_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_alias
endif

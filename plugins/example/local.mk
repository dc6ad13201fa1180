# The example plugin: built here (check only) so SDK changes that break it
# fail the build; teams build their copy with plugins/example/GNUmakefile.
check_LTLIBRARIES += plugins/example/hello.la
plugins_example_hello_la_SOURCES = plugins/example/hello.c
plugins_example_hello_la_LDFLAGS = $(PLUGIN_LDFLAGS) -rpath /nowhere
plugins_example_hello_la_LIBADD = $(PLUGIN_LIBADD)
EXTRA_DIST += plugins/example/GNUmakefile

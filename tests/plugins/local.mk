# Test-only plugin modules (never installed): each one is wrong in a way the
# loader must report, see tests/integration/t0003-plugins.sh.
TEST_PLUGIN_LDFLAGS = -module -avoid-version -shared -no-undefined -rpath /nowhere
check_LTLIBRARIES += \
	tests/plugins/other-abi.la \
	tests/plugins/not-plugin.la \
	tests/plugins/twin.la \
	tests/plugins/broken.la
tests_plugins_other_abi_la_SOURCES = tests/plugins/other-abi.c
tests_plugins_other_abi_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_not_plugin_la_SOURCES = tests/plugins/not-plugin.c
tests_plugins_not_plugin_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_twin_la_SOURCES = tests/plugins/twin.c
tests_plugins_twin_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_broken_la_SOURCES = tests/plugins/broken.c
tests_plugins_broken_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

# Test drivers: everything speaks TAP through automake's tap-driver.sh.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = bash
AM_TESTS_ENVIRONMENT = \
	abs_top_builddir='$(abs_top_builddir)'; abs_top_srcdir='$(abs_top_srcdir)'; \
	export abs_top_builddir abs_top_srcdir;
EXTRA_DIST += tests/lib/test-lib.sh tests/lib/servers.sh

clean-local: clean-trash
clean-trash:
	-rm -rf tests/trash.*
.PHONY: clean-trash

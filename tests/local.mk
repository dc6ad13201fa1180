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
	-rm -rf tests/trash.* tests/plugins-under-test

# The plugins the tests load (test-lib.sh's $SITESYNC_PLUGIN_PATH): hard links
# to plugins/.libs/NAME.so, made before the tests run.  Not plugins/.libs
# itself: `make install` (t0004-sdk.sh runs it beside the other tests)
# relinks every plugin there, and libtool moves NAME.so aside to NAME.soU
# while it does, so a test starting then would find no such command.  A
# link keeps the file it was made to.
check_DATA = tests/plugins-under-test/.stamp
tests/plugins-under-test/.stamp: $(pkglib_LTLIBRARIES)
	$(AM_V_GEN)rm -rf tests/plugins-under-test && \
	$(MKDIR_P) tests/plugins-under-test && \
	for la in $(pkglib_LTLIBRARIES); do \
		so=plugins/.libs/`basename $$la .la`.so; \
		ln -f $$so tests/plugins-under-test/ 2>/dev/null || \
			cp -p $$so tests/plugins-under-test/ || exit 1; \
	done && touch $@

# Where `make install` puts things, for the installed-SDK test.
AM_TESTS_ENVIRONMENT += \
	ss_prefix='$(prefix)'; ss_bindir='$(bindir)'; ss_libdir='$(libdir)'; \
	ss_includedir='$(includedir)'; ss_pkglibdir='$(pkglibdir)'; \
	ss_pkgincludedir='$(pkgincludedir)'; ss_mandir='$(mandir)'; \
	export ss_prefix ss_bindir ss_libdir ss_includedir ss_pkglibdir ss_pkgincludedir ss_mandir;

include tests/plugins/local.mk

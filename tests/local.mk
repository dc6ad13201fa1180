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

# Where `make install` puts things, for the installed-SDK test.
AM_TESTS_ENVIRONMENT += \
	ss_prefix='$(prefix)'; ss_bindir='$(bindir)'; ss_libdir='$(libdir)'; \
	ss_includedir='$(includedir)'; ss_pkglibdir='$(pkglibdir)'; \
	ss_pkgincludedir='$(pkgincludedir)'; ss_mandir='$(mandir)'; \
	export ss_prefix ss_bindir ss_libdir ss_includedir ss_pkglibdir ss_pkgincludedir ss_mandir;

include tests/plugins/local.mk

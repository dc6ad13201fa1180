# plugins/serve: `sitesync serve`, sync jobs behind an HTTP API and a web page
# (libmicrohttpd + GnuTLS, SQLite, jansson, libcurl for webhooks).
pkglib_LTLIBRARIES += plugins/serve.la
plugins_serve_la_SOURCES = \
	plugins/serve/serve.c plugins/serve/serve.h \
	plugins/serve/setup.c plugins/serve/setup.h \
	plugins/serve/sites.c plugins/serve/sites.h \
	plugins/serve/tokens.c plugins/serve/tokens.h \
	plugins/serve/crypto.c plugins/serve/crypto.h \
	plugins/serve/settings.c plugins/serve/settings.h \
	plugins/serve/store.c plugins/serve/store.h \
	plugins/serve/runner.c plugins/serve/runner.h \
	plugins/serve/spawn.c plugins/serve/spawn.h \
	plugins/serve/events.c plugins/serve/events.h \
	plugins/serve/webhook.c plugins/serve/webhook.h \
	plugins/serve/http.c plugins/serve/http.h \
	plugins/serve/api.c plugins/serve/api.h \
	plugins/serve/sse.c \
	plugins/serve/static.c \
	plugins/serve/job_json.c plugins/serve/job_json.h \
	plugins/serve/scrub.c
SERVE_CFLAGS = $(MHD_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(GNUTLS_CFLAGS) $(CURL_CFLAGS)
SERVE_LIBS = $(MHD_LIBS) $(SQLITE_LIBS) $(JANSSON_LIBS) $(GNUTLS_LIBS) $(CURL_LIBS)
plugins_serve_la_CPPFLAGS = $(AM_CPPFLAGS) -DSS_PKGDATADIR='"$(pkgdatadir)"' \
	-DSS_SRCDIR='"$(abs_top_srcdir)"'
plugins_serve_la_CFLAGS = $(AM_CFLAGS) $(SERVE_CFLAGS)
plugins_serve_la_LDFLAGS = $(PLUGIN_LDFLAGS)
plugins_serve_la_LIBADD = $(PLUGIN_LIBADD) $(SERVE_LIBS)

# The web page: plain files, no build step, installed in $(pkgdatadir)/web.
webdir = $(pkgdatadir)/web
dist_web_DATA = share/sitesync/web/index.html share/sitesync/web/app.js \
	share/sitesync/web/style.css

# The pure parts: the token file, HMAC, the child's events and lines.
if HAVE_CHECK
check_PROGRAMS += tests/unit/test_serve
tests_unit_test_serve_SOURCES = tests/unit/test_serve.c \
	plugins/serve/tokens.c plugins/serve/crypto.c plugins/serve/events.c \
	plugins/serve/webhook.c plugins/serve/job_json.c plugins/serve/store.c \
	plugins/serve/settings.c
tests_unit_test_serve_CFLAGS = $(UNIT_CFLAGS) $(SERVE_CFLAGS)
tests_unit_test_serve_LDADD = $(UNIT_LDADD) $(SERVE_LIBS)
TESTS += tests/unit/test_serve
endif

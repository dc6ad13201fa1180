/*
 * plugins/serve/setup.h - what serve settles before it listens: the state
 * directory (private, locked so that one serve uses it), the address and
 * whether it is loopback, the TLS certificate and key, the web directory,
 * the sitesync binary the jobs run.
 */
#ifndef SERVE_SETUP_H
#define SERVE_SETUP_H

#include <sitesync/error.h>

struct serve;

/* Make the state directory (0700) and take its lock; *lock_fd stays open while serve runs. */
int setup_state(struct serve *sv, const char *dir, int *lock_fd, struct ss_error *err);

/*
 * "HOST:PORT", "[V6]:PORT" or ":PORT" (127.0.0.1) into sv->addr; port 0
 * picks a free one.  HOST is a numeric address or "localhost".
 */
int setup_listen(struct serve *sv, const char *listen, struct ss_error *err);

/*
 * Plain HTTP is for loopback only: elsewhere TLS (cert and key read into
 * sv) or insecure_http, else SS_REFUSED.
 */
int setup_tls(struct serve *sv, const char *cert, const char *key, int insecure_http,
	      struct ss_error *err);

/* --web-dir, else the installed $(pkgdatadir)/web, else the source tree's share/sitesync/web. */
int setup_web_dir(struct serve *sv, const char *given, struct ss_error *err);

/* This sitesync binary (/proc/self/exe), which every job step runs. */
int setup_exe(struct serve *sv, struct ss_error *err);

/* The default state directory: $XDG_STATE_HOME/sitesync/serve (owned). */
char *setup_default_state(void);

#endif

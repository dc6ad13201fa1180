/*
 * plugins/serve/serve.h - `sitesync serve`: the state of one server and how
 * its parts meet.
 *
 *   serve.c     options, start, the signal wait, the orderly stop
 *   sites.c     the sites and directions, from the alias files
 *   tokens.c    bearer tokens (hashed), their limits
 *   settings.c  serve.yml: webhooks per site
 *   store.c     the SQLite job store
 *   runner.c    the job queue: a child `sitesync` per step, --jobs at once
 *   spawn.c     starting a child: argv, no shell, its own process group
 *   events.c    reading a child: its log lines and --progress-fd events
 *   webhook.c   signed deliveries when a job ends (libcurl)
 *   http.c      libmicrohttpd: requests, auth, replies
 *   api.c       the /api/v1 routes
 *   sse.c       a job's log as Server-Sent Events
 *   static.c    the web page's files
 *   job_json.c  a job as JSON (API, log stream, webhooks)
 *   scrub.c     secrets masked out of every log line
 */
#ifndef SERVE_SERVE_H
#define SERVE_SERVE_H

#include <stdatomic.h>
#include <sys/socket.h>

#include <sitesync/sitesync.h>

#include "plugins/serve/settings.h"
#include "plugins/serve/sites.h"

struct store;
struct tokens;
struct runner;
struct webhooks;
struct http;

struct serve {
	struct ss_ctx *ctx;
	/* options */
	char *listen;                 /* "127.0.0.1:8470" as given */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	int loopback;                 /* the address is a loopback one */
	char *state_dir;
	char *token_path, *config_path, *store_path, *web_dir;
	char *tls_cert, *tls_key;     /* PEM contents; the key is wiped at the end */
	int jobs;                     /* children at once */
	long queue_max;               /* pending jobs at most (429 past it) */
	char *exe;                    /* this sitesync binary, run for every step */
	/* parts */
	struct store *store;
	struct tokens *tokens;
	struct sites sites;
	struct serve_config config;
	struct runner *runner;
	struct webhooks *webhooks;
	struct http *http;
	char **secrets;               /* to mask in logs (NULL-terminated; wiped) */
	long long *recovered;         /* jobs failed at start (their webhooks are due) */
	size_t nrecovered;
	atomic_int stopping;
};

/* Copy text to out with every known secret and anything like a password masked. */
void serve_scrub(const struct serve *sv, const char *text, struct ss_buf *out);
/* The database passwords of the sites and the webhook secrets, for serve_scrub. */
void serve_scrub_load(struct serve *sv);
void serve_scrub_release(struct serve *sv);

#endif

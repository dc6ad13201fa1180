/*
 * plugins/serve/http.h - the HTTP side: a libmicrohttpd daemon (a thread
 * per connection, TLS through GnuTLS with --tls-cert/--tls-key), a request
 * with its body (64 KB at most), bearer token checks and the replies every
 * route shares.  Every reply is JSON {"error":"...",...} on failure, with
 * Cache-Control: no-store; no reply ever holds a secret.
 */
#ifndef SERVE_HTTP_H
#define SERVE_HTTP_H

#include <microhttpd.h>
#include <jansson.h>

#include <sitesync/buf.h>
#include <sitesync/error.h>

#include "plugins/serve/tokens.h"

struct serve;
struct http;

struct req {
	struct serve *sv;
	struct MHD_Connection *conn;
	const char *method, *url;
	struct ss_buf body;
	int too_big;
	struct token_set *tokens;     /* held while the request runs, for tok */
	const struct token *tok;      /* after req_auth */
};

int http_start(struct serve *sv, struct http **out, struct ss_error *err);
/* The port the daemon listens on (the one picked for port 0). */
int http_port(const struct http *h);
void http_stop(struct http *h);

/* Reply body (a reference is taken over) with status; extra headers name/value pairs, NULL-ended. */
enum MHD_Result reply_json(struct req *r, unsigned status, json_t *body, ...);

/* {"error":"message"[,"field":field]} with status. */
enum MHD_Result reply_error(struct req *r, unsigned status, const char *field,
			    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The error of a library call: the status an ss_status maps to (403 refused, 409 busy...). */
enum MHD_Result reply_ss_error(struct req *r, const struct ss_error *err, const char *field);

/*
 * The bearer token of the request (Authorization: Bearer TOKEN): 0 with
 * r->tok set, or -1 after replying 401 (no token, an unknown one).
 */
int req_auth(struct req *r, enum MHD_Result *ret);

/* Content-Type, and what every reply has: Cache-Control: no-store, nosniff, no referrer. */
void http_headers(struct MHD_Response *resp, const char *type);

/* A request header, or NULL. */
const char *req_header(struct req *r, const char *name);

#endif

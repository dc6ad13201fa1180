/* http.c - the libmicrohttpd daemon: requests and bodies, bearer tokens, JSON replies. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plugins/serve/api.h"
#include "plugins/serve/http.h"
#include "plugins/serve/serve.h"

#define MAX_BODY (64 * 1024)

struct http {
	struct MHD_Daemon *d;
	int port;
};

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void http_headers(struct MHD_Response *resp, const char *type)
{
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
}

enum MHD_Result reply_json(struct req *r, unsigned status, json_t *body, ...)
{
	char *text = json_dumps(body, JSON_COMPACT);
	struct MHD_Response *resp;
	enum MHD_Result ret;
	const char *name;
	size_t len;
	va_list ap;

	json_decref(body);
	if (!text)
		text = strdup("{\"error\":\"cannot encode the reply\"}");
	len = strlen(text);
	resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	http_headers(resp, "application/json");
	va_start(ap, body);
	while ((name = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);

		MHD_add_response_header(resp, name, value);
	}
	va_end(ap);
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result reply_error(struct req *r, unsigned status, const char *field, const char *fmt,
			    ...)
{
	struct ss_buf msg = SS_BUF_INIT;
	json_t *o = json_object();
	va_list ap;

	va_start(ap, fmt);
	ss_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	json_object_set_new(o, "error", json_string(msg.data));
	if (field)
		json_object_set_new(o, "field", json_string(field));
	ss_buf_release(&msg);
	if (status == MHD_HTTP_UNAUTHORIZED)
		return reply_json(r, status, o, "WWW-Authenticate", "Bearer realm=\"sitesync\"",
				  NULL);
	return reply_json(r, status, o, NULL);
}

enum MHD_Result reply_ss_error(struct req *r, const struct ss_error *err, const char *field)
{
	unsigned status = err->status == SS_REFUSED ? MHD_HTTP_FORBIDDEN
			  : err->status == SS_BUSY ? MHD_HTTP_CONFLICT
			  : err->status == SS_USAGE ? MHD_HTTP_BAD_REQUEST
			  : MHD_HTTP_INTERNAL_SERVER_ERROR;

	return reply_error(r, status, field, "%s", err->msg);
}

int req_auth(struct req *r, enum MHD_Result *ret)
{
	const char *h = req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);

	if (!h || strncasecmp(h, "Bearer ", 7)) {
		*ret = reply_error(r, MHD_HTTP_UNAUTHORIZED, NULL,
				   "authentication required: Authorization: Bearer TOKEN");
		return -1;
	}
	h += 7;
	while (*h == ' ')
		h++;
	r->tokens = tokens_acquire(r->sv->tokens);
	r->tok = token_set_find(r->tokens, h);
	if (!r->tok) {
		*ret = reply_error(r, MHD_HTTP_UNAUTHORIZED, NULL, "unknown or revoked token");
		return -1;
	}
	return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct req *r = *con_cls;

	(void)version;
	if (!r) {
		r = ss_xcalloc(1, sizeof(*r));
		r->sv = cls;
		ss_buf_init(&r->body);
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		if (r->body.len + *upload_size > MAX_BODY)
			r->too_big = 1;
		else
			ss_buf_add(&r->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	r->conn = conn;
	r->method = method;
	r->url = url;
	if (r->too_big)
		return reply_error(r, MHD_HTTP_CONTENT_TOO_LARGE, NULL,
				   "request body larger than %d KB", MAX_BODY / 1024);
	return api_dispatch(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;

	(void)conn;
	(void)toe;
	if (!r)
		return;
	if (r->tokens)
		tokens_release(((struct serve *)cls)->tokens, r->tokens);
	ss_buf_release(&r->body);
	free(r);
	*con_cls = NULL;
}

/* libmicrohttpd's own complaints, one line each on stderr. */
static void on_log(void *cls, const char *fmt, va_list ap)
{
	struct ss_buf b = SS_BUF_INIT;

	(void)cls;
	ss_buf_vaddf(&b, fmt, ap);
	while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '.'))
		b.data[--b.len] = '\0';
	fprintf(stderr, "sitesync: serve: http: %s\n", b.data);
	ss_buf_release(&b);
}

int http_start(struct serve *sv, struct http **out, struct ss_error *err)
{
	struct http *h = ss_xcalloc(1, sizeof(*h));
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *info;

	if (sv->addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (sv->tls_cert)
		flags |= MHD_USE_TLS;
	h->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, sv,
				MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sv->addr,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, sv,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
				MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)512,
				sv->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
				sv->tls_cert, MHD_OPTION_HTTPS_MEM_KEY, sv->tls_key,
				MHD_OPTION_END);
	if (!h->d) {
		free(h);
		return ss_error_set(err, SS_FAILED, "cannot listen on %s (in use, or not an address "
				    "of this machine%s)", sv->listen,
				    sv->tls_cert ? ", or the TLS certificate or key is not valid" : "");
	}
	info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : 0;
	*out = h;
	return 0;
}

int http_port(const struct http *h)
{
	return h->port;
}

void http_stop(struct http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	free(h);
}

/*
 * sse.c - GET /api/v1/jobs/{id}/log: Server-Sent Events while the job runs
 * (or when asked with Accept: text/event-stream): the log lines so far and
 * as they come (event "log", id = line number, so Last-Event-ID resumes),
 * the job whenever it changes (event "job"), and "end" with the final job
 * when it ended; a comment every 15 s keeps proxies from closing it.  A job
 * that ended, asked without text/event-stream, gets its log as plain text.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/serve/api.h"
#include "plugins/serve/job_json.h"
#include "plugins/serve/serve.h"
#include "plugins/serve/store.h"

#define BATCH 200
#define KEEPALIVE_MS 15000

struct sse {
	struct serve *sv;
	long long id;
	long long seq;                /* last line sent */
	long long version;            /* of the job last sent */
	struct ss_buf out;
	size_t off;
	int ended;
};

static void event(struct ss_buf *out, const char *name, long long id, json_t *data)
{
	char *text = json_dumps(data, JSON_COMPACT);

	if (id)
		ss_buf_addf(out, "id: %lld\n", id);
	ss_buf_addf(out, "event: %s\ndata: %s\n\n", name, text ? text : "{}");
	free(text);
	json_decref(data);
}

/* What is new since the last call into s->out; s->ended after the "end" event. */
static void fill(struct sse *s)
{
	struct log_line *v;
	struct ss_error err;
	struct stage *st;
	struct job j;
	size_t n, nst;

	if (store_log_read(s->sv->store, s->id, s->seq, BATCH, &v, &n, &err) == 0) {
		for (size_t i = 0; i < n; i++) {
			event(&s->out, "log", v[i].seq, json_pack("{s:s,s:s,s:f}", "stream",
			      v[i].stream, "text", v[i].text, "at", v[i].at));
			s->seq = v[i].seq;
		}
		log_lines_free(v, n);
	}
	if (n == BATCH || store_job(s->sv->store, s->id, &j, &err) != 0)
		return;
	if (j.version != s->version || job_finished(&j)) {
		store_stages(s->sv->store, s->id, &st, &nst, &err);
		s->version = j.version;
		if (job_finished(&j)) {
			event(&s->out, "end", 0, job_json(&j, st, nst));
			s->ended = 1;
		} else {
			event(&s->out, "job", 0, job_json(&j, st, nst));
		}
		stages_free(st, nst);
	}
	job_release(&j);
}

static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse *s = cls;
	size_t k;

	(void)pos;
	if (s->off == s->out.len) {
		ss_buf_reset(&s->out);
		s->off = 0;
		while (!s->ended && !s->out.len) {
			unsigned long long gen = store_generation(s->sv->store);

			if (atomic_load(&s->sv->stopping))
				return MHD_CONTENT_READER_END_OF_STREAM;
			fill(s);
			if (!s->out.len && store_wait(s->sv->store, gen, KEEPALIVE_MS) == 1)
				ss_buf_adds(&s->out, ": keep-alive\n\n");
		}
		if (!s->out.len)
			return MHD_CONTENT_READER_END_OF_STREAM;
	}
	k = s->out.len - s->off < max ? s->out.len - s->off : max;
	memcpy(buf, s->out.data + s->off, k);
	s->off += k;
	return (ssize_t)k;
}

static void sse_free(void *cls)
{
	struct sse *s = cls;

	ss_buf_release(&s->out);
	free(s);
}

/* The whole log of an ended job as text, one line a line. */
static enum MHD_Result text_log(struct req *r, long long id)
{
	struct ss_buf all = SS_BUF_INIT;
	struct MHD_Response *resp;
	struct log_line *v;
	struct ss_error err;
	long long after = 0;
	enum MHD_Result ret;
	size_t n;

	do {
		if (store_log_read(r->sv->store, id, after, BATCH, &v, &n, &err) < 0) {
			ss_buf_release(&all);
			return reply_ss_error(r, &err, NULL);
		}
		for (size_t i = 0; i < n; i++) {
			ss_buf_addf(&all, "%s\n", v[i].text);
			after = v[i].seq;
		}
		log_lines_free(v, n);
	} while (n == BATCH);
	n = all.len;
	resp = MHD_create_response_from_buffer(n, ss_buf_detach(&all), MHD_RESPMEM_MUST_FREE);
	http_headers(resp, "text/plain; charset=utf-8");
	ret = MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result api_job_log(struct req *r, long long id)
{
	const char *accept = req_header(r, MHD_HTTP_HEADER_ACCEPT);
	const char *last = req_header(r, "Last-Event-ID");
	struct MHD_Response *resp;
	struct ss_error err;
	enum MHD_Result ret;
	struct job j;
	struct sse *s;
	int ended;

	if (store_job(r->sv->store, id, &j, &err) != 0)
		return reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no job %lld", id);
	ended = job_finished(&j);
	job_release(&j);
	if (ended && !(accept && strstr(accept, "text/event-stream")))
		return text_log(r, id);
	s = ss_xcalloc(1, sizeof(*s));
	s->sv = r->sv;
	s->id = id;
	s->seq = last ? atoll(last) : 0;
	ss_buf_init(&s->out);
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, s, sse_free);
	http_headers(resp, "text/event-stream");
	MHD_add_response_header(resp, "X-Accel-Buffering", "no");
	ret = MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

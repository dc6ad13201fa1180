/* events.c - a step's output into log lines, and its --progress-fd events into stages, progress, result. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "plugins/serve/events.h"

static void flush_line(struct ss_buf *part, line_fn *fn, void *arg)
{
	if (part->len > SERVE_LINE_MAX) {
		part->len = SERVE_LINE_MAX;
		part->data[part->len] = '\0';
		ss_buf_adds(part, " [line cut]");
	}
	fn(arg, part->data);
	ss_buf_reset(part);
}

int events_read(int fd, struct ss_buf *part, line_fn *fn, void *arg)
{
	char chunk[8192];

	for (;;) {
		ssize_t k = read(fd, chunk, sizeof(chunk));

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : 1;
		if (k == 0) {
			if (part->len)
				flush_line(part, fn, arg);
			return 1;
		}
		for (ssize_t i = 0; i < k; i++) {
			if (chunk[i] == '\n' || chunk[i] == '\r') {
				/* "\r\n" is one end of line; a lone "\n" may end an empty one */
				if (part->len || (chunk[i] == '\n' && (i == 0 || chunk[i - 1] != '\r')))
					flush_line(part, fn, arg);
			} else if (part->len <= SERVE_LINE_MAX) {
				ss_buf_addc(part, chunk[i]);
			}
		}
	}
}

static long long num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (long long)json_integer_value(v)
				  : json_is_real(v) ? (long long)json_real_value(v) : 0;
}

static char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? ss_xstrdup(json_string_value(v)) : NULL;
}

void child_event_parse(const char *line, struct child_event *ev)
{
	json_t *o = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
	const char *kind = json_string_value(json_object_get(o, "event"));
	json_t *sec;

	memset(ev, 0, sizeof(*ev));
	if (!json_is_object(o) || !kind) {
		json_decref(o);
		return;
	}
	if (!strcmp(kind, "stage")) {
		ev->kind = EV_STAGE;
		ev->stage = str(o, "stage");
		ev->detail = str(o, "detail");
		if (!ev->stage)
			ev->kind = EV_OTHER;
	} else if (!strcmp(kind, "progress") || !strcmp(kind, "result")) {
		ev->kind = !strcmp(kind, "result") ? EV_RESULT : EV_PROGRESS;
		ev->bytes = num(o, "bytes");
		ev->bytes_total = num(o, "bytes_total");
		ev->rows = num(o, "rows");
		ev->rows_total = num(o, "rows_total");
		ev->files = num(o, "files");
		ev->files_total = num(o, "files_total");
		sec = json_object_get(o, "seconds");
		ev->seconds = json_is_number(sec) ? json_number_value(sec) : 0;
		ev->status = str(o, "status");
		ev->error = str(o, "error");
	}
	json_decref(o);
}

void child_event_release(struct child_event *ev)
{
	free(ev->stage);
	free(ev->detail);
	free(ev->status);
	free(ev->error);
	memset(ev, 0, sizeof(*ev));
}

void events_progress(const struct child_event *ev, double elapsed, struct job_progress *out)
{
	long long done = 0, total = 0;

	memset(out, 0, sizeof(*out));
	out->bytes = ev->bytes;
	out->bytes_total = ev->bytes_total;
	out->rows = ev->rows;
	out->rows_total = ev->rows_total;
	out->files = ev->files;
	out->files_total = ev->files_total;
	if (ev->bytes_total > 0) {
		done = ev->bytes;
		total = ev->bytes_total;
	} else if (ev->rows_total > 0) {
		done = ev->rows;
		total = ev->rows_total;
	} else if (ev->files_total > 0) {
		done = ev->files;
		total = ev->files_total;
	}
	if (done > total)
		done = total;
	out->percent = total > 0 ? 100.0 * (double)done / (double)total : -1;
	out->eta = total > 0 && done > 0 && elapsed > 0
			   ? (double)(total - done) * elapsed / (double)done : -1;
}

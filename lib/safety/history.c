/* history.c - appending a run to the history file, one JSON line a run. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sitesync/context.h>
#include <sitesync/event.h>
#include <sitesync/json.h>

#include "lib/safety/history.h"
#include "lib/core/interrupt.h"
#include "lib/core/whoami.h"

const char *ss_history_path(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("SITESYNC_HISTORY");
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		snprintf(path, sizeof(path), "%s", env);
	else if (state && *state == '/')
		snprintf(path, sizeof(path), "%s/sitesync/history.jsonl", state);
	else
		snprintf(path, sizeof(path), "%s/.local/state/sitesync/history.jsonl",
			 home && *home ? home : ".");
	return path;
}

/* Mask the value after "password=" / "pwd=" and the password of "scheme://user:pw@". */
void ss_history_scrub(const char *msg, struct ss_buf *out)
{
	static const char *const keys[] = { "password=", "passwd=", "pwd=", NULL };
	const char *p = msg;

	while (*p) {
		const char *skip = NULL;

		for (int i = 0; keys[i]; i++) {
			size_t n = strlen(keys[i]);

			if (!strncasecmp(p, keys[i], n)) {
				ss_buf_add(out, p, n);
				p += n;
				skip = p;
				break;
			}
		}
		if (!skip && !strncmp(p, "://", 3)) {
			const char *at = strpbrk(p + 3, "@/ ");
			const char *colon = strchr(p + 3, ':');

			if (at && *at == '@' && colon && colon < at) {
				ss_buf_add(out, p, (size_t)(colon + 1 - p));
				ss_buf_adds(out, "***");
				p = at;
				continue;
			}
		}
		if (skip) {
			while (*p && *p != ' ' && *p != ';' && *p != ',' && *p != '\'' && *p != '"')
				p++;
			if (p > skip)
				ss_buf_adds(out, "***");
			continue;
		}
		ss_buf_addc(out, *p++);
	}
}

void ss_history_json_fields(struct ss_json *j, const struct ss_history_entry *e)
{
	struct ss_buf scrubbed = SS_BUF_INIT;
	char iso[32] = "";
	struct tm tm;

	if (gmtime_r(&e->started, &tm))
		strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	ss_json_key(j, "started");
	ss_json_int(j, (long long)e->started);
	ss_json_key(j, "started_at");
	ss_json_str(j, iso);
	ss_json_key(j, "command");
	ss_json_str(j, e->command);
	ss_json_key(j, "source");
	ss_json_str(j, e->source);
	ss_json_key(j, "target");
	ss_json_str(j, e->target);
	ss_json_key(j, "status");
	ss_json_str(j, e->status);
	ss_json_key(j, "rows");
	ss_json_int(j, e->rows);
	ss_json_key(j, "bytes");
	ss_json_int(j, e->bytes);
	ss_json_key(j, "seconds");
	ss_json_double(j, e->seconds);
	if (e->chunks || e->table_bytes) {
		const struct { const char *key; long long v; } inc[] = {
			{ "chunks", e->chunks }, { "chunks_differing", e->chunks_differing },
			{ "table_bytes", e->table_bytes }, { "compare_bytes", e->compare_bytes },
		};

		for (size_t i = 0; i < sizeof(inc) / sizeof(inc[0]); i++) {
			ss_json_key(j, inc[i].key);
			ss_json_int(j, inc[i].v);
		}
	}
	ss_json_key(j, "error");
	if (e->error) {
		ss_history_scrub(e->error, &scrubbed);
		ss_json_str(j, scrubbed.data);
	} else {
		ss_json_null(j);
	}
	if (e->sanitize) {
		ss_json_key(j, "sanitize");
		ss_json_raw(j, e->sanitize);
	}
	ss_buf_release(&scrubbed);
}

void ss_history_encode(const struct ss_history_entry *e, const char *by, long pid,
		       struct ss_buf *out)
{
	struct ss_json j;

	ss_json_init(&j, out, 0);
	ss_json_obj_begin(&j);
	ss_history_json_fields(&j, e);
	if (by) {
		ss_json_key(&j, "by");
		ss_json_str(&j, by);
	}
	if (pid) {
		ss_json_key(&j, "pid");
		ss_json_int(&j, pid);
	}
	ss_json_obj_end(&j);
	ss_buf_addc(out, '\n');
}

/* mkdir -p the directories above path, private to the user. */
static int make_parents(const char *path, struct ss_error *err)
{
	char *dir = ss_xstrdup(path);
	int rc = 0;

	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			rc = ss_error_set(err, SS_FAILED, "cannot create history directory '%s': %s",
					  dir, strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* The record, also as the run's "result" event (--progress-fd). */
static void result_event(const struct ss_history_entry *e)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	if (!ss_event_enabled())
		return;
	ss_event_begin(&j, &b, "result");
	ss_history_json_fields(&j, e);
	ss_event_end(&j, &b);
}

/* The run announced by ss_history_begin(), until it is appended. */
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int set;
	char *command, *source, *target;
	time_t started;
	struct timespec t0;
} pending;

static void pending_clear(void)
{
	free(pending.command);
	free(pending.source);
	free(pending.target);
	memset(&pending, 0, sizeof(pending));
}

static int write_entry(const struct ss_history_entry *e, struct ss_error *err);

/* A signal ends the run (signal thread): the announced run is recorded as interrupted. */
static void record_interrupted(void)
{
	struct ss_history_entry e = { .status = "interrupted", .error = "interrupted" };
	struct ss_error err;

	pthread_mutex_lock(&pending_lock);
	if (pending.set) {
		e.command = pending.command;
		e.source = pending.source;
		e.target = pending.target;
		e.started = pending.started;
		e.seconds = ss_elapsed(&pending.t0);
		write_entry(&e, &err);
		pending_clear();
	}
	pthread_mutex_unlock(&pending_lock);
}

static void register_end(void)
{
	ss_interrupt_on_end(record_interrupted);
}

void ss_history_begin(const struct ss_history_entry *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	/* before taking pending_lock: the signal thread takes them the other way round */
	pthread_once(&once, register_end);
	pthread_mutex_lock(&pending_lock);
	pending_clear();
	pending.set = 1;
	pending.command = e->command ? ss_xstrdup(e->command) : NULL;
	pending.source = e->source ? ss_xstrdup(e->source) : NULL;
	pending.target = e->target ? ss_xstrdup(e->target) : NULL;
	pending.started = e->started;
	clock_gettime(CLOCK_MONOTONIC, &pending.t0);
	pthread_mutex_unlock(&pending_lock);
}

int ss_history_append(const struct ss_history_entry *e, struct ss_error *err)
{
	struct ss_history_entry copy = *e;
	int rc;

	if (ss_interrupted() && copy.status && !strcmp(copy.status, "failed"))
		copy.status = "interrupted";
	pthread_mutex_lock(&pending_lock);
	pending_clear();
	rc = write_entry(&copy, err);
	pthread_mutex_unlock(&pending_lock);
	return rc;
}

static int write_entry(const struct ss_history_entry *e, struct ss_error *err)
{
	const char *path = ss_history_path();
	struct ss_buf line = SS_BUF_INIT;
	char by[320];
	ssize_t w;
	int fd;

	result_event(e);
	if (make_parents(path, err) < 0)
		return -1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return ss_error_set(err, SS_FAILED, "cannot open history file '%s': %s", path,
				    strerror(errno));
	ss_whoami(by, sizeof(by), 0);
	ss_history_encode(e, by, (long)getpid(), &line);
	/* one write: O_APPEND keeps concurrent records whole */
	do
		w = write(fd, line.data, line.len);
	while (w < 0 && errno == EINTR);
	if (w != (ssize_t)line.len) {
		ss_error_set(err, SS_FAILED, "cannot write history file '%s': %s", path,
			     w < 0 ? strerror(errno) : "short write");
		close(fd);
		ss_buf_release(&line);
		return -1;
	}
	ss_buf_release(&line);
	if (close(fd) < 0)
		return ss_error_set(err, SS_FAILED, "cannot write history file '%s': %s", path,
				    strerror(errno));
	return 0;
}

double ss_elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int ss_history_finish(struct ss_ctx *ctx, struct ss_history_entry *h,
		      const struct timespec *t0, const char *status, int rc,
		      const struct ss_error *err)
{
	struct ss_error herr;

	h->status = status;
	h->error = rc != SS_OK && err ? err->msg : NULL;
	h->seconds = ss_elapsed(t0);
	if (ss_history_append(h, &herr) < 0)
		ss_warn(ctx, "%s", herr.msg);
	if (rc != SS_OK && err)
		return ss_fail_err(ctx, err);
	return rc;
}

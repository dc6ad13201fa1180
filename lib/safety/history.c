/* history.c - appending a run to the history file, one JSON line a run. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sitesync/context.h>
#include <sitesync/json.h>

#include "lib/safety/history.h"
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

int ss_history_append(const struct ss_history_entry *e, struct ss_error *err)
{
	const char *path = ss_history_path();
	struct ss_buf line = SS_BUF_INIT;
	char by[320];
	ssize_t w;
	int fd;

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

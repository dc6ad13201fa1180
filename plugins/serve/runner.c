/* runner.c - the job queue: start pending jobs, read their steps, cancel, finish, stop. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plugins/serve/events.h"
#include "plugins/serve/runner.h"
#include "plugins/serve/serve.h"
#include "plugins/serve/spawn.h"
#include "plugins/serve/store.h"
#include "plugins/serve/webhook.h"

#define MAX_LOG_LINES 20000
#define KILL_AFTER 60.0           /* seconds a stopping step gets before SIGKILL */
#define PROGRESS_EVERY 0.25

enum { OUT, ERR, EVENTS };

struct kid {
	struct runner *r;
	struct job job;
	const char *steps[2];
	int nsteps, step;
	struct spawned sp;
	int open[3];
	struct ss_buf part[3];
	int exited, status;
	int cancel_sent, stop_sent;
	double kill_at;
	double copy_t0, last_progress;
	long long bytes, rows;        /* of the finished steps */
	long long step_bytes, step_rows;
	char *result_error;           /* the step's result event */
	char *error_line;             /* its last "sitesync: error: " line */
	int nlog;
};

struct runner {
	struct serve *sv;
	pthread_t thread;
	int wake[2];
	pthread_mutex_t lock;         /* cancels, stop */
	long long *cancels;
	size_t ncancels;
	int stop;
	struct kid **kids;
	size_t nkids;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A line of the job's log, secrets masked. */
static void log_line(struct kid *k, const char *stream, const char *text)
{
	struct ss_buf clean = SS_BUF_INIT;

	if (k->nlog > MAX_LOG_LINES)
		return;
	if (k->nlog++ == MAX_LOG_LINES) {
		store_log(k->r->sv->store, k->job.id, "serve", "log cut: too many lines");
		return;
	}
	serve_scrub(k->r->sv, text, &clean);
	store_log(k->r->sv->store, k->job.id, stream, clean.data);
	ss_buf_release(&clean);
}

static void logf_serve(struct kid *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_serve(struct kid *k, const char *fmt, ...)
{
	struct ss_buf b = SS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ss_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	log_line(k, "serve", b.data);
	ss_buf_release(&b);
}

static void on_stdout(void *arg, const char *line)
{
	log_line(arg, "stdout", line);
}

static void on_stderr(void *arg, const char *line)
{
	struct kid *k = arg;
	static const char prefix[] = "sitesync: error: ";

	if (!strncmp(line, prefix, sizeof(prefix) - 1)) {
		struct ss_buf clean = SS_BUF_INIT;

		serve_scrub(k->r->sv, line + sizeof(prefix) - 1, &clean);
		free(k->error_line);
		k->error_line = ss_buf_detach(&clean);
	}
	log_line(k, "stderr", line);
}

static void on_stage(struct kid *k, const struct child_event *ev)
{
	struct ss_buf name = SS_BUF_INIT, detail = SS_BUF_INIT;

	if (k->nsteps > 1)
		ss_buf_addf(&name, "%s: ", k->steps[k->step]);
	ss_buf_adds(&name, ev->stage);
	if (ev->detail)
		serve_scrub(k->r->sv, ev->detail, &detail);
	store_stage(k->r->sv->store, k->job.id, name.data, ev->detail ? detail.data : NULL);
	logf_serve(k, "stage: %s%s%s", name.data, ev->detail ? ": " : "", detail.data);
	ss_buf_release(&name);
	ss_buf_release(&detail);
}

static void on_event(void *arg, const char *line)
{
	struct kid *k = arg;
	struct child_event ev;
	struct job_progress p;
	double t = now();

	child_event_parse(line, &ev);
	switch (ev.kind) {
	case EV_STAGE:
		on_stage(k, &ev);
		break;
	case EV_PROGRESS:
		if (!k->copy_t0)
			k->copy_t0 = t;
		if (t - k->last_progress >= PROGRESS_EVERY) {
			events_progress(&ev, t - k->copy_t0, &p);
			store_progress(k->r->sv->store, k->job.id, &p);
			k->last_progress = t;
		}
		break;
	case EV_RESULT:
		k->step_bytes = ev.bytes;
		k->step_rows = ev.rows;
		free(k->result_error);
		k->result_error = ev.error ? ss_xstrdup(ev.error) : NULL;
		break;
	case EV_OTHER:
		break;
	}
	child_event_release(&ev);
}

static line_fn *const readers[3] = { on_stdout, on_stderr, on_event };

/* Read every open stream of k; close those that ended. */
static void read_kid(struct kid *k)
{
	int fds[3] = { k->sp.out, k->sp.err, k->sp.events };

	/* events first: a stage line comes before the output it announces */
	for (int i = 2; i >= 0; i--)
		if (k->open[i] && events_read(fds[i], &k->part[i], readers[i], k)) {
			close(fds[i]);
			k->open[i] = 0;
		}
}

static void close_streams(struct kid *k)
{
	int fds[3] = { k->sp.out, k->sp.err, k->sp.events };

	for (int i = 0; i < 3; i++)
		if (k->open[i]) {
			close(fds[i]);
			k->open[i] = 0;
		}
}

/* Start step k->step; -1 with err when it cannot start. */
static int start_step(struct kid *k, struct ss_error *err)
{
	const struct ss_global *g = ss_ctx_global(k->r->sv->ctx);
	char **argv = spawn_argv(k->r->sv->exe, k->steps[k->step], k->job.source_alias,
				 k->job.target_alias, g->alias_path, g->plugin_path);
	struct ss_buf line = SS_BUF_INIT;
	int rc;

	ss_buf_adds(&line, "sitesync");
	for (size_t i = 1; argv[i]; i++) {
		ss_buf_addc(&line, ' ');
		if (strspn(argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			   "@%:=/._-") == strlen(argv[i]))
			ss_buf_adds(&line, argv[i]);
		else
			ss_buf_add_shell_quoted(&line, argv[i]);
	}
	logf_serve(k, "running: %s", line.data);
	ss_buf_release(&line);
	rc = spawn_child(argv, &k->sp, err);
	spawn_argv_free(argv);
	if (rc < 0)
		return -1;
	k->open[OUT] = k->open[ERR] = k->open[EVENTS] = 1;
	k->exited = 0;
	k->copy_t0 = k->last_progress = 0;
	k->step_bytes = k->step_rows = 0;
	free(k->result_error);
	free(k->error_line);
	k->result_error = k->error_line = NULL;
	return 0;
}

static void kid_free(struct kid *k)
{
	close_streams(k);
	for (int i = 0; i < 3; i++)
		ss_buf_release(&k->part[i]);
	free(k->result_error);
	free(k->error_line);
	job_release(&k->job);
	free(k);
}

static void remove_kid(struct runner *r, struct kid *k)
{
	for (size_t i = 0; i < r->nkids; i++)
		if (r->kids[i] == k) {
			r->kids[i] = r->kids[--r->nkids];
			break;
		}
	kid_free(k);
}

/* The job's end: its state in the store, then the webhooks. */
static void finish(struct kid *k, const char *state, const char *error, int exit_status)
{
	struct runner *r = k->r;

	store_finish(r->sv->store, k->job.id, state, error, k->bytes, k->rows, exit_status);
	webhooks_job_done(r->sv->webhooks, k->job.id);
	remove_kid(r, k);
}

static char *step_error(const struct kid *k, int code)
{
	if (k->result_error)
		return ss_xstrdup(k->result_error);
	if (k->error_line)
		return ss_xstrdup(k->error_line);
	if (WIFSIGNALED(k->status))
		return ss_xasprintf("sitesync was killed by signal %d", WTERMSIG(k->status));
	return ss_xasprintf("sitesync exited with status %d", code);
}

/* A step ended: the next step, or the job's state. */
static void step_done(struct kid *k)
{
	int code = WIFEXITED(k->status) ? WEXITSTATUS(k->status) : 128 + WTERMSIG(k->status);
	struct ss_error err;
	char *why, *msg;

	k->bytes += k->step_bytes;
	k->rows += k->step_rows;
	logf_serve(k, "%s step ended with exit status %d", k->steps[k->step], code);
	if (code == 0 && k->step + 1 < k->nsteps && !k->cancel_sent && !k->stop_sent) {
		k->step++;
		if (start_step(k, &err) == 0)
			return;
		finish(k, "failed", err.msg, -1);
		return;
	}
	if (code == 0) {
		if (k->cancel_sent)
			logf_serve(k, "the cancel came too late: the %s step had finished",
				   k->steps[k->step]);
		if (k->step + 1 < k->nsteps) {
			msg = ss_xasprintf("%s after the %s step completed", k->cancel_sent ?
					   "cancelled" : SERVE_STOPPED_REASON, k->steps[k->step]);
			finish(k, k->cancel_sent ? "cancelled" : "failed", msg, code);
			free(msg);
			return;
		}
		finish(k, "completed", NULL, 0);
		return;
	}
	why = step_error(k, code);
	if (k->cancel_sent)
		msg = ss_xasprintf("cancelled: %s", why);
	else if (k->stop_sent)
		msg = ss_xasprintf("%s: %s", SERVE_STOPPED_REASON, why);
	else
		msg = ss_xstrdup(why);
	finish(k, k->cancel_sent ? "cancelled" : "failed", msg, code);
	free(msg);
	free(why);
}

/* Start pending jobs while there is room, never two on one target. */
static void fill(struct runner *r)
{
	while (r->nkids < (size_t)r->sv->jobs) {
		char **busy = ss_xcalloc(r->nkids + 1, sizeof(*busy));
		struct ss_error err;
		struct kid *k;
		int rc;

		for (size_t i = 0; i < r->nkids; i++)
			busy[i] = r->kids[i]->job.target_alias;
		k = ss_xcalloc(1, sizeof(*k));
		for (int i = 0; i < 3; i++)
			ss_buf_init(&k->part[i]);
		rc = store_next_pending(r->sv->store, busy, r->nkids, &k->job, &err);
		free(busy);
		if (rc != 0 || store_start(r->sv->store, k->job.id) != 0) {
			kid_free(k);
			if (rc != 0)
				return;
			continue;
		}
		k->r = r;
		if (!strcmp(k->job.kind, "files")) {
			k->steps[k->nsteps++] = "files";
		} else {
			k->steps[k->nsteps++] = "database";
			if (!strcmp(k->job.kind, "both"))
				k->steps[k->nsteps++] = "files";
		}
		r->kids = ss_xrealloc(r->kids, (r->nkids + 1) * sizeof(*r->kids));
		r->kids[r->nkids++] = k;
		if (start_step(k, &err) < 0)
			finish(k, "failed", err.msg, -1);
	}
}

static struct kid *find(struct runner *r, long long id)
{
	for (size_t i = 0; i < r->nkids; i++)
		if (r->kids[i]->job.id == id)
			return r->kids[i];
	return NULL;
}

/* Signal a step's process group (the child and what it runs: hooks, rsync). */
static void signal_step(struct kid *k, int sig)
{
	if (!k->exited && k->sp.pid > 0)
		kill(-k->sp.pid, sig);
}

static void take_cancels(struct runner *r)
{
	long long *ids;
	size_t n;

	pthread_mutex_lock(&r->lock);
	ids = r->cancels;
	n = r->ncancels;
	r->cancels = NULL;
	r->ncancels = 0;
	pthread_mutex_unlock(&r->lock);
	for (size_t i = 0; i < n; i++) {
		struct kid *k = find(r, ids[i]);

		if (!k || k->cancel_sent)
			continue;
		k->cancel_sent = 1;
		logf_serve(k, "cancel requested: SIGTERM to the %s step", k->steps[k->step]);
		signal_step(k, SIGTERM);
	}
	free(ids);
}

static void stop_all(struct runner *r)
{
	double t = now();

	for (size_t i = 0; i < r->nkids; i++) {
		struct kid *k = r->kids[i];

		if (!k->stop_sent) {
			k->stop_sent = 1;
			k->kill_at = t + KILL_AFTER;
			logf_serve(k, "serve is stopping: SIGTERM to the %s step", k->steps[k->step]);
			signal_step(k, SIGTERM);
		} else if (t > k->kill_at) {
			signal_step(k, SIGKILL);
		}
	}
}

/* Wait up to ms for output of any step or a wake-up, and read it. */
static void wait_io(struct runner *r, int ms)
{
	struct pollfd *p = ss_xcalloc(1 + 3 * r->nkids, sizeof(*p));
	size_t n = 0;
	char drain[64];

	p[n].fd = r->wake[0];
	p[n++].events = POLLIN;
	for (size_t i = 0; i < r->nkids; i++) {
		struct kid *k = r->kids[i];
		int fds[3] = { k->sp.out, k->sp.err, k->sp.events };

		for (int s = 0; s < 3; s++)
			if (k->open[s]) {
				p[n].fd = fds[s];
				p[n++].events = POLLIN;
			}
	}
	if (poll(p, n, ms) > 0 && (p[0].revents & POLLIN))
		while (read(r->wake[0], drain, sizeof(drain)) > 0)
			;
	free(p);
	for (size_t i = 0; i < r->nkids; i++)
		read_kid(r->kids[i]);
}

/* Steps that exited: read what is left, then finish them. */
static void reap(struct runner *r)
{
	for (size_t i = 0; i < r->nkids;) {
		struct kid *k = r->kids[i];
		pid_t w = waitpid(k->sp.pid, &k->status, WNOHANG);

		if (w != k->sp.pid) {
			i++;
			continue;
		}
		k->exited = 1;
		read_kid(k);
		close_streams(k);
		/* step_done may start the next step (k stays) or remove k */
		step_done(k);
		if (i < r->nkids && r->kids[i] == k)
			i++;
	}
}

static int stopping(struct runner *r)
{
	int s;

	pthread_mutex_lock(&r->lock);
	s = r->stop;
	pthread_mutex_unlock(&r->lock);
	return s;
}

static void *loop(void *arg)
{
	struct runner *r = arg;

	for (;;) {
		int stop = stopping(r);

		if (stop && !r->nkids)
			break;
		if (stop)
			stop_all(r);
		else
			fill(r);
		take_cancels(r);
		wait_io(r, 200);
		reap(r);
	}
	return NULL;
}

int runner_start(struct serve *sv, struct runner **out, struct ss_error *err)
{
	struct runner *r = ss_xcalloc(1, sizeof(*r));

	r->sv = sv;
	pthread_mutex_init(&r->lock, NULL);
	if (pipe2(r->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(r);
		return ss_error_set(err, SS_FAILED, "cannot start the job runner: %s",
				    strerror(errno));
	}
	if (pthread_create(&r->thread, NULL, loop, r) != 0) {
		close(r->wake[0]);
		close(r->wake[1]);
		free(r);
		return ss_error_set(err, SS_FAILED, "cannot start the job runner thread");
	}
	*out = r;
	return 0;
}

void runner_wake(struct runner *r)
{
	ssize_t w;

	do
		w = write(r->wake[1], "", 1);
	while (w < 0 && errno == EINTR);
}

void runner_cancel(struct runner *r, long long id)
{
	pthread_mutex_lock(&r->lock);
	r->cancels = ss_xrealloc(r->cancels, (r->ncancels + 1) * sizeof(*r->cancels));
	r->cancels[r->ncancels++] = id;
	pthread_mutex_unlock(&r->lock);
	runner_wake(r);
}

void runner_stop(struct runner *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = 1;
	pthread_mutex_unlock(&r->lock);
	runner_wake(r);
	pthread_join(r->thread, NULL);
	close(r->wake[0]);
	close(r->wake[1]);
	free(r->cancels);
	free(r->kids);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

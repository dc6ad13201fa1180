/* system.c - the system rsync engine: probe both ends, build an argv, fork/execvp rsync. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plugins/rsync/progress.h"
#include "plugins/rsync/rsync.h"

/* Nonzero when PATH has an executable rsync. */
static int local_has_rsync(void)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	int found = 0;

	if (!path)
		path = "/usr/bin:/bin";
	copy = ss_xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *f = ss_xasprintf("%s/rsync", *dir ? dir : ".");

		found = access(f, X_OK) == 0;
		free(f);
	}
	free(copy);
	return found;
}

int sysrsync_available(struct ss_ctx *ctx, const struct ss_alias *a, struct ss_error *err)
{
	static const char *const probe[] = { "command", "-v", "rsync", NULL };
	struct ss_ssh_exec x = { .argv = probe, .no_root = 1 };
	int status = 1;

	if (!ss_alias_is_remote(a))
		return local_has_rsync();
	if (ss_ssh_exec(ctx, a, &x, &status, err) < 0)
		return -1;
	return status == 0;
}

/*
 * Quote a word for rsync's own split of the -e string: inside single quotes
 * everything is literal and a doubled quote is one quote (rsync has no
 * backslash escapes there).
 */
static void add_rsync_quoted(struct ss_buf *b, const char *s)
{
	ss_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			ss_buf_addc(b, '\'');
		ss_buf_addc(b, *s);
	}
	ss_buf_addc(b, '\'');
}

/*
 * "ssh 'opt' 'opt' ..." from the alias's user and ssh.options.  The SSH
 * sessions of sitesync read $HOME/.ssh/config; OpenSSH reads the passwd
 * entry's home instead, so that file is named with -F when it exists and
 * both see the same host settings.
 */
static char *ssh_command(const struct ss_alias *a)
{
	struct ss_buf b = SS_BUF_INIT;
	const char *p = a->ssh_options ? a->ssh_options : "";
	const char *home = getenv("HOME");

	ss_buf_adds(&b, "ssh");
	if (home && *home) {
		char *conf = ss_xasprintf("%s/.ssh/config", home);

		if (access(conf, R_OK) == 0) {
			ss_buf_adds(&b, " -F ");
			add_rsync_quoted(&b, conf);
		}
		free(conf);
	}
	if (a->user && *a->user) {
		ss_buf_adds(&b, " -l ");
		add_rsync_quoted(&b, a->user);
	}
	while (*p) {
		size_t n;
		char *w;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (!n)
			break;
		w = ss_xstrndup(p, n);
		ss_buf_addc(&b, ' ');
		add_rsync_quoted(&b, w);
		free(w);
		p += n;
	}
	return ss_buf_detach(&b);
}

struct argv {
	char **v;
	size_t n, cap;
};

static void push(struct argv *a, char *word)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 32;
		a->v = ss_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = word;
	a->v[a->n] = NULL;
}

/* One --include=P / --exclude=P per entry of a colon-separated list. */
static void push_list(struct argv *a, const char *opt, const char *list)
{
	while (list && *list) {
		size_t n = strcspn(list, ":");

		if (n)
			push(a, ss_xasprintf("--%s=%.*s", opt, (int)n, list));
		list += n + (list[n] == ':');
	}
}

/* "host:path" for a remote end, the path for a local one; dir adds a slash. */
static char *location(const struct endpoint *e, int dir)
{
	const char *slash = dir && strcmp(e->path, "/") ? "/" : "";

	if (!e->remote)
		return ss_xasprintf("%s%s", e->path, slash);
	return ss_xasprintf("%s:%s%s", e->alias->host, e->path, slash);
}

char **sysrsync_argv(const struct endpoint *src, const struct endpoint *dst,
		     const struct copy_opts *o)
{
	const struct endpoint *remote = src->remote ? src : dst->remote ? dst : NULL;
	struct argv a = { 0 };

	push(&a, ss_xstrdup("rsync"));
	push(&a, ss_xasprintf("-%s", o->mode && *o->mode ? o->mode : "akz"));
	/* the statistics feed the history; shown only with -v */
	push(&a, ss_xstrdup("--stats"));
	/* the whole transfer's progress, for the --progress-fd stream only */
	if (ss_event_enabled() && !o->simulate)
		push(&a, ss_xstrdup("--info=progress2"));
	/* -v, -s and JSON show rsync's itemised changes; never its \r progress */
	if (o->itemise)
		push(&a, ss_xstrdup("--itemize-changes"));
	if (o->simulate)
		push(&a, ss_xstrdup("--dry-run"));
	/* the target directory and its missing parents are created */
	push(&a, ss_xstrdup("--mkpath"));
	if (o->delete_)
		push(&a, ss_xstrdup("--delete"));
	push_list(&a, "include", o->includes);
	push_list(&a, "exclude", o->excludes);
	if (remote) {
		push(&a, ss_xstrdup("--protect-args"));
		push(&a, ss_xstrdup("-e"));
		push(&a, ssh_command(remote->alias));
	}
	for (int i = 0; i < o->nextra; i++)
		push(&a, ss_xstrdup(o->extra[i]));
	/* "--" keeps a path that starts with '-' from being an option */
	push(&a, ss_xstrdup("--"));
	push(&a, location(src, 1));
	push(&a, location(dst, 0));
	return a.v;
}

static void argv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* The number after key at the start of line ("Number of files: 1,234 (reg: ...)" → 1234). */
static void stat_line(const char *line, const char *key, long long *out)
{
	size_t n = strlen(key);
	long long v = 0;

	if (strncmp(line, key, n))
		return;
	for (const char *p = line + n; *p; p++)
		if (*p >= '0' && *p <= '9')
			v = v * 10 + (*p - '0');
		else if (*p != ',' && *p != ' ')
			break;
	*out = v;
}

/* What rsync printed: its itemised lines are passed on, its --stats block is read. */
struct output {
	struct copy_output *out;
	int in_stats;          /* past "Number of files:" */
	struct ss_buf pending; /* a partial line */
	struct copy_stats *st;
};

static void one_line(struct output *o, const char *line)
{
	const char *reg;
	char item[12];

	if (!strncmp(line, "Number of files: ", 17)) {
		o->in_stats = 1;
		/* "Number of files: 4 (reg: 2, dir: 2)": the regular files */
		reg = strstr(line, "reg: ");
		o->st->total = 0;
		if (reg)
			stat_line(reg, "reg: ", &o->st->total);
		return;
	}
	if (o->in_stats) {
		stat_line(line, "Number of regular files transferred: ", &o->st->files);
		stat_line(line, "Total transferred file size: ", &o->st->bytes);
		return;
	}
	if (!*line)
		return;
	/* ">f+++++++++ path", "*deleting   path": eleven letters, a space, the path */
	if (strlen(line) > 12 && line[11] == ' ') {
		memcpy(item, line, 11);
		item[11] = '\0';
		output_item(o->out, item, line + 12);
	} else {
		output_line(o->out, line);
	}
}

/* rsync's --info=progress2 line ('\r'-ended, the last one '\n'-ended) into the event stream. */
static int progress_line(const char *line)
{
	struct ss_event_progress ev;

	if (!ss_event_enabled() || progress_parse_rsync(line, &ev) < 0)
		return 0;
	ss_event_progress(&ev);
	return 1;
}

static void take_output(struct output *o, const char *data, size_t len)
{
	const char *line;

	for (size_t i = 0; i < len; i++) {
		if (data[i] != '\n' && data[i] != '\r') {
			ss_buf_addc(&o->pending, data[i]);
			continue;
		}
		line = o->pending.data ? o->pending.data : "";
		/* a '\r'-ended line is progress: for the event stream, never shown */
		if (!progress_line(line) && data[i] == '\n')
			one_line(o, line);
		ss_buf_reset(&o->pending);
	}
}

/* Kill rsync (a signal came) and say so. */
static int stop_rsync(pid_t pid, struct ss_error *err)
{
	kill(pid, SIGTERM);
	return ss_error_set(err, SS_FAILED, "interrupted");
}

/*
 * Read rsync's output until it ends; a signal meanwhile stops rsync (it
 * removes its own temporary file on SIGTERM).  -1 with err then.
 */
static int read_output(int fd, pid_t pid, struct output *o, struct ss_error *err)
{
	struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = ss_interrupt_fd(), .events = POLLIN } };
	char buf[8192];
	int rc = 0;

	for (;;) {
		ssize_t n;

		if (rc == 0 && ss_interrupted())
			rc = stop_rsync(pid, err);
		if (poll(p, rc == 0 && p[1].fd >= 0 ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		take_output(o, buf, (size_t)n);
	}
	if (o->pending.len)
		one_line(o, o->pending.data);
	fflush(stdout);
	return rc;
}

/*
 * The processes rsync started that outlived it (sitesync is their
 * subreaper during the run): a stopped rsync leaves its receiver to remove
 * the temporary file and say so; wait for them, ten seconds at most, so
 * that nothing of rsync's comes after sitesync's last line.
 */
static void reap_descendants(void)
{
	struct timespec nap = { 0, 50 * 1000 * 1000 };

	for (int i = 0; i < 200; i++) {
		pid_t p = waitpid(-1, NULL, WNOHANG);

		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0)
			return; /* no child left */
		if (p == 0)
			nanosleep(&nap, NULL);
	}
}

/* rsync's exit: 0, or -1 with err saying how it ended. */
static int wait_rsync(pid_t pid, struct ss_error *err)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return ss_error_set(err, SS_FAILED, "cannot wait for 'rsync': %s",
					    strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return ss_error_set(err, SS_FAILED, "'rsync' failed with exit status %d",
				    WEXITSTATUS(status));
	return ss_error_set(err, SS_FAILED, "'rsync' was killed by signal %d", WTERMSIG(status));
}

int sysrsync_run(struct ss_ctx *ctx, const struct endpoint *src, const struct endpoint *dst,
		 const struct copy_opts *o, struct copy_stats *st, struct ss_error *err)
{
	char **argv = sysrsync_argv(src, dst, o);
	struct output out = { .out = o->out, .st = st };
	struct ss_error ignored;
	int fds[2], rc;
	pid_t pid;

	if (ss_ctx_global(ctx)->debug) {
		struct ss_buf line = SS_BUF_INIT;

		for (size_t i = 0; argv[i]; i++) {
			ss_buf_adds(&line, i ? " " : "");
			ss_buf_add_shell_quoted(&line, argv[i]);
		}
		fprintf(stderr, "running: %s\n", line.data);
		ss_buf_release(&line);
	}
	fflush(NULL);
	/* from the start of rsync to its end a signal stops it, then the run */
	ss_interrupt_defer();
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (pipe2(fds, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		prctl(PR_SET_CHILD_SUBREAPER, 0);
		ss_interrupt_undefer();
		argv_free(argv);
		return ss_error_set(err, SS_FAILED, "cannot start 'rsync': %s", strerror(errno));
	}
	if (pid == 0) {
		if (dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(127);
		execvp("rsync", argv);
		fprintf(stderr, "sitesync: cannot run 'rsync': %s\n", strerror(errno));
		_exit(127);
	}
	argv_free(argv);
	close(fds[1]);
	ss_debug_stop("copy");
	rc = read_output(fds[0], pid, &out, err);
	close(fds[0]);
	ss_buf_release(&out.pending);
	if (wait_rsync(pid, rc < 0 ? &ignored : err) < 0)
		rc = -1;
	reap_descendants();
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	if (rc == 0 && ss_interrupted())
		rc = ss_error_set(err, SS_FAILED, "interrupted");
	ss_interrupt_undefer();
	return rc;
}

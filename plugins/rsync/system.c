/* system.c - the system rsync engine: probe both ends, build an argv, fork/execvp rsync. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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
	if (o->verbose)
		push(&a, ss_xstrdup("--progress"));
	/* the whole transfer's progress, for the --progress-fd stream */
	if (ss_event_enabled() && !o->simulate)
		push(&a, ss_xstrdup("--info=progress2"));
	if (o->simulate) {
		push(&a, ss_xstrdup("--dry-run"));
		push(&a, ss_xstrdup("--itemize-changes"));
	}
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

/* "Number of regular files transferred: 1,234" → 1234 into *out when line starts with key. */
static void stat_line(const char *line, const char *key, long long *out)
{
	size_t n = strlen(key);
	long long v = 0;

	if (strncmp(line, key, n))
		return;
	for (const char *p = line + n; *p && *p != '\n'; p++)
		if (*p >= '0' && *p <= '9')
			v = v * 10 + (*p - '0');
		else if (*p != ',' && *p != ' ')
			break;
	*out = v;
}

/*
 * One line of rsync's output (ending in '\n', or in '\r' for a progress
 * update): progress goes to the event stream, the rest is shown (with -v
 * or -s) and searched for the files and bytes sent.
 */
static void output_line(const char *line, size_t len, int show, long long *files,
			long long *bytes)
{
	struct ss_event_progress ev;

	if (ss_event_enabled() && progress_parse_rsync(line, &ev) == 0) {
		ss_event_progress(&ev);
		return;
	}
	stat_line(line, "Number of regular files transferred:", files);
	stat_line(line, "Total transferred file size:", bytes);
	if (show)
		fwrite(line, 1, len, stdout);
}

/* Pass rsync's output on, line by line ('\n' or '\r'). */
static void read_output(FILE *in, int show, long long *files, long long *bytes)
{
	struct ss_buf line = SS_BUF_INIT;
	int c;

	while ((c = getc(in)) != EOF) {
		ss_buf_addc(&line, (char)c);
		if (c != '\n' && c != '\r')
			continue;
		output_line(line.data, line.len, show, files, bytes);
		ss_buf_reset(&line);
	}
	if (line.len)
		output_line(line.data, line.len, show, files, bytes);
	ss_buf_release(&line);
	fflush(stdout);
}

int sysrsync_run(struct ss_ctx *ctx, const struct endpoint *src, const struct endpoint *dst,
		 const struct copy_opts *o, long long *files, long long *bytes,
		 struct ss_error *err)
{
	char **argv = sysrsync_argv(src, dst, o);
	int status, fds[2];
	FILE *in;
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
	if (pipe(fds) < 0 || (pid = fork()) < 0) {
		argv_free(argv);
		return ss_error_set(err, SS_FAILED, "cannot start 'rsync': %s", strerror(errno));
	}
	if (pid == 0) {
		close(fds[0]);
		if (dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(127);
		close(fds[1]);
		execvp("rsync", argv);
		fprintf(stderr, "sitesync: cannot run 'rsync': %s\n", strerror(errno));
		_exit(127);
	}
	argv_free(argv);
	close(fds[1]);
	if ((in = fdopen(fds[0], "r"))) {
		read_output(in, o->verbose || o->simulate, files, bytes);
		fclose(in);
	} else {
		close(fds[0]);
	}
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

/* system.c - the system rsync engine: rsync -e 'ssh ...' from the alias, no shell. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/ssh_internal.h"
#include "lib/ssh_options.h"
#include "plugins/rsync/rsync.h"

struct argv {
	char **v;
	size_t n;
};

static void arg(struct argv *a, const char *s)
{
	a->v = ss_xrealloc(a->v, (a->n + 2) * sizeof(char *));
	a->v[a->n++] = ss_xstrdup(s);
	a->v[a->n] = NULL;
}

static void argv_release(struct argv *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

static void word(struct ss_buf *b, const char *w)
{
	ss_buf_addc(b, ' ');
	ss_buf_add_shell_quoted(b, w);
}

/*
 * The -e value: ssh with the alias's validated ssh.options, each word quoted
 * (rsync splits -e on blanks and honours quotes).  ~/.ssh/config is read from
 * $HOME, as the libssh transport does.
 */
static int ssh_command(const struct ss_alias *a, struct ss_buf *out, struct ss_error *err)
{
	static const char *const strict[] = { "yes", "yes", "no", "accept-new", "ask" };
	struct ss_ssh_opts o;
	const char *home = getenv("HOME");
	char *cfg = home ? ss_xasprintf("%s/.ssh/config", home) : NULL;
	struct stat st;

	if (ss_ssh_opts_parse(a->ssh_options, a->name, &o, err) < 0) {
		free(cfg);
		return -1;
	}
	ss_buf_adds(out, "ssh");
	if (cfg && stat(cfg, &st) == 0) {
		word(out, "-F");
		word(out, cfg);
	}
	free(cfg);
	if (o.port) {
		char port[16];

		snprintf(port, sizeof(port), "%d", o.port);
		word(out, "-p");
		word(out, port);
	}
	for (size_t i = 0; i < o.nidentities; i++) {
		char *id = ss_ssh_expand_home(o.identities[i]);

		word(out, "-i");
		word(out, id);
		free(id);
	}
	if (o.known_hosts) {
		char *kh = ss_ssh_expand_home(o.known_hosts);
		char *opt = ss_xasprintf("UserKnownHostsFile=%s", kh);

		word(out, "-o");
		word(out, opt);
		free(opt);
		free(kh);
	}
	if (o.strict != SS_SSH_STRICT_UNSET || !isatty(STDIN_FILENO)) {
		char *opt = ss_xasprintf("StrictHostKeyChecking=%s",
					 strict[o.strict <= SS_SSH_STRICT_ASK ? o.strict : 0]);

		word(out, "-o");
		word(out, opt);
		free(opt);
	}
	if (o.connect_timeout) {
		char *opt = ss_xasprintf("ConnectTimeout=%d", o.connect_timeout);

		word(out, "-o");
		word(out, opt);
		free(opt);
	}
	if (o.batch_mode || !isatty(STDIN_FILENO)) {
		word(out, "-o");
		word(out, "BatchMode=yes");
	}
	ss_ssh_opts_release(&o);
	return 0;
}

/* "user@host:/path/" for a remote end, "/path/" for a local one. */
static char *location(const struct rs_end *e, int dir_contents)
{
	const char *slash = dir_contents ? "/" : "";

	if (!e->remote)
		return ss_xasprintf("%s%s", e->path, slash);
	if (e->alias->user && *e->alias->user)
		return ss_xasprintf("%s@%s:%s%s", e->alias->user, e->alias->host, e->path, slash);
	return ss_xasprintf("%s:%s%s", e->alias->host, e->path, slash);
}

static void add_list(struct argv *a, const char *opt, const char *list)
{
	while (list && *list) {
		size_t len = strcspn(list, ":");
		char *pat = ss_xstrndup(list, len);
		char *o = ss_xasprintf("--%s=%s", opt, pat);

		if (len)
			arg(a, o);
		free(o);
		free(pat);
		list += len + (list[len] ? 1 : 0);
	}
}

static int build_argv(const struct rs_run *r, struct argv *a, struct ss_error *err)
{
	const struct rs_end *remote = r->src->remote ? r->src : r->dst->remote ? r->dst : NULL;
	char *mode = ss_xasprintf("-%s", r->mode && *r->mode ? r->mode : "akz");
	char *loc;

	arg(a, "rsync");
	arg(a, mode);
	free(mode);
	arg(a, "--protect-args");  /* paths reach the remote rsync unparsed by a shell */
	arg(a, "--stats");
	if (r->verbose)
		arg(a, "--progress");
	if (r->dry_run) {
		arg(a, "--dry-run");
		arg(a, "--itemize-changes");
	}
	if (r->delete_extra)
		arg(a, "--delete");
	add_list(a, "include", r->includes);
	add_list(a, "exclude", r->excludes);
	if (remote) {
		struct ss_buf e = SS_BUF_INIT;

		if (ssh_command(remote->alias, &e, err) < 0) {
			ss_buf_release(&e);
			return -1;
		}
		arg(a, "-e");
		arg(a, e.data);
		ss_buf_release(&e);
	}
	for (int i = 0; i < r->nextra; i++)
		arg(a, r->extra[i]);
	arg(a, "--");
	loc = location(r->src, 1);
	arg(a, loc);
	free(loc);
	loc = location(r->dst, 1);
	arg(a, loc);
	free(loc);
	return 0;
}

/* Pick "Number of regular files transferred: 1,234" and friends out of --stats. */
static void parse_stats(const char *line, struct rs_stats *st)
{
	static const char files[] = "Number of regular files transferred: ";
	static const char bytes[] = "Total transferred file size: ";
	const char *v = NULL;
	long long *dst = NULL, n = 0;

	if (!strncmp(line, files, sizeof(files) - 1)) {
		v = line + sizeof(files) - 1;
		dst = &st->files;
	} else if (!strncmp(line, bytes, sizeof(bytes) - 1)) {
		v = line + sizeof(bytes) - 1;
		dst = &st->bytes;
	}
	if (!v)
		return;
	for (; *v && *v != ' ' && *v != '\n'; v++)
		if (*v >= '0' && *v <= '9')
			n = n * 10 + (*v - '0');
	*dst = n;
}

int rs_system_run(struct ss_ctx *ctx, const struct rs_run *r, struct rs_stats *stats,
		  struct ss_error *err)
{
	struct argv a = { 0 };
	int pipefd[2], status, rc = -1;
	pid_t pid;
	FILE *in;
	char *line = NULL;
	size_t cap = 0;

	memset(stats, 0, sizeof(*stats));
	if (build_argv(r, &a, err) < 0)
		goto out;
	if (ss_ctx_global(ctx)->debug) {
		struct ss_buf cmd = SS_BUF_INIT;

		for (size_t i = 0; i < a.n; i++)
			word(&cmd, a.v[i]);
		ss_debug(ctx, "running%s", cmd.data);
		ss_buf_release(&cmd);
	}
	if (pipe(pipefd) < 0) {
		ss_error_set(err, SS_FAILED, "cannot create a pipe: %s", strerror(errno));
		goto out;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		ss_error_set(err, SS_FAILED, "cannot start rsync: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		goto out;
	}
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execvp(a.v[0], a.v);
		fprintf(stderr, "sitesync: error: cannot run rsync: %s\n", strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	in = fdopen(pipefd[0], "r");
	while (in && getline(&line, &cap, in) > 0) {
		int stats_line = !strncmp(line, "Number of ", 10) || !strncmp(line, "Total ", 6) ||
				 !strncmp(line, "Literal data", 12) || !strncmp(line, "Matched data", 12) ||
				 !strncmp(line, "File list ", 10) || !strncmp(line, "sent ", 5) ||
				 !strncmp(line, "total size", 10) || !strcmp(line, "\n");

		parse_stats(line, stats);
		/* -v and -s show rsync's own report; otherwise only what changed */
		if (r->verbose || r->dry_run || !stats_line)
			fputs(line, stdout);
	}
	free(line);
	fflush(stdout);  /* rsync's report before our summary on stderr */
	if (in)
		fclose(in);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rc = 0;
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		ss_error_set(err, SS_FAILED, "rsync is not installed here (apt-get install rsync)");
	else if (WIFEXITED(status))
		ss_error_set(err, SS_FAILED, "rsync from '%s' to '%s' failed with exit status %d",
			     r->src->spec, r->dst->spec, WEXITSTATUS(status));
	else
		ss_error_set(err, SS_FAILED, "rsync from '%s' to '%s' died of signal %d",
			     r->src->spec, r->dst->spec, WTERMSIG(status));
out:
	argv_release(&a);
	return rc;
}

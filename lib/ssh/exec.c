/* exec.c - run a command on an alias's host over an exec channel. */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/ssh/internal.h"

#define EXEC_POLL_MS 50

static int valid_env_name(const char *s)
{
	if (!s || !(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return 0;
	for (s++; *s; s++)
		if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

int ss_ssh_build_command(struct ss_buf *out, const struct ss_alias *a, const struct ss_ssh_exec *x,
			 struct ss_error *err)
{
	if (!x->argv == !x->command || (x->argv && !x->argv[0]))
		return ss_error_set(err, SS_FAILED, "alias '%s': give a remote command either as "
				    "arguments or as a command line", a->name);
	if (!x->no_root && a->root && *a->root) {
		ss_buf_adds(out, "cd ");
		ss_buf_add_shell_quoted(out, a->root);
		ss_buf_adds(out, " || exit 1; ");
	}
	if (a->nenv_vars) {
		ss_buf_adds(out, "export");
		for (size_t i = 0; i < a->nenv_vars; i++) {
			if (!valid_env_name(a->env_vars[i].key))
				return ss_error_set(err, SS_FAILED,
						    "alias '%s': env-vars name '%s' is not a valid variable name",
						    a->name, a->env_vars[i].key ? a->env_vars[i].key : "");
			ss_buf_addf(out, " %s=", a->env_vars[i].key);
			ss_buf_add_shell_quoted(out, a->env_vars[i].value ? a->env_vars[i].value : "");
		}
		ss_buf_adds(out, "; ");
	}
	if (x->command) {
		ss_buf_adds(out, x->command);
		return 0;
	}
	for (size_t i = 0; x->argv[i]; i++) {
		if (i)
			ss_buf_addc(out, ' ');
		ss_buf_add_shell_quoted(out, x->argv[i]);
	}
	return 0;
}

static int deliver(const struct ss_ssh_exec *x, int is_stderr, const char *data, size_t len)
{
	ss_ssh_output_fn fn = is_stderr ? x->on_stderr : x->on_stdout;
	FILE *f = is_stderr ? x->err : x->out;

	if (fn)
		return fn(x->arg, data, len);
	if (f && (fwrite(data, 1, len, f) != len || fflush(f) != 0))
		return -1;
	return 0;
}

/* Stream stdout and stderr until both reach EOF; -1 on a session error, -2 when aborted. */
static int pump_output(struct ss_ssh *s, ssh_channel ch, const struct ss_ssh_exec *x)
{
	char (*buf)[65536] = ss_xmalloc(2 * sizeof(*buf));
	int done[2] = { 0, 0 }, rc = 0;

	while (!done[0] || !done[1]) {
		int n[2] = { 0, 0 };
		struct pollfd pfd;

		ss_ssh_lock(s);
		for (int e = 0; e < 2; e++)
			if (!done[e]) {
				n[e] = ssh_channel_read_nonblocking(ch, buf[e], sizeof(buf[e]), e);
				if (n[e] == SSH_EOF)
					done[e] = 1;
				else if (n[e] < 0)
					rc = -1;
			}
		pfd.fd = ssh_get_fd(s->session);
		ss_ssh_unlock(s);
		for (int e = 0; e < 2 && rc == 0; e++)
			if (n[e] > 0 && deliver(x, e, buf[e], (size_t)n[e]) < 0)
				rc = -2;
		if (rc < 0)
			break;
		if (n[0] > 0 || n[1] > 0 || (done[0] && done[1]))
			continue;
		pfd.events = POLLIN;
		poll(&pfd, 1, EXEC_POLL_MS);
	}
	free(buf);
	return rc;
}

int ss_ssh_exec(struct ss_ctx *ctx, const struct ss_alias *alias, const struct ss_ssh_exec *x,
		int *exit_status, struct ss_error *err)
{
	struct ss_buf cmd = SS_BUF_INIT;
	struct ss_ssh *s = NULL;
	ssh_channel ch = NULL;
	int rc = -1, status;

	*exit_status = 255;
	if (ss_ssh_build_command(&cmd, alias, x, err) < 0)
		goto out;
	if (ss_ssh_session(ctx, alias, &s, err) < 0)
		goto out;
	ss_ssh_lock(s);
	ch = ssh_channel_new(s->session);
	if (!ch || ssh_channel_open_session(ch) != SSH_OK ||
	    ssh_channel_request_exec(ch, cmd.data) != SSH_OK) {
		ss_error_set(err, SS_FAILED, "alias '%s': cannot run a command on '%s': %s", alias->name,
			     s->where, ssh_get_error(s->session));
		ss_ssh_unlock(s);
		goto out;
	}
	ss_ssh_unlock(s);
	switch (pump_output(s, ch, x)) {
	case -1:
		ss_error_set(err, SS_FAILED, "alias '%s': connection to '%s' lost while running a command: %s",
			     alias->name, s->where, ssh_get_error(s->session));
		goto out;
	case -2:
		ss_error_set(err, SS_FAILED, "alias '%s': cannot pass on the output of a remote command",
			     alias->name);
		goto out;
	}
	ss_ssh_lock(s);
	status = ssh_channel_get_exit_status(ch);
	ss_ssh_unlock(s);
	*exit_status = status < 0 ? 255 : status;
	rc = 0;
out:
	if (ch) {
		ss_ssh_lock(s);
		ssh_channel_close(ch);
		ssh_channel_free(ch);
		ss_ssh_unlock(s);
	}
	ss_buf_release(&cmd);
	return rc;
}

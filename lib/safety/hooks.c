/* hooks.c - running an alias's hook commands (pre-sql-sync, post-sql-drop, ...). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sitesync/event.h>
#include <sitesync/safety.h>
#include <sitesync/ssh.h>

#include "lib/core/ctx.h"
#include "lib/safety/history.h"

/* Each hook command is a stage of the run (--progress-fd): "pre-sql-sync: drush cr". */
static void hook_stage(const char *event, const char *command)
{
	struct ss_buf raw = SS_BUF_INIT, detail = SS_BUF_INIT;

	if (!ss_event_enabled())
		return;
	ss_buf_addf(&raw, "%s: %s", event, command);
	ss_history_scrub(raw.data, &detail);
	ss_event_stage("hook", detail.data);
	ss_buf_release(&raw);
	ss_buf_release(&detail);
}

/*
 * Hooks of a remote alias run on its host, over the alias's SSH session:
 * `cd ROOT && export K=V && COMMAND` in the remote login shell, output
 * streamed to ours.
 */
static int run_remote(struct ss_ctx *ctx, const struct ss_alias *alias, const char *event,
		      char *const *commands, size_t n, struct ss_error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct ss_ssh_exec x = { .command = commands[i], .out = stdout, .err = stderr };
		int status = 0;

		hook_stage(event, commands[i]);
		ss_info(ctx, "hook %s of '%s' on %s: %s", event, ss_target_name(alias), alias->host,
			commands[i]);
		fflush(stdout);
		if (ss_ssh_exec(ctx, alias, &x, &status, err) < 0)
			return ss_error_prefix(err, "hook %s of '%s'", event, ss_target_name(alias));
		if (status != 0)
			return ss_error_set(err, SS_FAILED,
					    "hook %s of '%s' failed: '%s' exited with status %d on %s",
					    event, ss_target_name(alias), commands[i], status,
					    alias->host);
	}
	return 0;
}

/* In the child: no inherited descriptor beyond 0-2 (database sockets). */
static void close_inherited(void)
{
	long max = sysconf(_SC_OPEN_MAX);

	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = 3; fd < (int)max; fd++)
		close(fd);
}

/* In the child: the alias's root, its env-vars, no password variable, then sh. */
static void exec_child(const struct ss_alias *alias, const char *command)
{
	close_inherited();
	if (alias->root && *alias->root && chdir(alias->root) < 0) {
		fprintf(stderr, "sitesync: error: cannot enter '%s': %s\n", alias->root,
			strerror(errno));
		_exit(126);
	}
	if (alias->has_db && alias->db.password_env)
		unsetenv(alias->db.password_env);
	for (size_t i = 0; i < alias->nenv_vars; i++)
		if (alias->env_vars[i].key && alias->env_vars[i].value)
			setenv(alias->env_vars[i].key, alias->env_vars[i].value, 1);
	signal(SIGPIPE, SIG_DFL);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	fprintf(stderr, "sitesync: error: cannot run /bin/sh: %s\n", strerror(errno));
	_exit(127);
}

/* Run one command, passing stdout/stderr through; returns its wait status or -1. */
static int run_one(const struct ss_alias *alias, const char *command, struct ss_error *err)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return ss_error_set(err, SS_FAILED, "cannot start hook command '%s': %s", command,
				    strerror(errno));
	if (pid == 0)
		exec_child(alias, command);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return ss_error_set(err, SS_FAILED, "cannot wait for hook command '%s': %s",
					    command, strerror(errno));
	return status;
}

static int run_local(struct ss_ctx *ctx, const struct ss_alias *alias, const char *event,
		     char *const *commands, size_t n, struct ss_error *err)
{
	struct stat st;

	if (alias->root && *alias->root && (stat(alias->root, &st) < 0 || !S_ISDIR(st.st_mode)))
		return ss_error_set(err, SS_FAILED,
				    "hook %s of '%s': root '%s' is not a directory", event,
				    ss_target_name(alias), alias->root);
	for (size_t i = 0; i < n; i++) {
		int status;

		hook_stage(event, commands[i]);
		ss_info(ctx, "hook %s of '%s': %s", event, ss_target_name(alias), commands[i]);
		status = run_one(alias, commands[i], err);
		if (status < 0)
			return -1;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			continue;
		if (WIFEXITED(status))
			return ss_error_set(err, SS_FAILED,
					    "hook %s of '%s' failed: '%s' exited with status %d",
					    event, ss_target_name(alias), commands[i],
					    WEXITSTATUS(status));
		return ss_error_set(err, SS_FAILED,
				    "hook %s of '%s' failed: '%s' was killed by signal %d", event,
				    ss_target_name(alias), commands[i],
				    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	}
	return 0;
}

int ss_hooks_run(struct ss_ctx *ctx, const struct ss_alias *alias, const char *event,
		 struct ss_error *err)
{
	char *const *commands = NULL;
	size_t n = 0;

	for (size_t i = 0; i < alias->nhooks; i++)
		if (alias->hooks[i].event && !strcmp(alias->hooks[i].event, event)) {
			commands = alias->hooks[i].commands;
			n = alias->hooks[i].ncommands;
			break;
		}
	if (!n)
		return 0;
	if (ss_alias_need_transport(alias, err) < 0)
		return -1;
	if (ss_alias_is_remote(alias))
		return run_remote(ctx, alias, event, commands, n, err);
	return run_local(ctx, alias, event, commands, n, err);
}

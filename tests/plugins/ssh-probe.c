/*
 * ssh-probe.c - a test-only command that drives the SSH layer directly:
 * a remote alias built from options (or resolved by name), then connect,
 * exec, hook or tunnel.  Built for `make check` only.
 *
 *   sitesync ssh-probe --host=H --ssh-options=OPTS connect
 *   sitesync ssh-probe --host=H --root=DIR --env=K=V exec PROG ARG...
 *   sitesync ssh-probe --host=H hook 'shell command line'
 *   sitesync ssh-probe --host=H --db-driver=mysql --db-socket=S tunnel PROG ARG...
 *       runs PROG locally with TUNNEL_SOCKET and TUNNEL_PORT set; with
 *       --then-hook=CMD, also runs CMD remotely (same session) while PROG runs
 *   sitesync ssh-probe @alias connect|exec|hook|tunnel ...
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sitesync/sitesync.h>
#include <sitesync/ssh.h>

static const struct ss_option options[] = {
	{ "host", 0, SS_OPT_STRING, "HOST", "remote host" },
	{ "user", 0, SS_OPT_STRING, "USER", "remote user" },
	{ "ssh-options", 0, SS_OPT_STRING, "OPTS", "ssh.options" },
	{ "root", 0, SS_OPT_STRING, "DIR", "remote root" },
	{ "env", 0, SS_OPT_STRING, "K=V", "one env-var" },
	{ "db-driver", 0, SS_OPT_STRING, "DRIVER", "mysql or pgsql" },
	{ "db-host", 0, SS_OPT_STRING, "HOST", "database host as seen from the remote" },
	{ "db-port", 0, SS_OPT_INT, "PORT", "database port" },
	{ "db-socket", 0, SS_OPT_STRING, "PATH", "database socket (directory for pgsql)" },
	{ "then-hook", 0, SS_OPT_STRING, "CMD", "tunnel: run CMD remotely while PROG runs" },
	{ 0 }
};

static void alias_from_options(struct ss_ctx *ctx, struct ss_alias *a, struct ss_kv *kv)
{
	const char *env = ss_opt_str(ctx, "env");
	const char *driver = ss_opt_str(ctx, "db-driver");

	memset(a, 0, sizeof(*a));
	a->name = "@probe";
	a->host = (char *)ss_opt_str(ctx, "host");
	a->user = (char *)ss_opt_str(ctx, "user");
	a->ssh_options = (char *)ss_opt_str(ctx, "ssh-options");
	a->root = (char *)ss_opt_str(ctx, "root");
	if (env && strchr(env, '=')) {
		kv->key = strndup(env, (size_t)(strchr(env, '=') - env));
		kv->value = strchr(env, '=') + 1;
		a->env_vars = kv;
		a->nenv_vars = 1;
	}
	if (driver) {
		a->has_db = 1;
		a->db.driver = !strcmp(driver, "pgsql") ? SS_DB_PGSQL : SS_DB_MYSQL;
		a->db.host = (char *)ss_opt_str(ctx, "db-host");
		a->db.port = (int)ss_opt_int(ctx, "db-port", 0);
		a->db.socket = (char *)ss_opt_str(ctx, "db-socket");
	}
}

static int run_local(struct ss_ctx *ctx, const struct ss_alias *a, char **argv,
		     const char *socket, int port)
{
	const char *hook = ss_opt_str(ctx, "then-hook");
	struct ss_ssh_exec x = { .command = hook, .out = stdout, .err = stderr };
	struct ss_error err;
	char portbuf[16];
	pid_t pid;
	int status, hook_status = 0;

	snprintf(portbuf, sizeof(portbuf), "%d", port);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setenv("TUNNEL_SOCKET", socket, 1);
		setenv("TUNNEL_PORT", portbuf, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return 1;
	if (hook && ss_ssh_exec(ctx, a, &x, &hook_status, &err) < 0) {
		fprintf(stderr, "then-hook: %s\n", err.msg);
		hook_status = 1;
	}
	fflush(stdout);
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	if (hook_status)
		return 100 + hook_status % 100;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static int probe(struct ss_ctx *ctx, const struct ss_alias *a, int argc, char **argv)
{
	struct ss_error err = { 0 };
	struct ss_ssh *s;
	int status;

	if (!strcmp(argv[0], "connect")) {
		if (ss_ssh_session(ctx, a, &s, &err) < 0)
			return ss_fail_err(ctx, &err);
		printf("where: %s\nbanner: %s\nauth: %s\n", ss_ssh_where(s), ss_ssh_banner(s),
		       ss_ssh_auth_method(s));
		return 0;
	}
	if (!strcmp(argv[0], "exec") || !strcmp(argv[0], "hook")) {
		struct ss_ssh_exec x = { .out = stdout, .err = stderr };

		if (argc < 2)
			return ss_fail(ctx, SS_USAGE, "%s needs a command", argv[0]);
		if (argv[0][0] == 'e')
			x.argv = (const char *const *)argv + 1;
		else
			x.command = argv[1];
		if (ss_ssh_exec(ctx, a, &x, &status, &err) < 0)
			return ss_fail_err(ctx, &err);
		fflush(stdout);
		return status;
	}
	if (!strcmp(argv[0], "tunnel")) {
		char *host, *socket;
		int port;

		if (ss_ssh_db_endpoint(ctx, a, &host, &port, &socket, &err) < 0)
			return ss_fail_err(ctx, &err);
		printf("endpoint: %s port %d\n", socket, port);
		status = argc > 1 ? run_local(ctx, a, argv + 1, socket, port) : 0;
		free(host);
		free(socket);
		return status;
	}
	return ss_fail(ctx, SS_USAGE, "unknown probe '%s'", argv[0]);
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	struct ss_alias own;
	struct ss_kv kv = { 0 };
	const struct ss_alias *a = &own;
	struct ss_error err;
	int rc;

	if (argc > 1 && argv[1][0] == '@') {
		if (ss_ctx_alias(ctx, argv[1], &a, &err) < 0)
			return ss_fail_err(ctx, &err);
		argc--;
		argv++;
	} else {
		alias_from_options(ctx, &own, &kv);
	}
	if (argc < 2)
		return ss_fail(ctx, SS_USAGE, "ssh-probe needs connect, exec, hook or tunnel");
	rc = probe(ctx, a, argc - 1, argv + 1);
	ss_ssh_pool_release(ctx);
	free(kv.key);
	return rc;
}

static const struct ss_command cmd = {
	SITESYNC_COMMAND_HEADER,
	.name = "ssh-probe",
	.summary = "test only: drive the SSH layer",
	.usage = "[@alias] connect|exec|hook|tunnel [ARGS...]",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(cmd)

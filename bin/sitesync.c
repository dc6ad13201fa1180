/*
 * sitesync.c - the host: global options, plugin loading, dispatch, and
 * reporting a command's error once.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>
#include <sitesync/json.h>

#include "bin/help.h"
#include "bin/loader.h"
#include "lib/core/ctx.h"
#include "lib/core/interrupt.h"
#include "lib/core/suggest.h"

/* An error as the one line the host prints: text, or a JSON object. */
static void format_error(const struct ss_ctx *ctx, const struct ss_error *err, struct ss_buf *b)
{
	if (ss_ctx_json(ctx)) {
		struct ss_json j;

		ss_json_init(&j, b, 0);
		ss_json_obj_begin(&j);
		ss_json_key(&j, "error");
		ss_json_str(&j, err->msg);
		ss_json_key(&j, "status");
		ss_json_int(&j, err->status);
		ss_json_obj_end(&j);
	} else {
		ss_buf_addf(b, "sitesync: error: %s", err->msg);
	}
}

/* Print an error once, on stderr. */
static void report(const struct ss_ctx *ctx, const struct ss_error *err)
{
	struct ss_buf b = SS_BUF_INIT;

	format_error(ctx, err, &b);
	fprintf(stderr, "%s\n", b.data);
	ss_buf_release(&b);
}

/* The line of a run a signal ended (on the signal thread). */
static void report_interrupted(void *arg, struct ss_buf *line)
{
	struct ss_error err;

	ss_error_set(&err, SS_FAILED, "interrupted");
	format_error(arg, &err, line);
}

static int usage_error(const struct ss_ctx *ctx, const char *msg)
{
	struct ss_error err;

	ss_error_set(&err, SS_USAGE, "%s", msg);
	report(ctx, &err);
	return SS_USAGE;
}

static int unknown_command(const struct ss_ctx *ctx, const struct ss_registry *reg,
			   const char *name)
{
	struct ss_buf hint = SS_BUF_INIT;
	const char **names = NULL;
	size_t n = 0;
	struct ss_error err;

	names = ss_xrealloc(names, sizeof(char *));
	names[n++] = "help";
	for (size_t i = 0; i < reg->n; i++) {
		const struct ss_command *cmd = reg->plugins[i].cmd;

		names = ss_xrealloc(names, (n + 1) * sizeof(char *));
		names[n++] = cmd->name;
		for (const char *const *a = cmd->aliases; a && *a; a++) {
			names = ss_xrealloc(names, (n + 1) * sizeof(char *));
			names[n++] = *a;
		}
	}
	if (ss_suggest(name, names, n, 3, &hint))
		ss_error_set(&err, SS_USAGE, "unknown command '%s'; did you mean %s?", name, hint.data);
	else
		ss_error_set(&err, SS_USAGE, "unknown command '%s'; 'sitesync help' lists the commands",
			     name);
	report(ctx, &err);
	free(names);
	ss_buf_release(&hint);
	return SS_USAGE;
}

/* `help` as a command: global options go before or after it, as for any other. */
static const struct ss_command help_command = {
	SITESYNC_COMMAND_HEADER,
	.name = "help",
	.summary = "show the commands, or one command's usage",
	.usage = "[COMMAND]",
};

static int cmd_help(struct ss_ctx *ctx, const struct ss_registry *reg, int argc, char **argv)
{
	const struct ss_plugin *p;
	struct ss_error err;
	char **args;
	int nargs, rc;

	ss_ctx_set_command(ctx, &help_command);
	rc = ss_args_parse(ctx, argc, argv, &nargs, &args, &err);
	if (rc < 0) {
		report(ctx, &err);
		return err.status;
	}
	if (nargs > 2)
		return usage_error(ctx, "help takes at most one command");
	if (rc == 1 || (nargs == 2 && !strcmp(args[1], "help"))) {
		ss_help_print_command(ctx, &help_command);
		return SS_OK;
	}
	if (nargs < 2) {
		ss_help_print_overview(ctx, reg);
		return SS_OK;
	}
	p = ss_registry_find(reg, args[1]);
	if (!p)
		return unknown_command(ctx, reg, args[1]);
	ss_help_print_command(ctx, p->cmd);
	return SS_OK;
}

/*
 * Run a plugin's command around the common work (git's run_builtin); with
 * help (-h before the command) show its usage instead.
 */
static int run_command(struct ss_ctx *ctx, const struct ss_plugin *p, int argc, char **argv,
		       int help)
{
	struct ss_error err;
	char **args;
	int nargs, rc;

	ss_ctx_set_command(ctx, p->cmd);
	rc = ss_args_parse(ctx, argc, argv, &nargs, &args, &err);
	if (rc < 0) {
		report(ctx, &err);
		return err.status;
	}
	if (rc == 1 || help) {
		ss_help_print_command(ctx, p->cmd);
		return SS_OK;
	}
	rc = p->cmd->run(ctx, nargs, args);
	if (rc != SS_OK) {
		if (!ctx->failed)
			ss_error_set(&ctx->err, rc, "%s failed", p->cmd->name);
		ctx->err.status = rc;
		report(ctx, &ctx->err);
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "sitesync: error: write error on standard output: %s\n",
			strerror(errno));
		if (rc == SS_OK)
			rc = SS_FAILED;
	}
	return rc;
}

/*
 * Global options may follow the command ("sitesync hello --plugin-path=DIR"),
 * but they are parsed with the command's own options, after the plugins
 * were loaded.  Pick out the one that matters before loading: where to look
 * for plugins.
 */
static void prescan_after_command(struct ss_ctx *ctx, int argc, char **argv, int first)
{
	for (int i = first + 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--"))
			break;
		if (!strncmp(a, "--plugin-path=", 14))
			ctx->global.plugin_path = a + 14;
		else if (!strcmp(a, "--plugin-path") && i + 1 < argc)
			ctx->global.plugin_path = argv[++i];
	}
}

int main(int argc, char **argv)
{
	struct ss_ctx *ctx;
	struct ss_registry reg;
	struct ss_error err;
	int help = 0, version = 0, first, rc;
	const struct ss_plugin *p;

	/* first of all: a signal at any moment ends the run the documented way */
	ss_interrupt_install();
	ss_debug_stop("main");
	ctx = ss_ctx_new();
	ss_interrupt_set_report(report_interrupted, ctx);
	first = ss_args_parse_global(ctx, argc, argv, &help, &version, &err);
	if (first < 0) {
		report(ctx, &err);
		ss_interrupt_set_report(NULL, NULL);
		ss_ctx_free(ctx);
		return err.status;
	}
	if (version) {
		ss_help_print_version(ctx);
		ss_interrupt_set_report(NULL, NULL);
		ss_ctx_free(ctx);
		return SS_OK;
	}
	prescan_after_command(ctx, argc, argv, first);
	ss_registry_load(&reg, ctx->global.plugin_path);
	/* also with -q: a command that is silently missing is worse than a line */
	for (size_t i = 0; i < reg.nproblems; i++)
		fprintf(stderr, "sitesync: warning: %s\n", reg.problems[i]);

	if (first >= argc) {
		if (help) {
			ss_help_print_overview(ctx, &reg);
			rc = SS_OK;
		} else {
			ss_help_overview(stderr, &reg);
			rc = usage_error(ctx, "no command given");
		}
	} else if (!strcmp(argv[first], "help")) {
		rc = cmd_help(ctx, &reg, argc - first, argv + first);
	} else if ((p = ss_registry_find(&reg, argv[first]))) {
		rc = run_command(ctx, p, argc - first, argv + first, help);
	} else {
		rc = unknown_command(ctx, &reg, argv[first]);
	}
	ss_registry_release(&reg);
	ss_interrupt_set_report(NULL, NULL);
	ss_ctx_free(ctx);
	return rc;
}

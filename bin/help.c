/* help.c - usage texts of the host and its commands. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/json.h>

#include "bin/help.h"
#include "lib/core/ctx.h"

static int by_command(const void *a, const void *b)
{
	const struct ss_plugin *const *x = a, *const *y = b;

	return strcmp((*x)->cmd->name, (*y)->cmd->name);
}

void ss_help_overview(FILE *out, const struct ss_registry *reg)
{
	const struct ss_plugin **sorted = calloc(reg->n ? reg->n : 1, sizeof(*sorted));

	fprintf(out, "usage: sitesync [global options] <command> [arguments]\n\n");
	fprintf(out, "Commands:\n");
	for (size_t i = 0; sorted && i < reg->n; i++)
		sorted[i] = &reg->plugins[i];
	if (sorted)
		qsort(sorted, reg->n, sizeof(*sorted), by_command);
	fprintf(out, "  %-16s %s\n", "help", "show the commands, or one command's usage");
	for (size_t i = 0; sorted && i < reg->n; i++)
		fprintf(out, "  %-16s %s\n", sorted[i]->cmd->name, sorted[i]->cmd->summary);
	free(sorted);
	fprintf(out, "\nGlobal options (before or after the command):\n");
	ss_args_print_global_help(out);
	fprintf(out, "\n'sitesync help <command>' shows a command's usage and options.\n");
}

void ss_help_command(FILE *out, const struct ss_command *cmd)
{
	const char *usage = cmd->usage ? cmd->usage : "";
	const char *nl = strchr(usage, '\n');
	int first = nl ? (int)(nl - usage) : (int)strlen(usage);

	fprintf(out, "usage: sitesync %s %.*s\n\n%s\n", cmd->name, first, usage, cmd->summary);
	if (nl)
		fprintf(out, "%s\n", nl);
	if (cmd->aliases && cmd->aliases[0]) {
		fprintf(out, "\nAliases:");
		for (const char *const *a = cmd->aliases; *a; a++)
			fprintf(out, " %s", *a);
		fprintf(out, "\n");
	}
	if (cmd->options && cmd->options[0].name) {
		fprintf(out, "\nOptions:\n");
		ss_args_print_command_help(out, cmd);
	}
	fprintf(out, "\nGlobal options: see 'sitesync help'.\n");
}

static void json_aliases(struct ss_json *j, const struct ss_command *cmd)
{
	ss_json_key(j, "aliases");
	ss_json_arr_begin(j);
	for (const char *const *a = cmd->aliases; a && *a; a++)
		ss_json_str(j, *a);
	ss_json_arr_end(j);
}

static void json_print(struct ss_json *j, struct ss_buf *b)
{
	ss_json_key(j, "global_options");
	ss_args_json_global(j);
	ss_json_obj_end(j);
	printf("%s\n", b->data);
	ss_buf_release(b);
}

void ss_help_print_overview(const struct ss_ctx *ctx, const struct ss_registry *reg)
{
	const struct ss_plugin **sorted;
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	if (!ss_ctx_json(ctx)) {
		ss_help_overview(stdout, reg);
		return;
	}
	sorted = ss_xcalloc(reg->n ? reg->n : 1, sizeof(*sorted));
	for (size_t i = 0; i < reg->n; i++)
		sorted[i] = &reg->plugins[i];
	qsort(sorted, reg->n, sizeof(*sorted), by_command);
	ss_json_init(&j, &b, 0);
	ss_json_obj_begin(&j);
	ss_json_key(&j, "usage");
	ss_json_str(&j, "sitesync [global options] <command> [arguments]");
	ss_json_key(&j, "commands");
	ss_json_arr_begin(&j);
	ss_json_obj_begin(&j);
	ss_json_key(&j, "name");
	ss_json_str(&j, "help");
	ss_json_key(&j, "aliases");
	ss_json_arr_begin(&j);
	ss_json_arr_end(&j);
	ss_json_key(&j, "summary");
	ss_json_str(&j, "show the commands, or one command's usage");
	ss_json_obj_end(&j);
	for (size_t i = 0; i < reg->n; i++) {
		ss_json_obj_begin(&j);
		ss_json_key(&j, "name");
		ss_json_str(&j, sorted[i]->cmd->name);
		json_aliases(&j, sorted[i]->cmd);
		ss_json_key(&j, "summary");
		ss_json_str(&j, sorted[i]->cmd->summary);
		ss_json_obj_end(&j);
	}
	ss_json_arr_end(&j);
	free(sorted);
	json_print(&j, &b);
}

void ss_help_print_command(const struct ss_ctx *ctx, const struct ss_command *cmd)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	if (!ss_ctx_json(ctx)) {
		ss_help_command(stdout, cmd);
		return;
	}
	ss_json_init(&j, &b, 0);
	ss_json_obj_begin(&j);
	ss_json_key(&j, "name");
	ss_json_str(&j, cmd->name);
	json_aliases(&j, cmd);
	ss_json_key(&j, "summary");
	ss_json_str(&j, cmd->summary);
	ss_json_key(&j, "usage");
	ss_json_str(&j, cmd->usage ? cmd->usage : "");
	ss_json_key(&j, "options");
	ss_args_json_command(&j, cmd);
	json_print(&j, &b);
}

void ss_help_print_version(const struct ss_ctx *ctx)
{
	if (ss_ctx_json(ctx))
		printf("{\"version\":\"%s\",\"plugin_abi\":%d}\n", PACKAGE_VERSION,
		       SITESYNC_ABI_VERSION);
	else
		printf("sitesync %s (plugin ABI %d)\n", PACKAGE_VERSION, SITESYNC_ABI_VERSION);
}

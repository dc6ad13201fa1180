/* help.c - usage texts of the host and its commands. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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

/*
 * fuzz_args.c - a command line, one argument a line: the host's global
 * options, then a command's options of every type among its arguments.
 * What the command is handed starts with its name.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <sitesync/plugin.h>

#include "lib/core/ctx.h"
#include "tests/fuzz/fuzz.h"

#define MAX_ARGS 64

static const struct ss_option options[] = {
	{ "flag", 'f', SS_OPT_FLAG, NULL, "a flag" },
	{ "name", 'N', SS_OPT_STRING, "NAME", "a string" },
	{ "jobs", 'j', SS_OPT_INT, "N", "a number" },
	{ "yes-too", 'y', SS_OPT_FLAG, NULL, "a short name the host already has" },
	{ "structure-tables-key", 0, SS_OPT_STRING, "KEY", "no short name" },
	{ 0 },
};

static const struct ss_command command = {
	SITESYNC_COMMAND_HEADER,
	.name = "fuzz", .summary = "fuzz", .usage = "[ARGS]", .options = options,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), *argv[MAX_ARGS + 2], *p = text;
	int argc = 0, help = 0, version = 0, first;
	struct ss_ctx *ctx = ss_ctx_new();
	struct ss_error err;

	argv[argc++] = "sitesync";
	while (argc < MAX_ARGS) {
		char *nl = strchr(p, '\n');

		argv[argc++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	argv[argc] = NULL;
	first = ss_args_parse_global(ctx, argc, argv, &help, &version, &err);
	if (first >= 0 && first < argc) {
		int cargc;
		char **cargv;
		const char *name = argv[first];

		ss_ctx_set_command(ctx, &command);
		if (ss_args_parse(ctx, argc - first, argv + first, &cargc, &cargv, &err) >= 0) {
			if (cargc < 1 || cargv[0] != name || cargv[cargc]) {
				fprintf(stderr, "fuzz_args: the arguments do not start with the"
					" command name\n");
				abort();
			}
			ss_opt_flag(ctx, "flag");
			ss_opt_str(ctx, "name");
			ss_opt_int(ctx, "jobs", -1);
		}
	}
	ss_ctx_free(ctx);
	free(text);
	return 0;
}

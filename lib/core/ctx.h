/*
 * ctx.h - the host's side of struct ss_ctx (internal to sitesync).
 */
#ifndef SS_CTX_H
#define SS_CTX_H

#include <stdio.h>

#include <sitesync/context.h>
#include <sitesync/plugin.h>

struct ss_opt_value {
	int count;        /* times given */
	char *value;      /* last value for STRING/INT options; owned */
};

struct ss_ctx {
	struct ss_global global;
	const struct ss_command *cmd;  /* the running command, or NULL */
	struct ss_opt_value *values;   /* one per entry of cmd->options */
	size_t nvalues;
	struct ss_error err;           /* what ss_fail() recorded */
	int failed;
	struct ss_aliases *aliases;    /* opened lazily */
	FILE *diag;                    /* where warnings go (stderr) */
};

/* A new ctx with defaults (format "human", progress when stderr is a tty). */
struct ss_ctx *ss_ctx_new(void);
void ss_ctx_free(struct ss_ctx *ctx);

/* Make cmd the running command and size the option value table for it. */
void ss_ctx_set_command(struct ss_ctx *ctx, const struct ss_command *cmd);

/*
 * Parse a command's arguments: global options and the command's options may
 * appear anywhere, "--" ends options.  On success argc_out and argv_out hold the
 * positional arguments with argv[0] the command name (argv is permuted in
 * place).  Returns 0, 1 when -h/--help was given, or -1 with a usage error
 * (SS_USAGE) in err.
 */
int ss_args_parse(struct ss_ctx *ctx, int argc, char **argv, int *argc_out,
		  char ***argv_out, struct ss_error *err);

/*
 * Parse the global options before the command name (stops at the first
 * non-option).  Returns the index of the command name in argv (argc when
 * none), or -1 with err filled.  *help / *version are set when given.
 */
int ss_args_parse_global(struct ss_ctx *ctx, int argc, char **argv, int *help,
			 int *version, struct ss_error *err);

/* Print the host's global options table (for help). */
void ss_args_print_global_help(FILE *out);

/* Print a command's option table (for help). */
void ss_args_print_command_help(FILE *out, const struct ss_command *cmd);

#endif

/*
 * ctx.h - the host's side of struct ss_ctx (internal to sitesync).
 */
#ifndef SS_CTX_H
#define SS_CTX_H

#include <pthread.h>
#include <stdio.h>

#include <sitesync/context.h>
#include <sitesync/plugin.h>

struct ss_opt_value {
	int count;        /* times given */
	char *value;      /* last value for STRING/INT options; owned */
};

/* What a layer above core asked to run when the ctx is freed. */
typedef void ss_release_fn(void *data);
struct ss_release {
	ss_release_fn *fn;
	void *data;
	struct ss_release *next;       /* registered before this one */
};

struct ss_ctx {
	struct ss_global global;
	const struct ss_command *cmd;  /* the running command, or NULL */
	struct ss_opt_value *values;   /* one per entry of cmd->options */
	size_t nvalues;
	struct ss_error err;           /* what ss_fail() recorded */
	int failed;
	struct ss_aliases *aliases;    /* opened lazily by lib/alias; freed by its release */
	FILE *diag;                    /* where warnings go (stderr) */
	enum ss_compress compress;     /* links to remote sites (ss_ctx_set_compress) */
	struct ss_release *releases;   /* newest first; guarded by release_lock */
	pthread_mutex_t release_lock;
	char **debug_seen;             /* what ss_debug_once() printed; guarded by debug_lock */
	size_t ndebug_seen;
	pthread_mutex_t debug_lock;
};

/* A new ctx with defaults (format "human", progress when stderr is a tty). */
struct ss_ctx *ss_ctx_new(void);
/* Run the registered releases (newest first), then free ctx. */
void ss_ctx_free(struct ss_ctx *ctx);

/*
 * Have ss_ctx_free() call fn(data).  This is how the layers above core (the
 * alias set, the SSH pool) tie what they hold to the run without core
 * calling up into them.  Releases run newest first, so a service registered
 * after one it uses (an SSH session after the aliases it reads) is released
 * before it.  Safe from any thread.
 */
void ss_ctx_on_release(struct ss_ctx *ctx, ss_release_fn *fn, void *data);

/*
 * ss_debug(), but a message this run already printed is left out (unless
 * -dd): the same connection opened by each worker is one line.  Any thread.
 */
void ss_debug_once(struct ss_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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

/*
 * The same tables as JSON arrays of {"name", "short", "argument", "help"}
 * (short and argument null when there is none), into j.
 */
struct ss_json;
void ss_args_json_global(struct ss_json *j);
void ss_args_json_command(struct ss_json *j, const struct ss_command *cmd);

#endif

/*
 * sitesync/plugin.h - the plugin ABI.
 *
 * A plugin is a loadable module that exports one function,
 * sitesync_plugin(), returning a constant descriptor.  The host reads the
 * first two fields (abi, size) before anything else and refuses a module
 * built for another ABI.  Keep those two fields first forever.
 *
 *     static const struct ss_option opts[] = {
 *         { "name", 0, SS_OPT_STRING, "WHO", "whom to greet" },
 *         { 0 }
 *     };
 *     static int run(struct ss_ctx *ctx, int argc, char **argv) { ... }
 *     static const struct ss_command cmd = {
 *         SITESYNC_COMMAND_HEADER,
 *         .name = "hello", .summary = "say hello", .usage = "[--name=WHO]",
 *         .options = opts, .run = run,
 *     };
 *     SITESYNC_PLUGIN(cmd)
 */
#ifndef SITESYNC_PLUGIN_H
#define SITESYNC_PLUGIN_H

#include <stddef.h>
#include <sitesync/context.h>

/*
 * The ABI changes whenever a plugin built against the previous SDK headers
 * would misbehave with this libsitesync: a function's signature, or the
 * layout of a struct a plugin allocates or indexes (struct ss_history_entry
 * is filled by plugins and read back in arrays by `sitesync history`).
 *   1: the first
 *   2: struct ss_history_entry gained sanitize and the --incremental numbers
 */
#define SITESYNC_ABI_VERSION 2

/* Name of the one symbol every plugin exports. */
#define SITESYNC_PLUGIN_SYMBOL "sitesync_plugin"

enum ss_opt_type {
	SS_OPT_END = 0,
	SS_OPT_FLAG,   /* --name; counts repetitions */
	SS_OPT_STRING, /* --name=VALUE or --name VALUE; the last one wins */
	SS_OPT_INT,    /* like STRING, checked to be a decimal integer */
};

/* One option of a command; a table of them ends with an all-zero entry. */
struct ss_option {
	const char *name;      /* long name, without the leading "--" */
	int short_name;        /* one letter, or 0; must not clash with globals */
	enum ss_opt_type type;
	const char *arg_name;  /* shown in help: "LIST", "N"; NULL for flags */
	const char *help;      /* one line */
};

/*
 * run() gets the positional arguments only: argv[0] is the command name,
 * options (global and the command's own) were parsed by the host and are read
 * with ss_opt_*() and ss_ctx_global().  Return an enum ss_status; on failure
 * record the message with ss_fail() so the host reports it once.
 */
typedef int (*ss_run_fn)(struct ss_ctx *ctx, int argc, char **argv);

struct ss_command {
	unsigned int abi;               /* SITESYNC_ABI_VERSION when built */
	size_t size;                    /* sizeof(struct ss_command) when built */
	const char *name;               /* "sql-sync" */
	const char *const *aliases;     /* NULL-terminated list, or NULL */
	const char *summary;            /* one line for `sitesync help` */
	const char *usage;              /* "SOURCE TARGET", then optional text */
	const struct ss_option *options;/* table ending in { 0 }, or NULL */
	ss_run_fn run;
};

#define SITESYNC_COMMAND_HEADER \
	.abi = SITESYNC_ABI_VERSION, .size = sizeof(struct ss_command)

#if defined(__GNUC__)
#define SS_EXPORT __attribute__((visibility("default")))
#else
#define SS_EXPORT
#endif

typedef const struct ss_command *(*ss_plugin_fn)(void);

#define SITESYNC_PLUGIN(cmd) \
	SS_EXPORT const struct ss_command *sitesync_plugin(void); \
	const struct ss_command *sitesync_plugin(void) { return &(cmd); }

#endif

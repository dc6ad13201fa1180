/*
 * sitesync/context.h - what a command gets from the host: global options,
 * its own option values, error reporting and output helpers.
 */
#ifndef SITESYNC_CONTEXT_H
#define SITESYNC_CONTEXT_H

#include <stdarg.h>
#include <sitesync/error.h>

struct ss_ctx;

/* The global options, as parsed by the host.  Read-only for commands. */
struct ss_global {
	int yes;            /* -y/--yes: answer yes to every prompt */
	int no;             /* -n/--no: answer no to every prompt */
	int simulate;       /* -s/--simulate: print the plan, change nothing */
	int verbose;        /* -v/--verbose (count) */
	int debug;          /* -d/--debug (count) */
	int quiet;          /* -q/--quiet */
	int progress;       /* 0 with --no-progress or when stderr is no tty */
	const char *format; /* --format value; "human" unless given */
	const char *alias_path;  /* --alias-path, or NULL */
	const char *plugin_path; /* --plugin-path, or NULL */
};

const struct ss_global *ss_ctx_global(const struct ss_ctx *ctx);

/* Nonzero when --format=json was given. */
int ss_ctx_json(const struct ss_ctx *ctx);

/* The command's own options (see struct ss_option). */
int ss_opt_flag(const struct ss_ctx *ctx, const char *name);       /* times given */
const char *ss_opt_str(const struct ss_ctx *ctx, const char *name); /* NULL if absent */
long ss_opt_int(const struct ss_ctx *ctx, const char *name, long absent);

/*
 * Record the command's failure: the host prints it once ("sitesync: error:
 * ...", or a JSON object) after run() returns.  Returns status, so a command
 * can `return ss_fail(ctx, SS_REFUSED, "...")`.
 */
int ss_fail(struct ss_ctx *ctx, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record an error a library call filled in; returns its status. */
int ss_fail_err(struct ss_ctx *ctx, const struct ss_error *err);

/* Messages on stderr: warnings always (unless -q), info with -v, debug with -d. */
void ss_warn(struct ss_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ss_info(struct ss_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ss_debug(struct ss_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * How much a run compresses what crosses a link to a remote site (sql-sync
 * --compress): an SSH session's zlib compression (the level of what this
 * side sends), and a direct MySQL connection over TCP the compressed
 * protocol.  Set before the run's first connection; sessions already open
 * keep what they had.
 */
enum ss_compress {
	SS_COMPRESS_UNSET = 0,  /* the command did not say: SSH as ~/.ssh/config says (off) */
	SS_COMPRESS_AUTO,       /* fast over SSH unless ~/.ssh/config says no; none direct */
	SS_COMPRESS_NONE,
	SS_COMPRESS_FAST,
	SS_COMPRESS_BEST,
};
void ss_ctx_set_compress(struct ss_ctx *ctx, enum ss_compress how);
enum ss_compress ss_ctx_compress(const struct ss_ctx *ctx); /* ctx may be NULL: UNSET */
/* "auto", "none", "fast", "best": 0, or -1 for anything else. */
int ss_compress_parse(const char *name, enum ss_compress *out);
const char *ss_compress_name(enum ss_compress how);

/*
 * The alias set of this run (search path from --alias-path, the environment
 * and the working directory), opened on first use and owned by the ctx.
 */
struct ss_aliases;
int ss_ctx_aliases(struct ss_ctx *ctx, struct ss_aliases **out, struct ss_error *err);

/* Resolve an alias name through ss_ctx_aliases(); the ctx owns the result. */
struct ss_alias;
int ss_ctx_alias(struct ss_ctx *ctx, const char *name, const struct ss_alias **out,
		 struct ss_error *err);

#endif

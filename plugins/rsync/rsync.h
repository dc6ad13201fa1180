/*
 * plugins/rsync/rsync.h - the parts of `sitesync rsync`: endpoints
 * (ALIAS[:PATH] resolved to a directory) and the system rsync engine.
 */
#ifndef PLUGINS_RSYNC_RSYNC_H
#define PLUGINS_RSYNC_RSYNC_H

#include <sitesync/sitesync.h>

#include "plugins/rsync/output.h"

/* One side of a copy.  path is owned (free with endpoint_release). */
struct endpoint {
	const struct ss_alias *alias; /* owned by the ctx */
	char *path;                   /* absolute, normalised ("." and ".." resolved) */
	int remote;
};

/*
 * Parse "ALIAS[:PATH]" and resolve PATH: %files (paths.files, default
 * sites/default/files), %private, %temp (default /tmp), %root, %NAME
 * (paths.NAME), a relative path under the alias's root, an absolute path.
 */
int endpoint_resolve(struct ss_ctx *ctx, const char *arg, struct endpoint *out,
		     struct ss_error *err);
void endpoint_release(struct endpoint *e);

/*
 * Refuse a target path that is "/", empty, or outside both the alias's root
 * and the directories its paths: declare (local targets: the real path of
 * the nearest existing ancestor).
 */
int endpoint_check_target(const struct endpoint *e, struct ss_error *err);

/* "@x:/path" or "default:/path" for messages; caller frees. */
char *endpoint_name(const struct endpoint *e);

/* Options of a copy, for either engine. */
struct copy_opts {
	const char *mode;          /* "akz" */
	int delete_;
	const char *excludes;      /* colon-separated, or NULL */
	const char *includes;
	int verbose, simulate;
	int itemise;               /* list the changes (-v, -s, JSON) */
	struct copy_output *out;   /* where the changes go */
	char **extra;              /* options after the endpoints */
	int nextra;
};

/* 1 when `rsync` runs on the alias's host (local: on PATH), 0 when not. */
int sysrsync_available(struct ss_ctx *ctx, const struct ss_alias *a, struct ss_error *err);

/* What a copy did, either engine. */
struct copy_stats {
	long long total;  /* regular files of the source the copy looked at */
	long long files;  /* regular files sent (or, with -s, that would be) */
	long long links;  /* symlinks made (native engine) */
	long long bytes;  /* of the files sent */
	long long stale;  /* the target's stale temporary files removed (native engine) */
};

/*
 * Run rsync (fork/execvp, no local shell) from src into dst; at most one
 * side remote.  Its itemised changes are shown with -v or -s (never its
 * progress); st gets the counts of its --stats.  A signal meanwhile stops
 * rsync ("interrupted").  Fails with rsync's exit status in the message.
 */
int sysrsync_run(struct ss_ctx *ctx, const struct endpoint *src, const struct endpoint *dst,
		 const struct copy_opts *o, struct copy_stats *st, struct ss_error *err);

/* The argv it runs (NULL-terminated; free each word and the array). */
char **sysrsync_argv(const struct endpoint *src, const struct endpoint *dst,
		     const struct copy_opts *o);

/*
 * The native engine between any two trees (tree.h: local directories or
 * SFTP on a remote alias's session; remote to remote goes through this
 * machine): list both, quick check by size and mtime, send changed files
 * to ".NAME.sitesync-XXXXXX" beside the destination, set mode and mtime,
 * rename into place; symlinks as links; --delete removes target entries
 * the source lacks, inside the target only, never following links;
 * include/exclude patterns match names at any depth (include wins).
 * -v/-s print rsync-like itemised lines (">f+++++++++ path", ">f.st......
 * path", "*deleting path"), -v the two rsync --stats lines of the counts
 * (and of the target's stale temporary files removed, when there were).
 * A file that cannot be transferred gets a warning and the rest goes on
 * (--delete then deletes nothing): the run fails at the end with "N files
 * could not be transferred"; a file that vanished is only a warning.  A
 * lost connection stops at once, SIGINT or SIGTERM too ("interrupted"),
 * the temporary file being written removed.
 */
int native_run(struct ss_ctx *ctx, const struct endpoint *src, const struct endpoint *dst,
	       const struct copy_opts *o, struct copy_stats *st, struct ss_error *err);

#endif

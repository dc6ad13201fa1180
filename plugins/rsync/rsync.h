/* rsync.h - the rsync command's parts (internal to the plugin). */
#ifndef SS_RSYNC_H
#define SS_RSYNC_H

#include <sitesync/sitesync.h>

/* One side of a copy: "@alias:%files/styles" resolved. */
struct rs_end {
	const struct ss_alias *alias;
	char *spec;   /* as typed, for messages */
	char *path;   /* absolute, normalised, no trailing slash; owned */
	int remote;   /* on another machine (through ssh) */
};

/*
 * Resolve "ALIAS[:PATH]": drush path aliases %files (paths.files, default
 * sites/default/files), %private, %temp (default /tmp), %root and any
 * %NAME of paths.NAME, optionally followed by "/more"; a relative path is
 * relative to the alias's root.  No PATH means the root.
 */
int rs_end_resolve(struct ss_ctx *ctx, const char *spec, struct rs_end *out,
		   struct ss_error *err);
void rs_end_release(struct rs_end *e);

/* Collapse "//", "/./" and "/../" of an absolute path in place. */
void rs_normalise(char *path);

/* Refuse a target that is "/", empty, or outside its alias's root. */
int rs_check_target(const struct rs_end *target, struct ss_error *err);

/* What the run moved, from rsync --stats. */
struct rs_stats {
	long long files;  /* regular files transferred */
	long long bytes;  /* total transferred file size */
};

struct rs_run {
	const struct rs_end *src, *dst;
	const char *mode;       /* "akz" */
	const char *excludes;   /* "a:b" or NULL */
	const char *includes;
	int delete_extra;
	int dry_run;            /* -s: --dry-run --itemize-changes */
	int verbose;            /* -v: --stats --progress shown */
	char **extra;           /* options after "--" */
	int nextra;
};

/* Run the system rsync (argv, never a shell); fills stats. */
int rs_system_run(struct ss_ctx *ctx, const struct rs_run *run, struct rs_stats *stats,
		  struct ss_error *err);

#endif

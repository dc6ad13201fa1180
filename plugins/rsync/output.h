/*
 * plugins/rsync/output.h - what `sitesync rsync` shows, for either engine:
 * the itemised changes (-v, -s: rsync's ">f+++++++++ path" lines) and the
 * one summary line, or with --format=json one object holding both.
 */
#ifndef PLUGINS_RSYNC_OUTPUT_H
#define PLUGINS_RSYNC_OUTPUT_H

#include <sitesync/sitesync.h>

struct copy_stats;

struct copy_output {
	struct ss_ctx *ctx;
	int itemise;      /* the engines list their changes: -v, -s or JSON */
	int json;
	char **items;     /* JSON: "ITEM\tPATH" each, owned */
	size_t nitems;
};

/* Set up o for ctx; release with output_release(). */
void output_init(struct copy_output *o, struct ss_ctx *ctx);
void output_release(struct copy_output *o);

/* One change: printed as "ITEM PATH", or kept for the JSON object. */
void output_item(struct copy_output *o, const char *item, const char *path);

/* Another line of rsync's ("created 3 directories for ..."): shown where changes are, never in JSON. */
void output_line(struct copy_output *o, const char *line);

/*
 * The end of a run that worked: with -v the line "@prod → default: N
 * files, M changed, X MB in T s" on stderr (as sql-sync's), or the JSON
 * object on stdout: source, target, engine, status ("ok", "simulated"),
 * files, changed, bytes, seconds, stale_temporary_files_removed and the
 * changes ({"item", "path"}).
 */
void output_summary(struct copy_output *o, const char *source, const char *target,
		    const char *engine, const struct copy_stats *st, double seconds);

#endif

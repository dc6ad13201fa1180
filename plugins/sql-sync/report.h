/*
 * report.h - what sql-sync shows, for either engine: the plan (--simulate),
 * the progress line, a line per table (--verbose), the summary, each also
 * as JSON.  The engines' parts (mysql_report.c, pg_report.c) describe their
 * plans in the neutral structs below; the strings stay theirs.
 */
#ifndef SS_SQL_SYNC_REPORT_H
#define SS_SQL_SYNC_REPORT_H

#include <sitesync/sitesync.h>

#include "lib/sanitize/sanitize.h"
#include "lib/sync/delta.h"
#include "lib/sync/run.h"

/* The state of the progress line; arg of the engines' hooks. */
struct sync_report {
	struct ss_ctx *ctx;
	int progress;             /* a progress line on stderr */
	int progress_shown;
	int copying;              /* the debug stop point "copy" was passed */
};

/* A table of the plan, or of a finished run. */
struct sync_report_table {
	const char *name;         /* "t", or "schema.t" */
	long long rows, bytes;    /* estimates */
	int structure_only;
	int nchunks;
	const struct ss_delta_table *inc; /* what --incremental does with it (mode OFF without) */
	const struct ss_san_plan *san;  /* its sanitize rules, or NULL */
	long long rows_moved, bytes_moved; /* once copied */
	double seconds;
};

/* What an --incremental run did, all tables together. */
struct sync_report_totals {
	long long compared, whole;  /* tables compared chunk by chunk, copied whole */
	long long chunks, differ, deleted, compare_bytes;
	long long table_bytes;      /* the estimated size of the tables with rows */
};

/* A plan, or a finished run, as the reports see it (nothing owned). */
struct sync_report_plan {
	const char *target_db;
	int target_exists;
	int per_schema;           /* the engine syncs schemas (PostgreSQL) */
	char *const *schemas;
	size_t nschemas;
	const struct sync_report_table *tables;
	size_t ntables;
	long long est_rows, est_bytes;
	char *const *extra;       /* tables only in the target */
	size_t nextra;
	int keep_extra;           /* they stay (else: moved to the backup) */
	int can_skip;             /* the engine has --skip-unsupported (PostgreSQL) */
	char *const *skipped;     /* what it left out */
	size_t nskipped;
	char *const *owner_notes; /* owners the run could not keep (PostgreSQL), one line each */
	size_t nowner_notes;
	const char *backup;       /* where the previous tables are; NULL: none kept */
	const char *backup_what;  /* "tables", "schemas" */
	int incremental;          /* --incremental was asked */
	const struct ss_san_run *san; /* the sanitize rules of the run, or NULL */
};

/* Add up what --incremental did over the tables of p. */
void sync_report_totals(const struct sync_report_plan *p, struct sync_report_totals *out);

/* --simulate: the plan, as text or JSON. */
void sync_report_plan(struct ss_ctx *ctx, const struct ss_alias *source,
		      const struct ss_alias *target, const struct sync_report_plan *p);
/* The progress hook of both engines; arg is a struct sync_report. */
void sync_report_progress(void *arg, const struct ss_sync_stats *st);
/* A finished table (--verbose). */
void sync_report_table(struct sync_report *r, const struct sync_report_table *t);
/* Take the progress line off the terminal. */
void sync_report_clear(struct sync_report *r);
/*
 * The copy returned: the debug stop point "copy" if the progress hook did
 * not pass it (a copy shorter than a progress tick), so that it is always
 * reached once between the first row and the swap.
 */
void sync_report_copied(struct sync_report *r);
/* The summary of a run, as text or JSON. */
void sync_report_summary(struct ss_ctx *ctx, const struct ss_alias *source,
			 const struct ss_alias *target, const struct sync_report_plan *p,
			 const struct ss_sync_stats *st, int jobs, double seconds);

/* "prod.example.com/drupal" for the confirmation line (static buffer). */
const char *sync_where(const struct ss_alias *a);

#endif

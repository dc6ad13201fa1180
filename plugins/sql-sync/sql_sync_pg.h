/*
 * sql_sync_pg.h - the PostgreSQL side of the sql-sync command: the run,
 * its connections, its reports and --restore-backup.
 */
#ifndef SS_SQL_SYNC_PG_H
#define SS_SQL_SYNC_PG_H

#include <time.h>

#include <sitesync/sitesync.h>

#include "lib/pg_sync.h"

/* sitesync sql-sync SOURCE TARGET between two PostgreSQL aliases. */
int sync_pg_run(struct ss_ctx *ctx, const struct ss_alias *source, const struct ss_alias *target,
		int jobs, double t0, time_t started);
/* sitesync sql-sync --restore-backup TARGET for a PostgreSQL alias. */
int sync_pg_restore(struct ss_ctx *ctx, const struct ss_alias *target);

/* Every connection of a PostgreSQL run, opened through ss_db_connect. */
struct sync_pg_conns {
	struct ss_conn *src, *tgt, *maint;  /* maint: the server's maintenance database */
	struct ss_conn **wsrc, **wtgt;
	struct ss_pgsync_conns pg;          /* the raw handles the engine uses */
};

/* Open a connection to a's database (no_db: to the maintenance database). */
int sync_pg_connect(struct ss_ctx *ctx, const struct ss_alias *a, int no_db,
		    struct ss_conn **out, struct ss_error *err);
/* Source, and target when its database exists (*exists tells). */
int sync_pg_open_coord(struct ss_ctx *ctx, const struct ss_alias *source,
		       const struct ss_alias *target, struct sync_pg_conns *c, int *exists,
		       struct ss_error *err);
int sync_pg_open_workers(struct ss_ctx *ctx, const struct ss_alias *source,
			 const struct ss_alias *target, int jobs, struct sync_pg_conns *c,
			 struct ss_error *err);
void sync_pg_conns_close(struct sync_pg_conns *c);

/* Reports. */
void sync_pg_print_plan(struct ss_ctx *ctx, const struct ss_alias *source,
			const struct ss_alias *target, const struct ss_pgsync_plan *plan);
/* Progress and per-table hooks; arg is a struct sync_report. */
void sync_pg_report_hooks(void *report, struct ss_pgsync_hooks *hooks);
void sync_pg_print_summary(struct ss_ctx *ctx, const struct ss_alias *source,
			   const struct ss_alias *target, const struct ss_pgsync_plan *plan,
			   const struct ss_pgsync_stats *st, int jobs, double seconds,
			   int no_backup);

#endif

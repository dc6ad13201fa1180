/*
 * sql_sync_pg.h - the PostgreSQL side of the sql-sync command: the run,
 * its connections, its reports and --restore-backup.
 */
#ifndef SS_SQL_SYNC_PG_H
#define SS_SQL_SYNC_PG_H

#include <time.h>

#include <sitesync/sitesync.h>

#include "lib/pg/sync/sync.h"
#include "plugins/sql-sync/conn_set.h"
#include "plugins/sql-sync/report.h"

/* sitesync sql-sync SOURCE TARGET between two PostgreSQL aliases. */
int sync_pg_run(struct ss_ctx *ctx, const struct ss_alias *source, const struct ss_alias *target,
		int jobs, double t0, time_t started);
/*
 * The PostgreSQL part of --restore-backup (after sync_restore's checks,
 * confirmation and lock): connect, swap the backup in, say what came back.
 */
int sync_pg_restore(struct ss_ctx *ctx, const struct ss_alias *target, struct ss_error *err);

/* Every connection of a PostgreSQL run, opened through ss_db_connect. */
struct sync_pg_conns {
	struct sync_conn_set set;
	struct ss_conn *maint;              /* the server's maintenance database */
	struct ss_pgsync_conns pg;          /* the raw handles the engine uses (arrays owned) */
};
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
void sync_pg_report_hooks(void *report, struct ss_sync_hooks *hooks);
/* What --incremental did over plan's tables. */
void sync_pg_totals(const struct ss_pgsync_plan *plan, struct sync_report_totals *out);
void sync_pg_print_summary(struct ss_ctx *ctx, const struct ss_alias *source,
			   const struct ss_alias *target, const struct ss_pgsync_plan *plan,
			   const struct ss_sync_stats *st, int jobs, double seconds,
			   int no_backup);

#endif

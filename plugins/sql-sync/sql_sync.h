/*
 * sql_sync.h - the sql-sync command's parts: options and table lists,
 * connections, reports (plan, progress, tables, JSON), restore.
 */
#ifndef SS_SQL_SYNC_H
#define SS_SQL_SYNC_H

#include <signal.h>

#include <sitesync/sitesync.h>

#include "lib/mysql_sync.h"

/* The resolved table lists (owned strings, NULL when not given). */
struct sync_lists {
	char *tables, *skip, *structure;
};

/* Fill lists from --*-list and --*-key options and the aliases' settings. */
int sync_lists_load(struct ss_ctx *ctx, const struct ss_alias *source,
		    const struct ss_alias *target, struct sync_lists *lists,
		    struct ss_error *err);
void sync_lists_release(struct sync_lists *lists);

/* Every connection of a run, opened through ss_db_connect. */
struct sync_conns {
	struct ss_conn *src, *tgt;
	struct ss_conn **wsrc, **wtgt;
	struct ss_mysync_conns my;  /* the raw handles the engine uses */
};

int sync_conns_open_coord(struct ss_ctx *ctx, const struct ss_alias *source,
			  const struct ss_alias *target, struct sync_conns *c,
			  struct ss_error *err);
int sync_conns_open_workers(struct ss_ctx *ctx, const struct ss_alias *source,
			    const struct ss_alias *target, int jobs, struct sync_conns *c,
			    struct ss_error *err);
void sync_conns_close(struct sync_conns *c);

/* SIGINT/SIGTERM set sync_stop while installed. */
extern volatile sig_atomic_t sync_stop;
void sync_signals_install(void);
void sync_signals_restore(void);

/* "prod.example.com/drupal" for the confirmation line (static buffer). */
const char *sync_where(const struct ss_alias *a);

/* Reports. */
struct sync_report {
	struct ss_ctx *ctx;
	int progress;             /* a progress line on stderr */
	int progress_shown;
};
void sync_print_plan(struct ss_ctx *ctx, const struct ss_alias *source,
		     const struct ss_alias *target, const struct ss_mysync_plan *plan);
void sync_report_hooks(struct sync_report *r, struct ss_mysync_hooks *hooks);
void sync_report_clear(struct sync_report *r);
void sync_print_summary(struct ss_ctx *ctx, const struct ss_alias *source,
			const struct ss_alias *target, const struct ss_mysync_plan *plan,
			const struct ss_mysync_stats *st, int jobs, double seconds,
			int no_backup);
/* "470 MB" into buf: the SDK's ss_format_bytes, under the name other parts used. */
#define sync_human_bytes ss_format_bytes

/*
 * After a failure past the swap (err says what failed): swap the previous
 * tables and objects back and drop the copy; err is rewritten to say in
 * which state the target is left.  Returns err.
 */
struct ss_error *sync_roll_back(MYSQL *tgt, struct ss_mysync_plan *plan,
				const struct ss_alias *target, struct ss_error *err);

/* sitesync sql-sync --restore-backup TARGET */
int sync_restore(struct ss_ctx *ctx, const char *target_name);

#endif

/*
 * sql_sync.h - the sql-sync command's parts: options and table lists,
 * connections, reports (plan, progress, tables, JSON), restore.
 */
#ifndef SS_SQL_SYNC_H
#define SS_SQL_SYNC_H

#include <time.h>

#include <sitesync/sitesync.h>

#include "lib/mysql/sync/sync.h"
#include "plugins/sql-sync/conn_set.h"
#include "plugins/sql-sync/report.h"

/*
 * Where settings come from, in order: the source alias, the target alias,
 * the sitesync.yml beside the source's alias file, the one beside the
 * target's (lists.c).  A settings file holds drush.yml's keys:
 * sql.<kind>.<key> (the named lists), command.sql.sync.options (defaults of
 * the options), and sitesync's own (sanitize).
 */
struct sync_settings {
	const struct ss_alias *alias[2];
	struct ss_node *file[2];    /* NULL when there is none (or the same file twice) */
	char *path[2];
};
int sync_settings_load(const struct ss_alias *source, const struct ss_alias *target,
		       struct sync_settings *s, struct ss_error *err);
void sync_settings_release(struct sync_settings *s);

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
	struct sync_conn_set set;
	struct ss_mysync_conns my;  /* the raw handles the engine uses (arrays owned) */
};

int sync_conns_open_coord(struct ss_ctx *ctx, const struct ss_alias *source,
			  const struct ss_alias *target, struct sync_conns *c,
			  struct ss_error *err);
int sync_conns_open_workers(struct ss_ctx *ctx, const struct ss_alias *source,
			    const struct ss_alias *target, int jobs, struct sync_conns *c,
			    struct ss_error *err);
void sync_conns_close(struct sync_conns *c);

/*
 * Append a history entry (run_base.c) for either engine: source NULL for a
 * restore, st NULL when nothing was copied, inc and san NULL when the run
 * neither compared (--incremental) nor sanitized; failing to write it is a
 * warning.
 */
void sync_record(struct ss_ctx *ctx, const char *command, const struct ss_alias *source,
		 const struct ss_alias *target, const char *status,
		 const struct ss_sync_stats *st, const struct sync_report_totals *inc, double t0,
		 time_t started, const char *error, const struct ss_san_run *san);

/*
 * The sanitize rules of a run (sanitize.c): --sanitize, --sanitize-prefix,
 * the `sanitize:` of both aliases and of the sitesync.yml beside them.
 * *on is 0 when none is given or --no-sanitize says so; --no-sanitize where
 * one says required is refused (SS_REFUSED).  rules is always initialized:
 * release it with ss_san_release().  When on, the rules are finished and
 * their key loaded.
 */
int sync_sanitize_load(struct ss_ctx *ctx, const struct ss_alias *source,
		       const struct ss_alias *target, struct ss_sanitize *rules, int *on,
		       struct ss_error *err);
/* What the run's rules did as a JSON array (caller frees); NULL for NULL. */
char *sync_sanitize_json(const struct ss_san_run *run);

/* What a run of either engine holds besides its connections and plan (run_base.c). */
struct sync_base {
	struct ss_ctx *ctx;
	const struct ss_alias *source, *target;
	struct sync_lists lists;    /* owned */
	struct ss_lock *lock;       /* owned; NULL until taken */
	struct ss_sanitize rules;   /* owned; what sync_sanitize_load found */
	int sanitizing;             /* the rules apply to this run */
	const struct ss_san_run *san; /* the rules bound to the plan (owned by the plan), or NULL */
	struct ss_sync_stats stats;
	struct sync_report_totals inc; /* --incremental: what it did (once copied) */
	int jobs;
	double t0;                  /* ss_sync_now() at the start */
	time_t started;
};
/* Announce the run to the history, so that a signal at any moment records it. */
void sync_base_begin(const struct sync_base *b);
/* The run's history entry (command "sql-sync"). */
void sync_base_record(const struct sync_base *b, const char *status, const char *error);
/*
 * After the swap (signals were deferred through it): -1 with err when a
 * signal came meanwhile, so that what follows the swap does not run.
 */
int sync_base_after_swap(const struct sync_base *b, struct ss_error *err);
/* Fail the run: history, then the host's error report; returns the exit status. */
int sync_base_fail(const struct sync_base *b, const char *status, struct ss_error *err);
/* "SOURCE (where) → TARGET (where): replace N tables, ~size?" asked; -1 with err: no. */
int sync_base_confirm(const struct sync_base *b, size_t ntables, long long est_bytes,
		      struct ss_error *err);
/* Release the lists, the rules and the lock. */
void sync_base_release(struct sync_base *b);


/* Reports (mysql_report.c, through report.h). */
void sync_print_plan(struct ss_ctx *ctx, const struct ss_alias *source,
		     const struct ss_alias *target, const struct ss_mysync_plan *plan);
void sync_report_hooks(struct sync_report *r, struct ss_sync_hooks *hooks);
/* What --incremental did over plan's tables. */
void sync_my_totals(const struct ss_mysync_plan *plan, struct sync_report_totals *out);
void sync_print_summary(struct ss_ctx *ctx, const struct ss_alias *source,
			const struct ss_alias *target, const struct ss_mysync_plan *plan,
			const struct ss_sync_stats *st, int jobs, double seconds,
			int no_backup);

/*
 * After a failure past the swap (err says what failed): swap the previous
 * tables and objects back and drop the copy; err is rewritten to say in
 * which state the target is left.  Returns err.
 */
struct ss_error *sync_roll_back(MYSQL *tgt, struct ss_mysync_plan *plan,
				const struct ss_alias *target, struct ss_error *err);

/* sitesync sql-sync --restore-backup TARGET, either engine (restore.c). */
int sync_restore(struct ss_ctx *ctx, const char *target_name);
/* Its MySQL part (mysql_restore.c): connect, swap the backup in, say what came back. */
int sync_my_restore(struct ss_ctx *ctx, const struct ss_alias *target, struct ss_error *err);
/*
 * What both engines say (restore.c): the backup of an empty target was
 * restored (when: the backup's date, "" when unknown; left: the synced
 * tables moved out); the refusal to restore a database the sync created
 * (err filled, SS_REFUSED; returns -1).
 */
void sync_restore_emptied(struct ss_ctx *ctx, const struct ss_alias *target, const char *when,
			  size_t left);
int sync_restore_created(const struct ss_alias *target, const char *when, struct ss_error *err);

#endif

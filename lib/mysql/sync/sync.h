/*
 * mysql_sync.h - the MySQL/MariaDB sql-sync engine: plan, consistent
 * snapshot, parallel streamed copy into a shadow, atomic swap, stored
 * objects, restore of the backup.
 *
 *   ss_mysync_plan_build()    catalogs of both sides, selected tables, ranges
 *   ss_mysync_copy()          shadow tables filled by N workers from one snapshot
 *   ss_mysync_swap()          one RENAME TABLE: target -> backup, shadow -> target,
 *                             with the views, triggers, routines and events
 *                             around it, written first in a journal
 *   ss_mysync_drop_shadow()   what a failure leaves behind is removed
 *   ss_mysync_restore()       the backup swapped back in
 *   ss_mysync_recover()       an interrupted swap completed or undone
 *
 * The engine works on raw MYSQL handles that the caller opens (through
 * ss_db_connect in the plugin); it never prints: progress and per-table
 * reports go through callbacks.
 */
#ifndef SS_MYSQL_SYNC_H
#define SS_MYSQL_SYNC_H

#include <signal.h>
#include <stdatomic.h>
#include <mysql.h>

#include <sitesync/error.h>

#include "lib/mysql/catalog.h"
#include "lib/mysql/ddl.h"
#include "lib/sanitize/sanitize.h"
#include "lib/sync/delta.h"
#include "lib/sync/run.h"

/* Names derived from the target database. */
#define SS_MYSYNC_SHADOW_SUFFIX "__sitesync_shadow"
#define SS_MYSYNC_BACKUP_SUFFIX "__sitesync_backup"
/* Prefixes inside the target database when CREATE DATABASE is denied. */
#define SS_MYSYNC_SHADOW_PREFIX "_sss_"
#define SS_MYSYNC_BACKUP_PREFIX "_ssb_"
/* The table beside the backup that keeps the dropped objects' definitions. */
#define SS_MYSYNC_STORE "__sitesync_objects"
/* A restore's new store, written before its swap, renamed in by it. */
#define SS_MYSYNC_STORE_NEW "__sitesync_objects_new"
/* The tables beside the backup that journal a swap and mark its steps done (journal.h). */
#define SS_MYSYNC_JOURNAL "__sitesync_swap_journal"
#define SS_MYSYNC_JOURNAL_DONE "__sitesync_swap_done"

struct ss_mydelta;

struct ss_mysync_select {
	const char *tables;     /* comma list with * wildcards; NULL: all */
	const char *skip;
	const char *structure;  /* tables created empty */
	int keep_extra;         /* keep tables found only in the target */
	int incremental;        /* move only the chunks that differ (see lib/sync/delta.h):
				 * ss_mysync_plan_incremental() decides for each table */
};

struct ss_mysync_table {
	const struct ss_my_table *src;  /* in plan->source */
	int structure_only;
	int in_target;          /* a base table of this name exists in the target */
	char *columns;          /* "`a`,`b`": loaded columns (no generated ones) */
	char *key;              /* integer key of the ranges, or NULL */
	long long *bounds;      /* nchunks - 1 range bounds */
	int nchunks;
	struct ss_my_ddl ddl;   /* filled by ss_mysync_copy */
	struct ss_delta_table inc;  /* --incremental: compared or copied whole, and why */
	struct ss_mydelta *delta;   /* inc.mode SS_DELTA_ON: its statements (owned) */
	struct ss_san_plan *san; /* its sanitize rules (in plan->sanitize), NULL: none */

	/* filled while copying */
	atomic_int chunks_left;
	atomic_llong rows, bytes;
	double seconds;
	double started;
};

struct ss_mysync_plan {
	char *source_db, *target_db;
	char *shadow_db;        /* where shadow tables go (target_db in prefix mode) */
	char *backup_db;
	const char *shadow_prefix, *backup_prefix; /* "" unless prefix mode */
	int target_exists;
	int partial;             /* --tables-list: only those tables are replaced */
	struct ss_my_catalog source, target;
	struct ss_mysync_table *tables; /* biggest first */
	size_t ntables;
	char **extra;           /* target-only tables moved to the backup */
	size_t nextra;
	long long est_rows, est_bytes;
	int incremental;        /* --incremental was asked */
	int swap_state;         /* after ss_mysync_swap failed: SS_MYSYNC_SWAP_* */
	struct ss_san_run *sanitize; /* owned; NULL: nothing is sanitized */
};

/* What a failed swap left. */
enum {
	SS_MYSYNC_SWAP_UNCHANGED, /* the target's tables and objects are as they were */
	SS_MYSYNC_SWAP_RENAMED,   /* the new tables are in, not all their objects: restore */
	SS_MYSYNC_SWAP_OPEN,      /* interrupted (server gone): the journal stays for recovery */
};

/*
 * Build the plan.  src reads the source catalog (DDL and objects); tgt may
 * be NULL when the target database does not exist yet.  jobs sizes the
 * ranges of big tables.  Release with ss_mysync_plan_release().
 */
int ss_mysync_plan_build(MYSQL *src, const char *source_db, MYSQL *tgt,
			 const char *target_db, const struct ss_mysync_select *sel,
			 int jobs, struct ss_mysync_plan *plan, struct ss_error *err);
void ss_mysync_plan_release(struct ss_mysync_plan *plan);

/*
 * Sanitize (sanitize.c): bind rules (finished, key loaded; they must
 * outlive the plan) to the plan's tables: plan->sanitize, each table's san.
 * -1 with err when a rule does not fit the source (nothing changed yet).
 */
int ss_mysync_sanitize(MYSQL *src, struct ss_mysync_plan *plan, const struct ss_sanitize *rules,
		       struct ss_error *err);
/* Keep the HMAC pads in a worker's source session, when a rule hashes. */
int ss_mysync_sanitize_session(MYSQL *m, const struct ss_mysync_plan *plan, struct ss_error *err);
/* Count, in the snapshot, what t's rules need counted (once per table). */
int ss_mysync_sanitize_count(MYSQL *src, const struct ss_mysync_plan *plan,
			     const struct ss_mysync_table *t, struct ss_error *err);
/*
 * The source query of t: its columns (sanitized), its rows (those the rules
 * keep) within range (a condition on the key, or NULL for the whole table).
 */
void ss_mysync_source_select(struct ss_buf *q, const struct ss_mysync_plan *plan,
			     const struct ss_mysync_table *t, const char *range);

/*
 * --incremental (the plan built with sel->incremental, else nothing to do):
 * decide for each table whether it is compared chunk by chunk or copied
 * whole, and why (t->inc).  After ss_mysync_sanitize(): a table its rules
 * rewrite is copied whole, as the target's copy never equals the source's
 * rows.  src reads key ranges, both sides their max_allowed_packet.
 */
int ss_mysync_plan_incremental(MYSQL *src, MYSQL *tgt, struct ss_mysync_plan *plan,
			       struct ss_error *err);

/* Nonzero when name matches one of the comma-separated * patterns. */
int ss_mysync_match_list(const char *list, const char *name);

/* The connections of one run; the caller opens and closes all of them. */
struct ss_mysync_conns {
	MYSQL *src;             /* coordinator: catalog, snapshot lock, kills */
	MYSQL *tgt;             /* coordinator: DDL, swap */
	MYSQL **wsrc, **wtgt;   /* njobs worker connections */
	int njobs;
};

/*
 * Create the shadow and fill it.  abort is polled (a signal handler sets
 * it); on any failure the shadow is dropped and -1 returned.  *jobs_used
 * tells how many workers ran (1 without the snapshot lock privilege).
 */
int ss_mysync_copy(struct ss_mysync_conns *c, struct ss_mysync_plan *plan,
		   const struct ss_sync_hooks *hooks, volatile sig_atomic_t *abort,
		   struct ss_sync_stats *stats, int *jobs_used, struct ss_error *err);

/*
 * Swap the shadow in: the previous tables go to the backup with one RENAME
 * TABLE, the source's views, triggers, routines and events replace the
 * target's.  Every statement is prepared and journaled (journal.h) before
 * the first one runs; the objects are tried in the shadow first, so that
 * the sequence from the first DROP to the last CREATE is short and does not
 * fail for a definition the target refuses.  On failure plan->swap_state
 * says what is left: unchanged (rolled back), renamed (the caller puts the
 * backup back), or open (the next command recovers it).
 */
int ss_mysync_swap(MYSQL *tgt, struct ss_mysync_plan *plan, const struct ss_sync_hooks *hooks,
		   struct ss_error *err);

/* Drop the shadow (database, or prefixed tables); best effort. */
void ss_mysync_drop_shadow(MYSQL *tgt, struct ss_mysync_plan *plan);

/* Drop the backup (--no-backup). */
int ss_mysync_drop_backup(MYSQL *tgt, struct ss_mysync_plan *plan, struct ss_error *err);

/* Session settings of the engine's connections. */
int ss_mysync_source_session(MYSQL *m, struct ss_error *err);
int ss_mysync_target_session(MYSQL *m, struct ss_error *err);

/* What a restore did. */
struct ss_mysync_restored {
	size_t tables;          /* tables put back */
	size_t objects;         /* views, triggers, routines, events recreated */
	int recorded;           /* the backup recorded its objects (made by this version) */
	int prefix_mode;        /* the backup was _ssb_* tables in the target database */
	int empty;              /* the backup was of an empty target: no tables came back */
	size_t left;            /* current tables moved out to the backup */
	int created;            /* the sync created the target database (refused unless
				 * SS_MYSYNC_RESTORE_CREATED) */
	char when[24];          /* when the backup was made, "" when unknown */
};

/*
 * Swap the backup of target_db back in: its tables return to the target and
 * the objects the sync dropped (kept in SS_MYSYNC_STORE beside the backup)
 * are recreated; the tables and objects that leave become the backup, so a
 * second restore undoes the first.  The backup is the database
 * target_db__sitesync_backup, else (prefix mode) the _ssb_* tables of
 * target_db.  A backup without a record (older sitesync) restores tables
 * only, and only the triggers of leaving tables are dropped.  A record
 * without tables is the backup of an empty target: the synced tables leave
 * and the target is empty again (done->empty).  When the sync created the
 * target database, nothing is changed: -1, SS_REFUSED, done->created;
 * unless flags has SS_MYSYNC_RESTORE_CREATED (the roll-back of a failed
 * sync), which empties it.
 */
#define SS_MYSYNC_RESTORE_CREATED 1u
int ss_mysync_restore(MYSQL *tgt, const char *target_db, unsigned flags,
		      struct ss_mysync_restored *done, struct ss_error *err);

/* An unfinished swap journal of a target, as found. */
struct ss_mysync_interrupted {
	int found;              /* there is one */
	int running;            /* a connection still holds its swap lock (id in holder) */
	long long holder;
	char command[32];       /* "sql-sync", "sql-sync --restore-backup" */
	char when[32];          /* local time it began */
	int renamed;            /* its RENAME is done: recovery rolls forward, else back */
	size_t steps, done;
	char next[160];         /* the first step not done ("create-view:v"), "" if none */
};

/* Look for one (reads only). */
int ss_mysync_interrupted(MYSQL *m, const char *target_db, struct ss_mysync_interrupted *out,
			  struct ss_error *err);

/*
 * Complete an interrupted swap of target_db: after its RENAME, the steps
 * not done run (roll forward); before it, what the steps dropped is created
 * again and the shadow goes (roll back).  The caller holds the target's
 * lock: a connection still holding the swap lock belongs to a killed run
 * and is killed.  out->found is 0 when there was nothing to do.  Each step
 * can run twice: a recovery that is itself killed is run again.
 */
int ss_mysync_recover(MYSQL *m, const char *target_db, struct ss_mysync_interrupted *out,
		      struct ss_error *err);

#endif

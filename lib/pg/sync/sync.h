/*
 * pg_sync.h - the PostgreSQL sql-sync engine: plan, exported snapshot,
 * parallel COPY streams into shadow schemas, atomic schema swap, restore of
 * the backup.
 *
 *   ss_pgsync_plan_build()   source catalog (the shared model), tables, ranges, DDL
 *   ss_pgsync_copy()         shadow schemas built and filled by N workers from one snapshot
 *   ss_pgsync_swap()         one transaction: schema -> backup, shadow -> schema,
 *                            views of other schemas over it re-pointed at the new one
 *   ss_pgsync_drop_shadow()  what a failure leaves behind is removed
 *   ss_pgsync_restore()      the backup schemas swapped back in
 *
 * The schema step is the diff of the source model (its schemas renamed to
 * the shadow names) against an empty model: tables first, then the data,
 * then indexes and constraints, foreign keys and the rest last.  Function
 * bodies keep the real schema names: they are resolved when called, after
 * the swap.  The engine works on raw PGconn handles the caller opens; it
 * never prints.
 */
#ifndef SS_PG_SYNC_H
#define SS_PG_SYNC_H

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>

#include <sitesync/buf.h>
#include <sitesync/error.h>

#include "lib/pg/catalog.h"
#include "lib/sanitize/sanitize.h"
#include "lib/sync/delta.h"
#include "lib/sync/run.h"

#define SS_PGSYNC_SHADOW_SUFFIX "__sitesync_shadow"
#define SS_PGSYNC_BACKUP_SUFFIX "__sitesync_backup"

struct ss_pgsync_select {
	const char *schemas;    /* comma list; NULL: every non-system schema */
	const char *tables;     /* comma list with * wildcards ("t" or "schema.t"); NULL: all */
	const char *skip;
	const char *structure;  /* tables created empty */
	int keep_extra;         /* keep tables found only in the target */
	int skip_unsupported;   /* leave out what cannot be copied instead of refusing */
	int incremental;        /* move only the chunks that differ (see lib/sync/delta.h):
				 * ss_pgsync_plan_incremental() decides for each table */
};

struct ss_pgdelta;

/* Statements, each a new string. */
struct ss_pgsync_list {
	char **items;
	size_t n;
};

struct ss_pgsync_table {
	const struct ss_pg_object *src;  /* in plan->source (real schema names) */
	char *shadow_name;      /* "shadow"."t" quoted */
	char *source_name;      /* "schema"."t" quoted */
	char *columns;          /* "a","b": copied columns (no generated ones) */
	int structure_only;
	int binary;             /* COPY in binary format */
	char *key;              /* integer key column of the ranges; NULL: ranges of blocks */
	long long *bounds;      /* nchunks - 1 range bounds (key values or block numbers) */
	int nchunks;            /* 0: structure only */
	long long est_rows, est_bytes;
	struct ss_pgsync_list after; /* indexes (of keys too), built side by side by the
				      * workers once the rows are in */
	struct ss_pgsync_list keys;  /* then, in order: primary/unique keys USING INDEX, checks */
	struct ss_delta_table inc;   /* --incremental: compared or copied whole, and why */
	struct ss_pgdelta *delta;    /* inc.mode SS_DELTA_ON: its statements (owned) */
	struct ss_san_plan *san;     /* its sanitize rules (in plan->sanitize), NULL: none */

	/* filled while copying */
	atomic_int chunks_left;
	atomic_size_t after_left;
	atomic_llong rows, bytes;
	double seconds;
	double started;
};

/*
 * A statement that names roles (GRANT, default privileges, a policy): run
 * once the shadow is built, for the roles the target has.
 */
struct ss_pgsync_grant {
	char *sql;
	char *needs;            /* roles, quoted, one per line; NULL: none */
	char *head, *tail;      /* a policy: the statement is head TO <roles> tail */
	char *roles;            /* a policy: its roles (PUBLIC or quoted), one per line */
};

struct ss_pgsync_plan {
	char *target_db;
	int target_exists;
	int keep_extra;         /* target-only tables move into the new schemas */
	int server_major[2];    /* source, target: PQserverVersion() / 10000 */
	char **schemas;         /* synced schemas (real names) */
	char **shadows;         /* their shadow names */
	char **backups;         /* their backup names */
	int *in_target;         /* the schema exists in the target */
	size_t nschemas;
	struct ss_pg_catalog *source;    /* real names */
	char *created;          /* per object of source: built in the shadow */
	struct ss_pgsync_table *tables;  /* biggest first */
	size_t ntables;
	char *pre;              /* schemas, types, sequences, functions, tables, views */
	char *post;             /* foreign keys, triggers, materialized views, the rest */
	struct ss_pgsync_grant *grants; /* privileges, policies, default privileges */
	size_t ngrants;
	char **extra;           /* target-only tables "schema.t": removed, or kept */
	size_t nextra;
	/*
	 * Per synced schema: the target's extensions there, which stay live
	 * (moved into the new schema by the swap); the names their objects
	 * have, which the shadow's DDL keeps naming in the live schema.
	 */
	struct ss_pgsync_list *live_ext, *live_ext_objects;
	struct ss_pgsync_list owner_notes; /* owners not kept, one line per role and reason
					    * (filled by ss_pgsync_copy) */
	char **skipped;         /* what --skip-unsupported left out, "kind name" */
	size_t nskipped;
	long long est_rows, est_bytes;
	int incremental;        /* --incremental was asked */
	struct ss_san_run *sanitize; /* owned; NULL: nothing is sanitized */
};

/*
 * Build the plan: src reads the source catalog; tgt (NULL when the target
 * database does not exist) the target's schemas and tables.  Refuses
 * (SS_FAILED, naming them) objects that cannot be copied unless
 * sel->skip_unsupported.  Release with ss_pgsync_plan_release() (a failed
 * build releases what it made).
 */
int ss_pgsync_plan_build(PGconn *src, PGconn *tgt, const char *target_db,
			 const struct ss_pgsync_select *sel, int jobs,
			 struct ss_pgsync_plan *plan, struct ss_error *err);
void ss_pgsync_plan_release(struct ss_pgsync_plan *plan);
/* (Re)read the target's side of the plan: its schemas, its tables only there. */
int ss_pgsync_plan_target(PGconn *tgt, struct ss_pgsync_plan *plan, struct ss_error *err);

/*
 * Sanitize (sanitize.c): bind rules (finished, key loaded; they must
 * outlive the plan) to the plan's tables: plan->sanitize, each table's san.
 * -1 with err when a rule does not fit the source (nothing changed yet).
 */
int ss_pgsync_sanitize(PGconn *src, struct ss_pgsync_plan *plan, const struct ss_sanitize *rules,
		       struct ss_error *err);
/* Keep the HMAC pads in a worker's source session, when a rule hashes. */
int ss_pgsync_sanitize_session(PGconn *src, const struct ss_pgsync_plan *plan,
			       struct ss_error *err);
/* Count, in the snapshot, what t's rules need counted (once per table). */
int ss_pgsync_sanitize_count(PGconn *src, const struct ss_pgsync_plan *plan,
			     const struct ss_pgsync_table *t, struct ss_error *err);
/*
 * The source COPY of t: its columns (sanitized), its rows (those the rules
 * keep) within range (a condition, or NULL for the whole table).
 */
void ss_pgsync_source_copy(struct ss_buf *q, const struct ss_pgsync_table *t, const char *range);

/*
 * --incremental (the plan built with sel->incremental, else nothing to do):
 * decide for each table whether it is compared chunk by chunk or copied
 * whole, and why (t->inc): compared when the target has it with the same
 * columns and constraints and it has a primary or NOT NULL unique key.
 * After ss_pgsync_sanitize(): a table its rules rewrite is copied whole.
 * src reads keys and sizes, tgt (NULL: no target database) the target's
 * model.
 */
int ss_pgsync_plan_incremental(PGconn *src, PGconn *tgt, struct ss_pgsync_plan *plan,
			       struct ss_error *err);

/* The connections of one run; the caller opens and closes all of them. */
struct ss_pgsync_conns {
	PGconn *src;            /* coordinator: catalog, exported snapshot */
	PGconn *tgt;            /* coordinator: DDL, swap */
	PGconn **wsrc, **wtgt;  /* njobs worker connections */
	int njobs;
};

/*
 * Build the shadow schemas and fill them from one snapshot.  abort is
 * polled (a signal handler sets it); on any failure the shadow is dropped
 * and -1 returned.
 */
int ss_pgsync_copy(struct ss_pgsync_conns *c, struct ss_pgsync_plan *plan,
		   const struct ss_sync_hooks *hooks, volatile sig_atomic_t *abort,
		   struct ss_sync_stats *stats, struct ss_error *err);

/* One transaction: each schema to its backup (the previous one dropped), the shadow in. */
int ss_pgsync_swap(PGconn *tgt, const struct ss_pgsync_plan *plan, struct ss_error *err);

/* Drop the shadow schemas; best effort. */
void ss_pgsync_drop_shadow(PGconn *tgt, const struct ss_pgsync_plan *plan);

/* Drop the backup schemas (--no-backup). */
int ss_pgsync_drop_backup(PGconn *tgt, const struct ss_pgsync_plan *plan, struct ss_error *err);

/*
 * Before anything changes: refuse (SS_REFUSED) what the swap would drop
 * with the previous backups, and what outside the synced schemas depends
 * on them and cannot follow them as views do (foreign keys, triggers...).
 */
int ss_pgsync_check_target(PGconn *tgt, const struct ss_pgsync_plan *plan, struct ss_error *err);

/* Session settings of the engine's target connections. */
int ss_pgsync_target_session(PGconn *tgt, struct ss_error *err);

/* What a restore did. */
struct ss_pgsync_restored {
	size_t schemas;         /* backup schemas swapped back in */
	size_t removed;         /* schemas the sync created, moved to the backup */
	size_t left;            /* tables of the live schemas moved to the backup */
	int empty;              /* the backup was of a target without tables */
	int created;            /* refused: the sync created the target database */
	char when[24];          /* when the backup was made, "" when unknown */
};

/*
 * Swap every backup schema of the target database back in (the current
 * schemas become the backup, so a second restore undoes the first); the
 * schemas the sync created (their backup is an empty schema marked so)
 * leave for the backup.  Each backup's mark is taken off its comment.
 * When the sync created the target database, nothing is changed: -1,
 * SS_REFUSED, done->created.
 */
int ss_pgsync_restore(PGconn *tgt, struct ss_pgsync_restored *done, struct ss_error *err);

/* Pure helpers (pg_sync_names.c). */
/* "<schema><suffix>", schema cut on a UTF-8 boundary to fit 63 bytes; caller frees. */
char *ss_pgsync_derived_name(const char *schema, const char *suffix);
/* Nonzero when name ends in one of the engine's suffixes. */
int ss_pgsync_is_derived_name(const char *name);
/*
 * Split the integer key range [min, max] into n ranges of equal width:
 * writes the n - 1 lower bounds of ranges 2..n to bounds; returns the
 * number of ranges (fewer when the range is narrower than n).
 */
int ss_pgsync_split_range(long long min, long long max, int n, long long *bounds);
/* Nonzero when "schema.name" or "name" matches one of the comma-separated * patterns. */
int ss_pgsync_match(const char *list, const char *schema, const char *name);
/*
 * A primary or unique constraint definition as CREATE UNIQUE INDEX text and
 * the USING INDEX clause ("PRIMARY KEY USING INDEX "i" DEFERRABLE"), when the
 * definition is simple enough; -1 otherwise.  *index and *constraint are new
 * strings (caller frees).
 */
int ss_pgsync_key_split(const char *table_qname, const char *name, const char *def,
			char **index, char **constraint);

/*
 * Give back to `schema` the references `shadow.name` (bare or quoted) to
 * the names listed: what an extension that stays in the live schema
 * provides.  A new string (caller frees).
 */
char *ss_pgsync_unmap(const char *text, const char *shadow, const char *schema,
		      char *const *names, size_t n);

#endif

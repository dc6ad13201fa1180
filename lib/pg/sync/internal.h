/*
 * pg_sync_int.h - pieces of the PostgreSQL sync engine shared between its
 * files (not for plugins): statements with errors that name the side, the
 * schema step, the work queue of the copy workers.
 */
#ifndef SS_PG_SYNC_INT_H
#define SS_PG_SYNC_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include <libpq-fe.h>

#include <sitesync/buf.h>

#include "lib/pg/sync/sync.h"
#include "lib/sync/run.h"

/* Run sql (no rows expected); err: "<who>: <server message>". */
int ss_pgsync_exec(PGconn *conn, const char *who, const char *sql, struct ss_error *err);
/* Run sql with text parameters expecting rows; NULL with err on failure. */
PGresult *ss_pgsync_query(PGconn *conn, const char *who, const char *sql, int nparams,
			  const char *const *params, struct ss_error *err);
/* Fill err from a failed result or the connection. */
int ss_pgsync_error(PGconn *conn, const PGresult *res, const char *who, struct ss_error *err);
/* The text array literal {"a","b"} of names (caller frees). */
char *ss_pgsync_array(char *const *names, size_t n);

/*
 * The schema step (pg_sync_schema.c): the DDL of the shadow from the source
 * model, split into plan->pre, plan->post, and after[i] and keys[i], what
 * follows the data of table i (an index into plan->source->objs): its
 * indexes, then its keys and checks.  Tables
 * not selected (excluded[i] set by the caller) and what depends on them are
 * left out: excluded[] grows to cover those.
 */
int ss_pgsync_schema(PGconn *src, struct ss_pgsync_plan *plan, char *excluded,
		     struct ss_pgsync_list *after, struct ss_pgsync_list *keys,
		     struct ss_error *err);
void ss_pgsync_list_add(struct ss_pgsync_list *l, char *item);   /* takes item */
void ss_pgsync_list_release(struct ss_pgsync_list *l);
/* Run sql with one text parameter; the first column of every row added to l. */
int ss_pgsync_query_list(PGconn *conn, const char *who, const char *sql, const char *param,
			 struct ss_pgsync_list *l, struct ss_error *err);

/* Parts of the plan (pg_sync_support.c, pg_sync_ranges.c, pg_sync_plan.c). */
int ss_pgsync_plan_extensions(PGconn *src, PGconn *tgt, struct ss_pgsync_plan *plan,
			      struct ss_error *err);
/* Is o left out of a sync by its kind (not covered, or database-wide)? */
int ss_pgsync_left_out(const struct ss_pg_object *o);
/* Refuse what cannot be copied, or note it as left out (--skip-unsupported). */
int ss_pgsync_check_unsupported(PGconn *src, const struct ss_pgsync_select *sel,
				struct ss_pgsync_plan *plan, struct ss_error *err);
/* Rows and bytes of each table from the statistics; tables sorted biggest first. */
int ss_pgsync_estimate(PGconn *src, struct ss_pgsync_plan *plan, struct ss_error *err);
/* Split big tables in ranges for jobs workers. */
int ss_pgsync_plan_ranges(PGconn *src, struct ss_pgsync_plan *plan, int jobs, struct ss_error *err);
struct ss_pgsync_table *ss_pgsync_find_table(struct ss_pgsync_plan *plan, const char *schema,
					     const char *name);

/*
 * Give each object of the shadow the owner it has on the source when the
 * target has that role, else the owner the target's object of the same
 * name had, else leave it to the connecting role (pg_sync_owners.c).  What
 * could not be kept goes to plan->owner_notes; only reading the catalogs
 * can fail.
 */
int ss_pgsync_owners(PGconn *src, PGconn *tgt, struct ss_pgsync_plan *plan, struct ss_error *err);

/*
 * Run plan->grants on the target for the roles it has; what names a role
 * it lacks, or fails, goes to plan->owner_notes (pg_sync_grants.c).
 */
int ss_pgsync_grants(PGconn *tgt, struct ss_pgsync_plan *plan, struct ss_error *err);

/* A statement that follows a table's data (an index, a key), ready to run. */
struct ss_pgindex {
	struct ss_pgsync_table *t;
	const char *sql;
};

/* What the workers share with the coordinator. */
struct ss_pgrun {
	struct ss_sync_run s;       /* shared part; s.done holds struct ss_pgsync_table * */
	struct ss_pgsync_plan *plan;
	struct ss_pgsync_conns *c;
	struct ss_sync_work *work;  /* chunk -1: only what follows the data */
	size_t nwork;
	atomic_size_t next;
	atomic_size_t pending;      /* tables not complete yet */
	/* guarded by s.lock */
	struct ss_pgindex *ready;   /* statements of loaded tables, not yet taken */
	size_t nready, capready, takenready;
};

struct ss_pgworker {
	struct ss_pgrun *run;
	int index;
};
void *ss_pgworker_main(void *arg);

/*
 * The marks on backup schemas (pg_sync_marks.c): what the target held
 * before the sync (tables, an empty schema, no schema, no database: the
 * sync created it) and when, kept in the backup schema's comment before
 * the comment it had.
 */
enum ss_pgsync_mark_kind {
	SS_PGSYNC_MARK_TABLES,
	SS_PGSYNC_MARK_EMPTY,
	SS_PGSYNC_MARK_ABSENT,
	SS_PGSYNC_MARK_CREATED,
};
struct ss_pgsync_mark {
	int marked;                 /* 0: no mark (a backup made before marks) */
	enum ss_pgsync_mark_kind kind;
	char when[24];              /* the target server's time of the swap */
	const char *old_comment;    /* points into the comment parsed; NULL: none */
};
/*
 * Append to q (the swap's transaction, after the renames) what marks each
 * backup schema; a schema the target did not have gets an empty backup
 * schema, marked so.
 */
int ss_pgsync_mark_backups(PGconn *tgt, const struct ss_pgsync_plan *plan, struct ss_buf *q,
			   struct ss_error *err);
/* Append: mark schema (old: its comment, kept after the mark; may be NULL). */
void ss_pgsync_mark_add(struct ss_buf *q, const char *schema, enum ss_pgsync_mark_kind kind,
			const char *when, const char *old);
/* Append: an empty backup schema marked SS_PGSYNC_MARK_ABSENT (a previous one dropped). */
void ss_pgsync_mark_absent(struct ss_buf *q, const char *backup, const char *when);
/* Append: schema's comment set back to old (NULL: none), its mark gone. */
void ss_pgsync_mark_undo(struct ss_buf *q, const char *schema, const char *old);
/* Read the mark in a backup schema's comment (may be NULL); 1 when marked, else 0. */
int ss_pgsync_mark_parse(const char *comment, struct ss_pgsync_mark *m);

/*
 * Objects outside the schemas (and outside skip, which may be NULL) that
 * depend on them (pg_sync_deps.c).  refuse_dependents: -1 with
 * SS_REFUSED, naming a few, when any exists (schemas absent are no error);
 * fate says what happens to the schemas ("which the sync drops"): what
 * DROP SCHEMA ... CASCADE would take silently.  repoint_views: appends to
 * views what rebuilds each view and materialized view outside the schemas
 * (and outside the engine's own) over them, its names qualified, to run
 * once other schemas bear their names; refuses (SS_REFUSED) every other
 * kind of dependent.  Run under an empty search_path.
 */
int ss_pgsync_refuse_dependents(PGconn *tgt, const struct ss_pgsync_list *schemas,
				const struct ss_pgsync_list *skip, const char *fate,
				struct ss_error *err);
int ss_pgsync_repoint_views(PGconn *tgt, const struct ss_pgsync_list *schemas,
			    const struct ss_pgsync_list *skip, struct ss_buf *views,
			    struct ss_error *err);

/*
 * --incremental (delta_plan.c, delta_sql.c, delta.c): what a table compared
 * chunk by chunk needs.  A row's hash is the MD5 of the text of the record
 * of its copied columns (values that may be long by their own MD5): the
 * record's text tells NULL from "" and where each value ends.
 */
struct ss_pgdelta {
	int nkey;
	char **key;                  /* key columns, in key order */
	char **type;                 /* their types, as format_type() writes them */
	char *key_list;              /* "a","b" */
	char *row_hash;              /* SQL: the row's hash, 32 hex digits */
	char *chunk;                 /* SQL: the row's chunk id */
	char *copy_list;             /* SQL: the target's columns as the shadow takes them
				      * (types of the synced schemas through their text) */
};
void ss_pgdelta_free(struct ss_pgdelta *d);

/* The statements (delta_sql.c), as for MySQL (lib/mysql/sync/internal.h). */
char *ss_pgdelta_hash_sql(const struct ss_pg_object *o);
char *ss_pgdelta_bucket_sql(char *const *key, int nkey, long long n);
char *ss_pgdelta_range_sql(const char *key, const struct ss_delta_spec *s);
void ss_pgdelta_sums_sql(struct ss_buf *q, const struct ss_pgdelta *d, const char *qname);
void ss_pgdelta_rows_sql(struct ss_buf *q, const struct ss_pgdelta *d,
			 const struct ss_delta_spec *s, const char *qname, const long long *ids,
			 size_t n);
void ss_pgdelta_keys_sql(struct ss_buf *q, const struct ss_pgdelta *d,
			 const struct ss_delta_keys *keys, size_t *off, size_t max);

/* The worker's part (delta.c): make the shadow of t hold the source's rows. */
int ss_pgdelta_table(struct ss_pgrun *run, int wi, struct ss_pgsync_table *t,
		     struct ss_error *err);

/*
 * Stream the rows of t matching where (NULL: all) from the worker's source
 * connection into t's shadow (worker.c); *rows gets how many went in.
 */
int ss_pgworker_load(struct ss_pgrun *run, int wi, struct ss_pgsync_table *t, const char *where,
		     long long *rows, struct ss_error *err);

#endif

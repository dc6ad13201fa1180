/*
 * mysql_sync_int.h - pieces of the sql-sync engine shared between its files
 * (not for plugins): the infile loader, the work queue of the workers and
 * the snapshot.
 */
#ifndef SS_MYSQL_SYNC_INT_H
#define SS_MYSQL_SYNC_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include <sitesync/buf.h>

#include "lib/mysql/encode.h"
#include "lib/mysql/sync/sync.h"
#include "lib/sync/run.h"

/* One LOAD DATA LOCAL INFILE fed from a source result set. */
struct ss_myload {
	MYSQL_RES *res;            /* mysql_use_result() of the source SELECT */
	MYSQL *src;
	struct ss_my_encoder enc;
	atomic_int *abort;         /* nonzero: stop, the LOAD fails */
	atomic_llong *rows[2];     /* counters to add to: table's, run's */
	atomic_llong *bytes[2];
	int eof;
	int failed;                /* the source or abort ended the feed */
	char why[512];
};

/* Run load_sql on tgt fed by l; err names the side that failed. */
int ss_myload_run(MYSQL *tgt, struct ss_myload *l, const char *load_sql,
		  const char *src_who, const char *tgt_who, struct ss_error *err);

/* What the workers share with the coordinator. */
struct ss_myrun {
	struct ss_sync_run s;       /* shared part; s.done holds struct ss_mysync_table * */
	struct ss_mysync_plan *plan;
	struct ss_mysync_conns *c;
	struct ss_sync_work *work;  /* chunk -1: the whole table, then its keys */
	size_t nwork;
	/* guarded by s.lock */
	char *taken;                /* per work item: a worker took it */
	size_t first_left;          /* no item before it is left */
};

/* The worker thread: arg is a struct ss_myworker. */
struct ss_myworker {
	struct ss_myrun *run;
	int index;
	unsigned long src_id, tgt_id; /* connection ids, to KILL QUERY them */
};
void *ss_myworker_main(void *arg);

/*
 * Give every worker source connection one consistent snapshot: a short
 * global lock (BACKUP STAGE BLOCK_COMMIT on MariaDB >= 10.4, else FLUSH
 * TABLES WITH READ LOCK) held while each starts its transaction.  Without
 * the privilege, *njobs becomes 1 and *why says so.
 */
int ss_mysync_snapshot(MYSQL *coord, MYSQL **workers, int *njobs, char *why,
		       size_t whylen, struct ss_error *err);

/*
 * The objects a sync (or a restore) dropped from the target, and the tables
 * it put there, kept in the table SS_MYSYNC_STORE beside the backup (in the
 * backup database, or prefixed in prefix mode) so that --restore-backup
 * brings them back.  Rows: MODE full|partial, TARGET created when the sync
 * created the target database (older records have no TARGET row), one
 * TABLE row per table put in, one row per object (kind, name, table,
 * session, SHOW CREATE text).
 */
struct ss_mysaved {
	int found;                    /* the backup had a store */
	int full;                     /* the whole database was replaced */
	int created;                  /* the sync created the target database */
	char when[24];                /* the store's creation time, "" when unknown */
	struct ss_my_object *objects; /* in creation order; owned */
	size_t nobjects;
	char **tables;                /* owned */
	size_t ntables;
};

/* Replace the store in db (table prefix + name: SS_MYSYNC_STORE or SS_MYSYNC_STORE_NEW). */
int ss_mysaved_write(MYSQL *m, const char *db, const char *prefix, const char *name,
		     int full, int created,
		     const struct ss_my_object *const *objs, size_t nobjs,
		     const char *const *tables, size_t ntables, struct ss_error *err);
/* Read it; out->found is 0 when there is none.  Release with ss_mysaved_release(). */
int ss_mysaved_read(MYSQL *m, const char *db, const char *prefix, struct ss_mysaved *out,
		    struct ss_error *err);
void ss_mysaved_release(struct ss_mysaved *s);
int ss_mysaved_drop(MYSQL *m, const char *db, const char *prefix, const char *name,
		    struct ss_error *err);

/*
 * Create one object (sql: its SHOW CREATE text, ready for the target) in
 * o's session context; when the target user may not name another DEFINER,
 * with the target user as its definer.  Returns 0 created, 1 failed for a
 * missing dependency (a view on a view not created yet), 2 it exists
 * already, -1 failed; err is filled unless 0.
 */
int ss_mysync_exec_create(MYSQL *tgt, const char *sql, const struct ss_my_object *o,
			  struct ss_error *err);
/*
 * The statement creating o in to_db (new string, caller frees): o's SHOW
 * CREATE text, written for from_db, with its schema qualifiers naming
 * from_db pointed at to_db (see lib/mysql/requalify.h); hooks->warn (when
 * hooks is not NULL) names the other databases it refers to, left as they are.
 */
char *ss_mysync_target_sql(const struct ss_my_object *o, const char *from_db, const char *to_db,
			   const struct ss_sync_hooks *hooks);
/* ss_mysync_exec_create() with ss_mysync_target_sql(o, from_db, to_db, NULL) (2 is -1). */
int ss_mysync_create_object(MYSQL *tgt, const char *from_db, const char *to_db,
			    const struct ss_my_object *o, struct ss_error *err);
/* Append the SET statement of o's session context (sql_mode, character set, time zone). */
void ss_mysync_add_session(struct ss_buf *q, MYSQL *tgt, const struct ss_my_object *o);
/* Back to the engine's target session after objects were created. */
void ss_mysync_end_objects(MYSQL *tgt);

/*
 * --incremental (delta_plan.c, delta_sql.c, delta.c): what a table compared
 * chunk by chunk needs.  Rows are summed up by chunk on both sides; a row's
 * hash is the MD5 of its canonical bytes (delta_sql.c says how), which no
 * two different rows share: NULL and '' differ, the bytes are the stored
 * ones (no character set conversion), values of any size are covered.
 */
enum ss_mykey_kind {
	SS_MYKEY_NUM,        /* integers, decimals, years: written as they come */
	SS_MYKEY_TEMPORAL,   /* dates and times: quoted */
	SS_MYKEY_STR,        /* text: _charset X'hex' */
	SS_MYKEY_BIN,        /* binary: X'hex' */
};
struct ss_mydelta {
	int nkey;
	char **key;                  /* key columns, in key order */
	enum ss_mykey_kind *kind;
	char **charset;              /* SS_MYKEY_STR: the column's character set */
	char *key_list;              /* "`a`,`b`" */
	char *row_hash;              /* SQL: the row's hash, 32 hex digits */
	char *chunk;                 /* SQL: the row's chunk id */
	char *auto_increment;        /* the source's AUTO_INCREMENT value, or NULL */
};
void ss_mydelta_free(struct ss_mydelta *d);

/*
 * The statements (delta_sql.c).  The row hash and the chunk of each
 * column list, the chunk sums of a table ("c, rows, checksum" by chunk, in
 * chunk order), the rows of some chunks ("key..., 8-byte row hash").
 */
char *ss_mydelta_hash_sql(const struct ss_my_table *t, const char *const *cols, size_t ncols,
			  long long long_over);
/* Nonzero when c's values may be long (then by their MD5 above long_over bytes). */
int ss_mydelta_long_column(const struct ss_my_column *c);
/* The chunk of a row: its hash bucket (n buckets), or its range of s. */
char *ss_mydelta_bucket_sql(const struct ss_my_table *t, const char *const *cols, size_t ncols,
			    long long long_over, long long n);
char *ss_mydelta_range_sql(const char *key, const struct ss_delta_spec *s);
void ss_mydelta_sums_sql(struct ss_buf *q, const struct ss_mydelta *d, const char *db,
			 const char *table);
void ss_mydelta_rows_sql(struct ss_buf *q, const struct ss_mydelta *d,
			 const struct ss_delta_spec *s, const char *db, const char *table,
			 const long long *ids, size_t n);
/*
 * Append a condition matching the keys of keys from *off on, until q grows
 * by about max bytes, moving *off past them.  -1 with err when a key value
 * cannot be written as a literal of its kind.
 */
int ss_mydelta_keys_sql(struct ss_buf *q, const struct ss_mydelta *d,
			const struct ss_delta_keys *keys, size_t *off, size_t max,
			struct ss_error *err);

/* The worker's part (delta.c): make the shadow of t hold the source's rows. */
int ss_mydelta_table(struct ss_myrun *run, int wi, struct ss_mysync_table *t,
		     struct ss_error *err);

/*
 * Stream the rows of t matching where (NULL: all) from the worker's
 * source connection into t's shadow (worker.c); *rows gets how many went
 * in (a row whose key the shadow holds already is skipped).
 */
int ss_myworker_load(struct ss_myrun *run, int wi, struct ss_mysync_table *t, const char *where,
		     long long *rows, struct ss_error *err);

#endif

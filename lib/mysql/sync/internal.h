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

#endif

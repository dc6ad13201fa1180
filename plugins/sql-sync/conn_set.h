/*
 * conn_set.h - the connections of one sql-sync run, driver-neutral: the
 * coordinator's pair and N worker pairs, all opened through ss_db_connect.
 * Each engine's plugin part derives its raw MYSQL / PGconn arrays from them.
 */
#ifndef SS_SQL_SYNC_CONN_SET_H
#define SS_SQL_SYNC_CONN_SET_H

#include <sitesync/sitesync.h>

/* Every member is owned; sync_conn_set_close() closes them (NULLs skipped). */
struct sync_conn_set {
	struct ss_conn *src, *tgt;      /* coordinator (tgt may stay NULL) */
	struct ss_conn **wsrc, **wtgt;  /* njobs worker pairs */
	int njobs;
};

/*
 * Connect to a's database (no_db: to the server only, or its maintenance
 * database) and insist on driver: "alias 'x' is not a MySQL database".
 */
int sync_connect(struct ss_ctx *ctx, const struct ss_alias *a, enum ss_db_driver driver,
		 int no_db, struct ss_conn **out, struct ss_error *err);

/* Open jobs worker pairs; tgt_no_db as for sync_connect. */
int sync_conn_set_open_workers(struct ss_ctx *ctx, const struct ss_alias *source,
			       const struct ss_alias *target, enum ss_db_driver driver,
			       int jobs, int tgt_no_db, struct sync_conn_set *s,
			       struct ss_error *err);

/* Close and free everything in s; s is zeroed. */
void sync_conn_set_close(struct sync_conn_set *s);

#endif

/* pg_restore.c - the PostgreSQL side of `sitesync sql-sync --restore-backup TARGET`: backup schemas swapped back. */
#include "config.h"

#include "plugins/sql-sync/sql_sync.h"
#include "plugins/sql-sync/sql_sync_pg.h"

int sync_pg_restore(struct ss_ctx *ctx, const struct ss_alias *target, struct ss_error *err)
{
	struct ss_conn *conn = NULL;
	struct ss_pgsync_restored done = { 0 };
	int rc;

	rc = sync_connect(ctx, target, SS_DB_PGSQL, 0, &conn, err);
	if (rc == 0)
		rc = ss_pgsync_target_session(ss_conn_pg(conn), err);
	if (rc == 0)
		rc = ss_pgsync_restore(ss_conn_pg(conn), &done, err);
	if (conn)
		ss_conn_close(conn);
	if (rc < 0 && done.created)
		return sync_restore_created(target, done.when, err);
	if (rc < 0)
		return -1;
	if (done.empty)
		sync_restore_emptied(ctx, target, done.when, done.left);
	ss_info(ctx, "%s: %zu schema%s restored from the backup", target->name, done.schemas,
		done.schemas == 1 ? "" : "s");
	if (done.removed)
		ss_info(ctx, "%s: %zu schema%s the sync created moved to the backup", target->name,
			done.removed, done.removed == 1 ? "" : "s");
	return 0;
}

/* pg_restore.c - the PostgreSQL side of `sitesync sql-sync --restore-backup TARGET`: backup schemas swapped back. */
#include "config.h"

#include "plugins/sql-sync/sql_sync.h"
#include "plugins/sql-sync/sql_sync_pg.h"

int sync_pg_restore(struct ss_ctx *ctx, const struct ss_alias *target, struct ss_error *err)
{
	struct ss_conn *conn = NULL;
	size_t n = 0;
	int rc;

	rc = sync_connect(ctx, target, SS_DB_PGSQL, 0, &conn, err);
	if (rc == 0)
		rc = ss_pgsync_target_session(ss_conn_pg(conn), err);
	if (rc == 0)
		rc = ss_pgsync_restore(ss_conn_pg(conn), &n, err);
	if (conn)
		ss_conn_close(conn);
	if (rc < 0)
		return -1;
	ss_info(ctx, "%s: %zu schema%s restored from the backup", target->name, n,
		n == 1 ? "" : "s");
	return 0;
}

/* pg_restore.c - `sitesync sql-sync --restore-backup TARGET` for PostgreSQL: backup schemas swapped back. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "plugins/sql-sync/sql_sync.h"
#include "plugins/sql-sync/sql_sync_pg.h"

static int finish(struct ss_ctx *ctx, const struct ss_alias *target, const char *status,
		  struct ss_error *err, time_t started, double t0)
{
	struct ss_history_entry e = {
		.command = "sql-sync --restore-backup",
		.target = target->name,
		.status = status,
		.seconds = ss_pgsync_now() - t0,
		.started = started,
		.error = err ? err->msg : NULL,
	};
	struct ss_error herr;

	if (ss_history_append(&e, &herr) < 0)
		ss_warn(ctx, "%s", herr.msg);
	return err ? ss_fail_err(ctx, err) : SS_OK;
}

int sync_pg_restore(struct ss_ctx *ctx, const struct ss_alias *target)
{
	struct ss_conn *conn = NULL;
	struct ss_lock *lock = NULL;
	struct ss_error err;
	time_t started = time(NULL);
	double t0 = ss_pgsync_now();
	size_t n = 0;
	char *question;
	int rc;

	if (ss_policy_check(NULL, target, "sql-sync --restore-backup", &err) < 0)
		return finish(ctx, target, "refused", &err, started, t0);
	question = ss_xasprintf("%s (%s): swap the backup of the last sql-sync back in?",
				target->name, sync_where(target));
	if (ss_ctx_global(ctx)->simulate) {
		printf("%s (nothing changed: --simulate)\n", question);
		free(question);
		return SS_OK;
	}
	rc = ss_confirm(ctx, question, &err);
	free(question);
	if (rc < 0)
		return finish(ctx, target, "refused", &err, started, t0);
	if (ss_lock_acquire(ctx, target, "sql-sync --restore-backup", &lock, &err) < 0)
		return finish(ctx, target, err.status == SS_BUSY ? "busy" : "failed", &err,
			      started, t0);
	rc = sync_pg_connect(ctx, target, 0, &conn, &err);
	if (rc == 0)
		rc = ss_pgsync_target_session(ss_conn_pg(conn), &err);
	if (rc == 0)
		rc = ss_pgsync_restore(ss_conn_pg(conn), &n, &err);
	if (conn)
		ss_conn_close(conn);
	ss_lock_release(lock);
	if (rc < 0)
		return finish(ctx, target, "failed", &err, started, t0);
	ss_info(ctx, "%s: %zu schema%s restored from the backup", target->name, n,
		n == 1 ? "" : "s");
	return finish(ctx, target, "ok", NULL, started, t0);
}

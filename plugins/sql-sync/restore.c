/* restore.c - `sitesync sql-sync --restore-backup TARGET`: the backup swapped back in. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/mysql_util.h"
#include "plugins/sql-sync/sql_sync.h"
#include "plugins/sql-sync/sql_sync_pg.h"

static int finish(struct ss_ctx *ctx, const struct ss_alias *target, const char *status,
		  struct ss_error *err, time_t started, double t0)
{
	struct ss_history_entry e = {
		.command = "sql-sync --restore-backup",
		.target = target->name,
		.status = status,
		.seconds = ss_mysync_now() - t0,
		.started = started,
		.error = err ? err->msg : NULL,
	};
	struct ss_error herr;

	if (ss_history_append(&e, &herr) < 0)
		ss_warn(ctx, "%s", herr.msg);
	return err ? ss_fail_err(ctx, err) : SS_OK;
}

int sync_restore(struct ss_ctx *ctx, const char *target_name)
{
	const struct ss_alias *target;
	struct ss_connect_opts opts = { .no_database = 1, .app_name = "sitesync sql-sync" };
	struct ss_conn *conn = NULL;
	struct ss_lock *lock = NULL;
	struct ss_error err;
	time_t started = time(NULL);
	double t0 = ss_mysync_now();
	struct ss_mysync_restored done = { 0 };
	char *question;
	int rc;

	if (ss_ctx_alias(ctx, target_name, &target, &err) < 0)
		return ss_fail_err(ctx, &err);
	if (target->has_db && target->db.driver == SS_DB_PGSQL)
		return sync_pg_restore(ctx, target);
	if (!target->has_db || target->db.driver != SS_DB_MYSQL || !target->db.name) {
		ss_error_set(&err, SS_FAILED, "alias '%s' has no MySQL database", target->name);
		return finish(ctx, target, "failed", &err, started, t0);
	}
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
	mysql_library_init(0, NULL, NULL);
	rc = ss_db_connect(ctx, target, &opts, &conn, &err);
	if (rc == 0 && ss_mysync_target_session(ss_conn_mysql(conn), &err) < 0)
		rc = -1;
	if (rc == 0)
		rc = ss_mysync_restore(ss_conn_mysql(conn), target->db.name, &done, &err);
	if (conn)
		ss_conn_close(conn);
	ss_lock_release(lock);
	if (rc < 0)
		return finish(ctx, target, "failed", &err, started, t0);
	if (done.recorded)
		ss_info(ctx, "%s: %zu tables and %zu views, triggers, routines and events restored"
			" from the backup", target->name, done.tables, done.objects);
	else
		ss_warn(ctx, "%s: %zu tables restored from the backup; it holds no record of the"
			" views, triggers, routines and events it replaced: those are not restored",
			target->name, done.tables);
	return finish(ctx, target, "ok", NULL, started, t0);
}

struct ss_error *sync_roll_back(MYSQL *tgt, struct ss_mysync_plan *plan,
				const struct ss_alias *target, struct ss_error *err)
{
	struct ss_mysync_restored done;
	struct ss_error rerr;
	char *why = ss_xstrdup(err->msg);

	if (ss_mysync_restore(tgt, plan->target_db, &done, &rerr) == 0) {
		ss_mysync_drop_backup(tgt, plan, &rerr);
		ss_error_set(err, SS_FAILED, "sql-sync failed after the swap, '%s' was put back as"
			     " it was: %s", target->name, why);
	} else if (done.tables) {
		ss_error_set(err, SS_FAILED, "sql-sync failed after the swap: %s; the previous"
			     " tables of '%s' are back, but %s", why, target->name, rerr.msg);
	} else {
		ss_error_set(err, SS_FAILED, "sql-sync failed after the swap: %s; putting the"
			     " previous tables back failed too: %s; '%s' holds the new tables,"
			     " the previous ones are in the backup: run `sitesync sql-sync"
			     " --restore-backup %s`", why, rerr.msg, target->name, target->name);
	}
	free(why);
	return err;
}

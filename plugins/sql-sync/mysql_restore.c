/* mysql_restore.c - the MySQL side of sql-sync's restores: --restore-backup and the roll-back after a failed swap. */
#include "config.h"

#include <stdlib.h>

#include "plugins/sql-sync/sql_sync.h"

int sync_my_restore(struct ss_ctx *ctx, const struct ss_alias *target, struct ss_error *err)
{
	struct ss_conn *conn = NULL;
	struct ss_mysync_restored done = { 0 };
	int rc;

	mysql_library_init(0, NULL, NULL);
	rc = sync_connect(ctx, target, SS_DB_MYSQL, 1, &conn, err);
	if (rc == 0 && ss_mysync_target_session(ss_conn_mysql(conn), err) < 0)
		rc = -1;
	if (rc == 0)
		rc = ss_mysync_restore(ss_conn_mysql(conn), target->db.name, 0, &done, err);
	if (conn)
		ss_conn_close(conn);
	if (rc < 0 && done.created)
		return sync_restore_created(target, done.when, err);
	if (rc < 0)
		return -1;
	if (done.empty)
		sync_restore_emptied(ctx, target, done.when, done.left);
	else if (done.recorded)
		ss_info(ctx, "%s: %zu tables and %zu views, triggers, routines and events restored"
			" from the backup", target->name, done.tables, done.objects);
	else
		ss_warn(ctx, "%s: %zu tables restored from the backup; it holds no record of the"
			" views, triggers, routines and events it replaced: those are not restored",
			target->name, done.tables);
	return 0;
}

struct ss_error *sync_roll_back(MYSQL *tgt, struct ss_mysync_plan *plan,
				const struct ss_alias *target, struct ss_error *err)
{
	struct ss_mysync_restored done;
	struct ss_error rerr;
	char *why = ss_xstrdup(err->msg);

	if (ss_mysync_restore(tgt, plan->target_db, SS_MYSYNC_RESTORE_CREATED, &done, &rerr) == 0) {
		ss_mysync_drop_backup(tgt, plan, &rerr);
		ss_error_set(err, SS_FAILED, "sql-sync failed after the swap, '%s' was put back as"
			     " it was%s: %s", target->name,
			     done.created ? " (empty: the sync created its database)" : "", why);
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

/* restore.c - `sitesync sql-sync --restore-backup TARGET`, either engine: checks, confirmation, lock, history. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "plugins/sql-sync/sql_sync.h"
#include "plugins/sql-sync/sql_sync_pg.h"

static int finish(struct ss_ctx *ctx, const struct ss_alias *target, const char *status,
		  struct ss_error *err, time_t started, double t0)
{
	sync_record(ctx, "sql-sync --restore-backup", NULL, target, status, NULL, NULL, t0, started,
		    err ? err->msg : NULL, NULL);
	return err ? ss_fail_err(ctx, err) : SS_OK;
}

void sync_restore_emptied(struct ss_ctx *ctx, const struct ss_alias *target, const char *when,
			  size_t left)
{
	if (ss_ctx_global(ctx)->quiet)
		return;
	printf("restore %s: the backup%s%s is an empty database; the %zu synced table%s moved"
	       " to the backup\n", target->name, *when ? " of " : "", when, left,
	       left == 1 ? "" : "s");
}

int sync_restore_created(const struct ss_alias *target, const char *when, struct ss_error *err)
{
	return ss_error_set(err, SS_REFUSED, "restore %s: database '%s' did not exist before the"
			    " sql-sync%s%s, which created it: nothing to restore; `sitesync sql-drop"
			    " %s` drops it", target->name, target->db.name, *when ? " of " : "",
			    when, target->name);
}

int sync_restore(struct ss_ctx *ctx, const char *target_name)
{
	const struct ss_alias *target;
	struct ss_lock *lock = NULL;
	struct ss_error err;
	time_t started = time(NULL);
	double t0 = ss_sync_now();
	char *question;
	int rc, pg;

	if (ss_ctx_alias(ctx, target_name, &target, &err) < 0)
		return ss_fail_err(ctx, &err);
	pg = target->has_db && target->db.driver == SS_DB_PGSQL;
	if (!pg && (!target->has_db || target->db.driver != SS_DB_MYSQL || !target->db.name)) {
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
	/* from here on the run is recorded, also when a signal ends it */
	ss_history_begin(&(struct ss_history_entry){ .command = "sql-sync --restore-backup",
						     .target = target->name, .started = started });
	rc = ss_confirm(ctx, question, &err);
	free(question);
	if (rc < 0)
		return finish(ctx, target, "refused", &err, started, t0);
	if (ss_lock_acquire(ctx, target, "sql-sync --restore-backup", &lock, &err) < 0)
		return finish(ctx, target, err.status == SS_BUSY ? "busy" : "failed", &err,
			      started, t0);
	rc = pg ? sync_pg_restore(ctx, target, &err) : sync_my_restore(ctx, target, &err);
	ss_lock_release(lock);
	if (rc < 0)
		return finish(ctx, target, err.status == SS_REFUSED ? "refused" : "failed", &err,
			      started, t0);
	return finish(ctx, target, "ok", NULL, started, t0);
}

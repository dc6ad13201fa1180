/*
 * lock_recover.c - once the lock of a MySQL target is taken: an interrupted
 * swap of it is completed (or undone) before anything else, said in one
 * line and recorded in the history.
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include <sitesync/context.h>
#include <sitesync/safety.h>

#include "lib/mysql/sync/sync.h"
#include "lib/safety/lock.h"

static void record(struct ss_ctx *ctx, const struct ss_alias *target, const char *command,
		   const char *status, const char *message, time_t started,
		   const struct timespec *t0)
{
	struct ss_history_entry e = {
		.command = command,
		.target = ss_target_name(target),
		.status = status,
		.seconds = ss_elapsed(t0),
		.started = started,
		.error = message,
	};
	struct ss_error err;

	if (ss_history_append(&e, &err) < 0)
		ss_warn(ctx, "%s", err.msg);
}

int ss_lock_recover_mysql(struct ss_ctx *ctx, const struct ss_alias *target,
			  struct ss_conn *conn, int *recovered, struct ss_error *err)
{
	struct ss_mysync_interrupted was;
	struct timespec t0;
	time_t started = time(NULL);
	char *msg;

	*recovered = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ss_mysync_recover(ss_conn_mysql(conn), target->db.name, &was, err) < 0) {
		ss_error_prefix(err, "'%s'", ss_target_name(target));
		if (was.found)
			record(ctx, target, was.command, "failed", err->msg, started, &t0);
		return -1;
	}
	if (!was.found)
		return 0;
	*recovered = 1;
	msg = ss_xasprintf("recovered an interrupted swap from %s: %s", was.when,
			   was.renamed ? "rolled forward, the new tables and their objects are in"
				       : "rolled back, the target is as it was before");
	ss_warn(ctx, "%s: %s", ss_target_name(target), msg);
	record(ctx, target, was.command, "recovered", msg, started, &t0);
	free(msg);
	return 0;
}

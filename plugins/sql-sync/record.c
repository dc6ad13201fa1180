/* record.c - sql-sync's history entries, for both engines and --restore-backup. */
#include "config.h"

#include "plugins/sql-sync/sql_sync.h"

void sync_record(struct ss_ctx *ctx, const char *command, const struct ss_alias *source,
		 const struct ss_alias *target, const char *status,
		 const struct ss_sync_stats *st, double t0, time_t started, const char *error)
{
	struct ss_history_entry e = {
		.command = command,
		.source = source ? source->name : NULL,
		.target = target ? target->name : NULL,
		.status = status,
		.bytes = st ? st->bytes : 0,
		.rows = st ? st->rows : 0,
		.seconds = ss_sync_now() - t0,
		.started = started,
		.error = error,
	};
	struct ss_error err;

	if (ss_history_append(&e, &err) < 0)
		ss_warn(ctx, "%s", err.msg);
}

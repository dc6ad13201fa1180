/* run_base.c - what runs of both sql-sync engines share: history entries, failure, confirmation, release. */
#include "config.h"

#include <stdlib.h>

#include "plugins/sql-sync/sql_sync.h"

void sync_record(struct ss_ctx *ctx, const char *command, const struct ss_alias *source,
		 const struct ss_alias *target, const char *status,
		 const struct ss_sync_stats *st, const struct sync_report_totals *inc, double t0,
		 time_t started, const char *error, const struct ss_san_run *san)
{
	char *sanitize = sync_sanitize_json(san);
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
		.chunks = inc ? inc->chunks : 0,
		.chunks_differing = inc ? inc->differ : 0,
		.table_bytes = inc ? inc->table_bytes : 0,
		.compare_bytes = inc ? inc->compare_bytes : 0,
		.sanitize = sanitize,
	};
	struct ss_error err;

	if (ss_history_append(&e, &err) < 0)
		ss_warn(ctx, "%s", err.msg);
	free(sanitize);
}

void sync_base_begin(const struct sync_base *b)
{
	struct ss_history_entry e = {
		.command = "sql-sync",
		.source = b->source->name,
		.target = b->target->name,
		.started = b->started,
	};

	ss_history_begin(&e);
}

int sync_base_after_swap(const struct sync_base *b, struct ss_error *err)
{
	if (!ss_interrupted())
		return 0;
	return ss_error_set(err, SS_FAILED, "interrupted after the swap: '%s' has the new copy;"
			    " what comes after the swap (--no-backup, post-sql-sync hooks) did"
			    " not run", b->target->name);
}

void sync_base_record(const struct sync_base *b, const char *status, const char *error)
{
	sync_record(b->ctx, "sql-sync", b->source, b->target, status, &b->stats, &b->inc, b->t0,
		    b->started, error, b->san);
}

int sync_base_fail(const struct sync_base *b, const char *status, struct ss_error *err)
{
	sync_base_record(b, status, err->msg);
	return ss_fail_err(b->ctx, err);
}

int sync_base_confirm(const struct sync_base *b, size_t ntables, long long est_bytes,
		      struct ss_error *err)
{
	char size[32], *question;
	int rc;

	question = ss_xasprintf("%s (%s) → %s (%s): replace %zu tables, ~%s?", b->source->name,
				sync_where(b->source), b->target->name, sync_where(b->target),
				ntables, ss_format_bytes(est_bytes, size, sizeof(size)));
	rc = ss_confirm(b->ctx, question, err);
	free(question);
	return rc;
}

void sync_base_release(struct sync_base *b)
{
	if (b->lock)
		ss_lock_release(b->lock);
	b->lock = NULL;
	sync_lists_release(&b->lists);
	ss_san_release(&b->rules);
}

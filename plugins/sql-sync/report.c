/* report.c - what sql-sync shows: the plan, a progress line, tables, the summary. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/sql-sync/sql_sync.h"

/* Open a JSON object with the run's "source" and "target" into b. */
static void json_begin(struct ss_json *j, struct ss_buf *b, const struct ss_alias *source,
		       const struct ss_alias *target)
{
	ss_json_init(j, b, 0);
	ss_json_obj_begin(j);
	ss_json_key(j, "source");
	ss_json_str(j, source->name);
	ss_json_key(j, "target");
	ss_json_str(j, target->name);
}

/* Close the object, print it on a line of its own and free b. */
static void json_print(struct ss_json *j, struct ss_buf *b)
{
	ss_json_obj_end(j);
	printf("%s\n", b->data);
	ss_buf_release(b);
}

static void plan_json(const struct ss_alias *source, const struct ss_alias *target,
		      const struct ss_mysync_plan *plan)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	json_begin(&j, &b, source, target);
	ss_json_key(&j, "simulated");
	ss_json_bool(&j, 1);
	ss_json_key(&j, "estimated_rows");
	ss_json_int(&j, plan->est_rows);
	ss_json_key(&j, "estimated_bytes");
	ss_json_int(&j, plan->est_bytes);
	ss_json_key(&j, "tables");
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < plan->ntables; i++) {
		const struct ss_mysync_table *t = &plan->tables[i];

		ss_json_obj_begin(&j);
		ss_json_key(&j, "name");
		ss_json_str(&j, t->src->name);
		ss_json_key(&j, "rows");
		ss_json_int(&j, t->src->rows);
		ss_json_key(&j, "bytes");
		ss_json_int(&j, t->src->data_bytes);
		ss_json_key(&j, "structure_only");
		ss_json_bool(&j, t->structure_only);
		ss_json_key(&j, "ranges");
		ss_json_int(&j, t->nchunks);
		ss_json_obj_end(&j);
	}
	ss_json_arr_end(&j);
	ss_json_key(&j, "extra_tables_removed");
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < plan->nextra; i++)
		ss_json_str(&j, plan->extra[i]);
	ss_json_arr_end(&j);
	json_print(&j, &b);
}

void sync_print_plan(struct ss_ctx *ctx, const struct ss_alias *source,
		     const struct ss_alias *target, const struct ss_mysync_plan *plan)
{
	char a[32];

	if (ss_ctx_json(ctx)) {
		plan_json(source, target, plan);
		return;
	}
	printf("%s (%s) → %s (%s): would replace %zu tables, ~%lld rows, ~%s\n",
	       source->name, sync_where(source), target->name, sync_where(target),
	       plan->ntables, plan->est_rows, ss_format_bytes(plan->est_bytes, a, sizeof(a)));
	for (size_t i = 0; i < plan->ntables; i++) {
		const struct ss_mysync_table *t = &plan->tables[i];

		if (t->structure_only)
			printf("  %-40s structure only\n", t->src->name);
		else
			printf("  %-40s ~%lld rows, ~%s%s\n", t->src->name, t->src->rows,
			       ss_format_bytes(t->src->data_bytes, a, sizeof(a)),
			       t->nchunks > 1 ? " (split in ranges)" : "");
	}
	for (size_t i = 0; i < plan->nextra; i++)
		printf("  %-40s only in the target: moved to the backup\n", plan->extra[i]);
	if (!plan->target_exists)
		printf("  database '%s' would be created\n", plan->target_db);
	printf("nothing changed (--simulate)\n");
}

static void on_progress(void *arg, const struct ss_mysync_stats *st)
{
	struct sync_report *r = arg;
	char done[32], total[32], rate[32], eta[32] = "";
	double bps = st->elapsed > 0 ? (double)st->bytes / st->elapsed : 0;
	long long est = st->est_bytes > st->bytes ? st->est_bytes : st->bytes;

	if (!r->progress)
		return;
	if (bps > 0 && est > st->bytes) {
		long s = (long)((double)(est - st->bytes) / bps);

		snprintf(eta, sizeof(eta), ", ETA %ld:%02ld", s / 60, s % 60);
	}
	fprintf(stderr, "\r\033[K%s of ~%s, %lld rows, %zu/%zu tables, %s/s%s%s%s",
		ss_format_bytes(st->bytes, done, sizeof(done)),
		ss_format_bytes(est, total, sizeof(total)), st->rows, st->tables_done,
		st->ntables, ss_format_bytes((long long)bps, rate, sizeof(rate)), eta,
		st->current ? ", " : "", st->current ? st->current : "");
	fflush(stderr);
	r->progress_shown = 1;
}

static void on_table(void *arg, const struct ss_mysync_table *t)
{
	struct sync_report *r = arg;
	char b[32];

	if (!ss_ctx_global(r->ctx)->verbose)
		return;
	sync_report_clear(r);
	if (t->structure_only)
		ss_info(r->ctx, "table %s: structure only, %.2f s", t->src->name, t->seconds);
	else
		ss_info(r->ctx, "table %s: %lld rows, %s, %.2f s", t->src->name,
			(long long)atomic_load(&t->rows),
			ss_format_bytes(atomic_load(&t->bytes), b, sizeof(b)), t->seconds);
}

void sync_report_clear(struct sync_report *r)
{
	if (r->progress_shown) {
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
		r->progress_shown = 0;
	}
}

void sync_report_hooks(struct sync_report *r, struct ss_mysync_hooks *hooks)
{
	memset(hooks, 0, sizeof(*hooks));
	hooks->progress = on_progress;
	hooks->table_done = on_table;
	hooks->arg = r;
}

void sync_print_summary(struct ss_ctx *ctx, const struct ss_alias *source,
			const struct ss_alias *target, const struct ss_mysync_plan *plan,
			const struct ss_mysync_stats *st, int jobs, double seconds,
			int no_backup)
{
	char a[32], *backup = *plan->backup_prefix
				 ? ss_xasprintf("%s.%s*", plan->backup_db, plan->backup_prefix)
				 : ss_xstrdup(plan->backup_db);

	if (ss_ctx_json(ctx)) {
		struct ss_buf b = SS_BUF_INIT;
		struct ss_json j;

		json_begin(&j, &b, source, target);
		ss_json_key(&j, "status");
		ss_json_str(&j, "ok");
		ss_json_key(&j, "tables");
		ss_json_int(&j, (long long)plan->ntables);
		ss_json_key(&j, "rows");
		ss_json_int(&j, st->rows);
		ss_json_key(&j, "bytes");
		ss_json_int(&j, st->bytes);
		ss_json_key(&j, "seconds");
		ss_json_double(&j, seconds);
		ss_json_key(&j, "jobs");
		ss_json_int(&j, jobs);
		ss_json_key(&j, "extra_tables_removed");
		ss_json_int(&j, (long long)plan->nextra);
		ss_json_key(&j, "backup");
		if (no_backup)
			ss_json_null(&j);
		else
			ss_json_str(&j, backup);
		json_print(&j, &b);
		free(backup);
		return;
	}
	ss_info(ctx, "%s → %s: %zu tables, %lld rows, %s in %.1f s with %d worker%s%s%s",
		source->name, target->name, plan->ntables, st->rows,
		ss_format_bytes(st->bytes, a, sizeof(a)), seconds, jobs, jobs == 1 ? "" : "s",
		no_backup ? "" : "; previous tables kept in ",
		no_backup ? "" : backup);
	free(backup);
}

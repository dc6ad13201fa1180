/* pg_report.c - what a PostgreSQL sql-sync shows: the plan, progress, tables, the summary. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/sql-sync/sql_sync.h"
#include "plugins/sql-sync/sql_sync_pg.h"

static void plan_json(const struct ss_alias *source, const struct ss_alias *target,
		      const struct ss_pgsync_plan *plan)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	ss_json_init(&j, &b, 0);
	ss_json_obj_begin(&j);
	ss_json_key(&j, "source");
	ss_json_str(&j, source->name);
	ss_json_key(&j, "target");
	ss_json_str(&j, target->name);
	ss_json_key(&j, "simulated");
	ss_json_bool(&j, 1);
	ss_json_key(&j, "schemas");
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < plan->nschemas; i++)
		ss_json_str(&j, plan->schemas[i]);
	ss_json_arr_end(&j);
	ss_json_key(&j, "estimated_rows");
	ss_json_int(&j, plan->est_rows);
	ss_json_key(&j, "estimated_bytes");
	ss_json_int(&j, plan->est_bytes);
	ss_json_key(&j, "tables");
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < plan->ntables; i++) {
		const struct ss_pgsync_table *t = &plan->tables[i];
		char *name = ss_xasprintf("%s.%s", t->src->schema, t->src->name);

		ss_json_obj_begin(&j);
		ss_json_key(&j, "name");
		ss_json_str(&j, name);
		ss_json_key(&j, "rows");
		ss_json_int(&j, t->est_rows);
		ss_json_key(&j, "bytes");
		ss_json_int(&j, t->est_bytes);
		ss_json_key(&j, "structure_only");
		ss_json_bool(&j, t->structure_only);
		ss_json_key(&j, "ranges");
		ss_json_int(&j, t->nchunks);
		ss_json_obj_end(&j);
		free(name);
	}
	ss_json_arr_end(&j);
	ss_json_key(&j, plan->keep_extra ? "extra_tables_kept" : "extra_tables_removed");
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < plan->nextra; i++)
		ss_json_str(&j, plan->extra[i]);
	ss_json_arr_end(&j);
	ss_json_key(&j, "left_out");
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < plan->nskipped; i++)
		ss_json_str(&j, plan->skipped[i]);
	ss_json_arr_end(&j);
	ss_json_obj_end(&j);
	printf("%s\n", b.data);
	ss_buf_release(&b);
}

void sync_pg_print_plan(struct ss_ctx *ctx, const struct ss_alias *source,
			const struct ss_alias *target, const struct ss_pgsync_plan *plan)
{
	char a[32];

	if (ss_ctx_json(ctx)) {
		plan_json(source, target, plan);
		return;
	}
	printf("%s (%s) → %s (%s): would replace %zu tables in %zu schema%s, ~%lld rows, ~%s\n",
	       source->name, sync_where(source), target->name, sync_where(target),
	       plan->ntables, plan->nschemas, plan->nschemas == 1 ? "" : "s", plan->est_rows,
	       sync_human_bytes(plan->est_bytes, a, sizeof(a)));
	for (size_t i = 0; i < plan->ntables; i++) {
		const struct ss_pgsync_table *t = &plan->tables[i];
		char *name = ss_xasprintf("%s.%s", t->src->schema, t->src->name);

		if (t->structure_only)
			printf("  %-40s structure only\n", name);
		else
			printf("  %-40s ~%lld rows, ~%s%s\n", name, t->est_rows,
			       sync_human_bytes(t->est_bytes, a, sizeof(a)),
			       t->nchunks > 1 ? " (split in ranges)" : "");
		free(name);
	}
	for (size_t i = 0; i < plan->nextra; i++)
		printf("  %-40s only in the target: %s\n", plan->extra[i],
		       plan->keep_extra ? "kept" : "moved to the backup");
	for (size_t i = 0; i < plan->nskipped; i++)
		printf("  %-40s left out (--skip-unsupported)\n", plan->skipped[i]);
	if (!plan->target_exists)
		printf("  database '%s' would be created\n", plan->target_db);
	printf("nothing changed (--simulate)\n");
}

/* The shared progress line, fed from the PostgreSQL engine's figures. */
static void on_progress(void *arg, const struct ss_pgsync_stats *st)
{
	struct ss_mysync_hooks h;
	struct ss_mysync_stats m = {
		.rows = st->rows, .bytes = st->bytes, .est_rows = st->est_rows,
		.est_bytes = st->est_bytes, .tables_done = st->tables_done,
		.ntables = st->ntables, .current = st->current, .elapsed = st->elapsed,
	};

	sync_report_hooks(arg, &h);
	h.progress(h.arg, &m);
}

static void on_table(void *arg, const struct ss_pgsync_table *t)
{
	struct sync_report *r = arg;
	char b[32];

	if (!ss_ctx_global(r->ctx)->verbose)
		return;
	sync_report_clear(r);
	if (t->structure_only)
		ss_info(r->ctx, "table %s.%s: structure only, %.2f s", t->src->schema, t->src->name,
			t->seconds);
	else
		ss_info(r->ctx, "table %s.%s: %lld rows, %s, %.2f s", t->src->schema, t->src->name,
			(long long)atomic_load(&t->rows),
			sync_human_bytes(atomic_load(&t->bytes), b, sizeof(b)), t->seconds);
}

void sync_pg_report_hooks(void *report, struct ss_pgsync_hooks *hooks)
{
	memset(hooks, 0, sizeof(*hooks));
	hooks->progress = on_progress;
	hooks->table_done = on_table;
	hooks->arg = report;
}

static void backup_list(struct ss_buf *b, const struct ss_pgsync_plan *plan)
{
	for (size_t i = 0; i < plan->nschemas; i++)
		if (plan->in_target[i])
			ss_buf_addf(b, "%s%s", b->len ? ", " : "", plan->backups[i]);
}

void sync_pg_print_summary(struct ss_ctx *ctx, const struct ss_alias *source,
			   const struct ss_alias *target, const struct ss_pgsync_plan *plan,
			   const struct ss_pgsync_stats *st, int jobs, double seconds,
			   int no_backup)
{
	struct ss_buf backups = SS_BUF_INIT;
	char a[32];

	if (!no_backup)
		backup_list(&backups, plan);
	if (ss_ctx_json(ctx)) {
		struct ss_buf b = SS_BUF_INIT;
		struct ss_json j;

		ss_json_init(&j, &b, 0);
		ss_json_obj_begin(&j);
		ss_json_key(&j, "source");
		ss_json_str(&j, source->name);
		ss_json_key(&j, "target");
		ss_json_str(&j, target->name);
		ss_json_key(&j, "status");
		ss_json_str(&j, "ok");
		ss_json_key(&j, "schemas");
		ss_json_int(&j, (long long)plan->nschemas);
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
		ss_json_key(&j, plan->keep_extra ? "extra_tables_kept" : "extra_tables_removed");
		ss_json_int(&j, (long long)plan->nextra);
		ss_json_key(&j, "backup");
		if (backups.len)
			ss_json_str(&j, backups.data);
		else
			ss_json_null(&j);
		ss_json_obj_end(&j);
		printf("%s\n", b.data);
		ss_buf_release(&b);
		ss_buf_release(&backups);
		return;
	}
	ss_info(ctx, "%s → %s: %zu tables, %lld rows, %s in %.1f s with %d worker%s%s%s",
		source->name, target->name, plan->ntables, st->rows,
		sync_human_bytes(st->bytes, a, sizeof(a)), seconds, jobs, jobs == 1 ? "" : "s",
		backups.len ? "; previous schemas kept in " : "", backups.len ? backups.data : "");
	ss_buf_release(&backups);
}

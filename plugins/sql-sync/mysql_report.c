/* mysql_report.c - a MySQL sql-sync's plan and tables described for the shared reports (report.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/sql-sync/sql_sync.h"

/* The view of plan in *p; free p->tables (the array only) after use. */
static void view(const struct ss_mysync_plan *plan, struct sync_report_plan *p)
{
	struct sync_report_table *t = ss_xcalloc(plan->ntables + 1, sizeof(*t));

	for (size_t i = 0; i < plan->ntables; i++) {
		const struct ss_mysync_table *m = &plan->tables[i];

		t[i].name = m->src->name;
		t[i].rows = m->src->rows;
		t[i].bytes = m->src->data_bytes;
		t[i].structure_only = m->structure_only;
		t[i].nchunks = m->nchunks;
		t[i].inc = &m->inc;
		t[i].san = m->san;
		t[i].rows_moved = atomic_load(&m->rows);
		t[i].bytes_moved = atomic_load(&m->bytes);
		t[i].seconds = m->seconds;
	}
	memset(p, 0, sizeof(*p));
	p->target_db = plan->target_db;
	p->target_exists = plan->target_exists;
	p->tables = t;
	p->ntables = plan->ntables;
	p->est_rows = plan->est_rows;
	p->est_bytes = plan->est_bytes;
	p->extra = plan->extra;
	p->nextra = plan->nextra;
	p->backup_what = "tables";
	p->incremental = plan->incremental;
	p->san = plan->sanitize;
}

void sync_print_plan(struct ss_ctx *ctx, const struct ss_alias *source,
		     const struct ss_alias *target, const struct ss_mysync_plan *plan)
{
	struct sync_report_plan p;

	view(plan, &p);
	sync_report_plan(ctx, source, target, &p);
	free((void *)p.tables);
}

static void on_table(void *arg, const void *table)
{
	const struct ss_mysync_table *m = table;
	struct sync_report_table t = {
		.name = m->src->name,
		.bytes = m->src->data_bytes,
		.structure_only = m->structure_only,
		.inc = &m->inc,
		.rows_moved = atomic_load(&m->rows),
		.bytes_moved = atomic_load(&m->bytes),
		.seconds = m->seconds,
	};

	sync_report_table(arg, &t);
}

void sync_report_hooks(struct sync_report *r, struct ss_sync_hooks *hooks)
{
	memset(hooks, 0, sizeof(*hooks));
	hooks->progress = sync_report_progress;
	hooks->table_done = on_table;
	hooks->arg = r;
}

void sync_print_summary(struct ss_ctx *ctx, const struct ss_alias *source,
			const struct ss_alias *target, const struct ss_mysync_plan *plan,
			const struct ss_sync_stats *st, int jobs, double seconds,
			int no_backup)
{
	struct sync_report_plan p;
	char *backup = *plan->backup_prefix
			       ? ss_xasprintf("%s.%s*", plan->backup_db, plan->backup_prefix)
			       : ss_xstrdup(plan->backup_db);

	view(plan, &p);
	p.backup = no_backup ? NULL : backup;
	sync_report_summary(ctx, source, target, &p, st, jobs, seconds);
	free((void *)p.tables);
	free(backup);
}

void sync_my_totals(const struct ss_mysync_plan *plan, struct sync_report_totals *out)
{
	struct sync_report_plan p;

	view(plan, &p);
	sync_report_totals(&p, out);
	free((void *)p.tables);
}

/* pg_report.c - a PostgreSQL sql-sync's plan and tables described for the shared reports (report.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/sql-sync/sql_sync.h"
#include "plugins/sql-sync/sql_sync_pg.h"

/* The view of plan in *p; free names[i], names and p->tables after use. */
static void view(const struct ss_pgsync_plan *plan, struct sync_report_plan *p, char ***names)
{
	struct sync_report_table *t = ss_xcalloc(plan->ntables + 1, sizeof(*t));

	*names = ss_xcalloc(plan->ntables + 1, sizeof(**names));
	for (size_t i = 0; i < plan->ntables; i++) {
		const struct ss_pgsync_table *g = &plan->tables[i];

		(*names)[i] = ss_xasprintf("%s.%s", g->src->schema, g->src->name);
		t[i].name = (*names)[i];
		t[i].rows = g->est_rows;
		t[i].bytes = g->est_bytes;
		t[i].structure_only = g->structure_only;
		t[i].nchunks = g->nchunks;
		t[i].inc = &g->inc;
		t[i].san = g->san;
		t[i].rows_moved = atomic_load(&g->rows);
		t[i].bytes_moved = atomic_load(&g->bytes);
		t[i].seconds = g->seconds;
	}
	memset(p, 0, sizeof(*p));
	p->target_db = plan->target_db;
	p->target_exists = plan->target_exists;
	p->per_schema = 1;
	p->schemas = plan->schemas;
	p->nschemas = plan->nschemas;
	p->tables = t;
	p->ntables = plan->ntables;
	p->est_rows = plan->est_rows;
	p->est_bytes = plan->est_bytes;
	p->extra = plan->extra;
	p->nextra = plan->nextra;
	p->keep_extra = plan->keep_extra;
	p->can_skip = 1;
	p->skipped = plan->skipped;
	p->nskipped = plan->nskipped;
	p->backup_what = "schemas";
	p->owner_notes = plan->owner_notes.items;
	p->nowner_notes = plan->owner_notes.n;
	p->incremental = plan->incremental;
	p->san = plan->sanitize;
}

static void view_release(struct sync_report_plan *p, char **names)
{
	for (size_t i = 0; i < p->ntables; i++)
		free(names[i]);
	free(names);
	free((void *)p->tables);
}

void sync_pg_print_plan(struct ss_ctx *ctx, const struct ss_alias *source,
			const struct ss_alias *target, const struct ss_pgsync_plan *plan)
{
	struct sync_report_plan p;
	char **names;

	view(plan, &p, &names);
	sync_report_plan(ctx, source, target, &p);
	view_release(&p, names);
}

static void on_table(void *arg, const void *table)
{
	const struct ss_pgsync_table *g = table;
	char *name = ss_xasprintf("%s.%s", g->src->schema, g->src->name);
	struct sync_report_table t = {
		.name = name,
		.bytes = g->est_bytes,
		.structure_only = g->structure_only,
		.inc = &g->inc,
		.rows_moved = atomic_load(&g->rows),
		.bytes_moved = atomic_load(&g->bytes),
		.seconds = g->seconds,
	};

	sync_report_table(arg, &t);
	free(name);
}

void sync_pg_report_hooks(void *report, struct ss_sync_hooks *hooks)
{
	memset(hooks, 0, sizeof(*hooks));
	hooks->progress = sync_report_progress;
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
			   const struct ss_sync_stats *st, int jobs, double seconds,
			   int no_backup)
{
	struct ss_buf backups = SS_BUF_INIT;
	struct sync_report_plan p;
	char **names;

	if (!no_backup)
		backup_list(&backups, plan);
	view(plan, &p, &names);
	p.backup = backups.len ? backups.data : NULL;
	sync_report_summary(ctx, source, target, &p, st, jobs, seconds);
	view_release(&p, names);
	ss_buf_release(&backups);
}

void sync_pg_totals(const struct ss_pgsync_plan *plan, struct sync_report_totals *out)
{
	struct sync_report_plan p;
	char **names;

	view(plan, &p, &names);
	sync_report_totals(&p, out);
	view_release(&p, names);
}

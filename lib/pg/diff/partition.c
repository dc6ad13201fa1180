/* partition.c - the PostgreSQL differ for a table's parents: attach, detach, inherit, no inherit. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/pg/ddl.h"
#include "lib/pg/diff/internal.h"
#include "lib/pg/quote.h"

static int has_parent(const struct ss_pg_object *o, const char *parent)
{
	for (size_t i = 0; i < o->nparents; i++)
		if (!strcmp(o->parents[i], parent))
			return 1;
	return 0;
}

/*
 * A detached partition keeps its copies of the parent's indexes and keys as
 * its own: those the source table has alike stay, the others are dropped.
 */
static void detach_parts(struct differ *d, size_t t, struct ss_buf *b)
{
	const struct ss_pg_object *to = &d->tgt->objs[t];

	for (size_t i = 0; i < d->tgt->nobjs; i++) {
		const struct ss_pg_object *p = &d->tgt->objs[i], *sp;

		if (!p->skip || !p->table || strcmp(p->table, to->name) || strcmp(p->schema, to->schema))
			continue;
		sp = ss_pg_catalog_find(d->src, p->kind, p->key);
		if (sp && !sp->skip && sp->def && p->def && !strcmp(sp->def, p->def)) {
			d->screate[sp - d->src->objs] = 1;
			continue;
		}
		ss_pg_ddl_drop(b, p);
	}
}

/* ALTER TABLE child [NO] INHERIT parent, or ALTER TABLE parent ATTACH/DETACH PARTITION child. */
static void add_link(struct differ *d, int phase, size_t obj, const struct ss_pg_object *child,
		     const char *parent, int link)
{
	struct ss_buf b = SS_BUF_INIT;

	if (child->partbound) {
		ss_buf_addf(&b, "ALTER TABLE %s %s PARTITION ", parent, link ? "ATTACH" : "DETACH");
		ss_pg_ddl_name(&b, child);
		if (link)
			ss_buf_addf(&b, " %s", child->partbound);
		ss_buf_adds(&b, ";\n");
		if (!link)
			detach_parts(d, obj, &b);
	} else {
		ss_pg_ddl_alter_table(&b, child);
		ss_buf_addf(&b, "%sINHERIT %s;\n", link ? "" : "NO ", parent);
	}
	ss_pg_diff_add(d, phase, obj, SS_PG_TABLE, NULL, SS_PG_ACT_ALTER, child->key,
		       ss_buf_detach(&b), NULL);
}

void ss_pg_diff_parents(struct differ *d, size_t s, size_t t)
{
	const struct ss_pg_object *so = &d->src->objs[s], *to = &d->tgt->objs[t];
	int same_kind = (!so->partbound) == (!to->partbound);

	/* a partition with the same parent and bounds, or the same inheritance */
	if (same_kind && so->partbound && so->nparents && to->nparents &&
	    !strcmp(so->parents[0], to->parents[0]) && !strcmp(so->partbound, to->partbound))
		return;
	/* what the target links to and the source does not goes first (phase 0) */
	for (size_t i = 0; i < to->nparents; i++)
		if (!same_kind || to->partbound || !has_parent(so, to->parents[i]))
			add_link(d, 0, t, to, to->parents[i], 0);
	for (size_t i = 0; i < so->nparents; i++)
		if (!same_kind || so->partbound || !has_parent(to, so->parents[i]))
			add_link(d, 1, s, so, so->parents[i], 1);
}

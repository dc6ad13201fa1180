/* tables.c - the tables an engine describes for ss_san_bind, and the strings they keep. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sanitize/internal.h"

const char *ss_san_tables_keep(struct ss_san_tables *d, const char *s)
{
	d->owned = ss_xrealloc(d->owned, (d->nowned + 1) * sizeof(*d->owned));
	return d->owned[d->nowned++] = ss_xstrdup(s ? s : "");
}

struct ss_san_table *ss_san_tables_add(struct ss_san_tables *d, const char *schema,
				       const char *name, struct ss_san_plan **slot, int copied)
{
	struct ss_san_table *t;

	d->tables = ss_xrealloc(d->tables, (d->n + 1) * sizeof(*d->tables));
	d->slot = ss_xrealloc(d->slot, (d->n + 1) * sizeof(*d->slot));
	t = &d->tables[d->n];
	memset(t, 0, sizeof(*t));
	t->schema = schema;
	t->name = name;
	t->copied = copied;
	d->slot[d->n++] = slot;
	return t;
}

struct ss_san_table *ss_san_tables_find(struct ss_san_tables *d, const char *schema,
					const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->tables[i].name, name) &&
		    (!schema || !d->tables[i].schema || !strcmp(d->tables[i].schema, schema)))
			return &d->tables[i];
	return NULL;
}

struct ss_san_column *ss_san_tables_column(struct ss_san_tables *d, struct ss_san_table *t,
					   const char *name)
{
	struct ss_san_column *c;

	t->cols = ss_xrealloc((void *)t->cols, (t->ncols + 1) * sizeof(*t->cols));
	c = (struct ss_san_column *)&t->cols[t->ncols++];
	memset(c, 0, sizeof(*c));
	c->name = ss_san_tables_keep(d, name);
	return c;
}

void ss_san_tables_unique(struct ss_san_tables *d, struct ss_san_table *t, const char *index,
			  const char *column)
{
	struct ss_san_unique *u = t->nuniques ? (struct ss_san_unique *)&t->uniques[t->nuniques - 1]
					      : NULL;

	if (!u || strcmp(u->name, index)) {
		t->uniques = ss_xrealloc((void *)t->uniques, (t->nuniques + 1) * sizeof(*t->uniques));
		u = (struct ss_san_unique *)&t->uniques[t->nuniques++];
		memset(u, 0, sizeof(*u));
		u->name = ss_san_tables_keep(d, index);
	}
	u->columns = ss_xrealloc((void *)u->columns, (u->ncolumns + 1) * sizeof(*u->columns));
	((const char **)u->columns)[u->ncolumns++] = column && *column ? ss_san_tables_keep(d, column)
								       : NULL;
}

void ss_san_tables_release(struct ss_san_tables *d)
{
	for (size_t i = 0; i < d->n; i++) {
		for (size_t u = 0; u < d->tables[i].nuniques; u++)
			free((void *)d->tables[i].uniques[u].columns);
		free((void *)d->tables[i].cols);
		free((void *)d->tables[i].uniques);
		free((void *)d->tables[i].parents);
	}
	for (size_t i = 0; i < d->nowned; i++)
		free(d->owned[i]);
	free(d->owned);
	free(d->tables);
	free(d->slot);
	memset(d, 0, sizeof(*d));
}

int ss_san_tables_bind(const struct ss_sanitize *s, enum ss_san_dialect dialect,
		       struct ss_san_tables *d, struct ss_san_run **out, struct ss_error *err)
{
	int rc = ss_san_bind(s, dialect, d->tables, d->n, out, err);

	for (size_t i = 0; rc == 0 && i < d->n; i++)
		if (d->slot[i] && ss_san_plan_active(&(*out)->plans[i]))
			*d->slot[i] = &(*out)->plans[i];
	ss_san_tables_release(d);
	return rc;
}

/* table.c - the PostgreSQL differ for tables and their columns, and enum rebuilds. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/pg/ddl.h"
#include "lib/pg/diff/internal.h"
#include "lib/pg/quote.h"

const struct ss_pg_column *ss_pg_find_column(const struct ss_pg_object *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}

static int streq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* State of one table comparison: changes go to the source table (phase 1) or the target table (phase 0). */
struct tdiff {
	struct differ *d;
	size_t s, t;
	const struct ss_pg_object *so, *to;
};

static void alter_col(struct ss_buf *b, const struct ss_pg_object *table, const char *col)
{
	ss_pg_ddl_alter_table(b, table);
	ss_buf_adds(b, "ALTER COLUMN ");
	ss_pg_add_ident(b, col);
	ss_buf_addc(b, ' ');
}

static char *colname(const struct ss_pg_object *table, const char *col)
{
	return ss_xasprintf("%s.%s", table->key, col);
}

static struct ss_pg_change *add1(struct tdiff *td, enum ss_pg_action action, const char *col,
				 struct ss_buf *b)
{
	char *name = colname(td->so, col);
	struct ss_pg_change *c = ss_pg_diff_add(td->d, 1, td->s, SS_PG_TABLE, "COLUMN", action, name,
						ss_buf_detach(b), NULL);

	free(name);
	return c;
}

static void add_column(struct tdiff *td, const struct ss_pg_column *sc)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_pg_ddl_alter_table(&b, td->so);
	ss_buf_adds(&b, "ADD COLUMN ");
	ss_pg_ddl_column(&b, sc);
	ss_buf_adds(&b, ";\n");
	if (sc->comment)
		ss_pg_ddl_column_comment(&b, td->so, sc->name, sc->comment);
	add1(td, SS_PG_ACT_CREATE, sc->name, &b);
}

static void drop_column_now(struct tdiff *td, const struct ss_pg_column *tc, int phase)
{
	struct ss_buf b = SS_BUF_INIT;
	char *name = colname(td->to, tc->name);

	ss_pg_ddl_alter_table(&b, td->to);
	ss_buf_adds(&b, "DROP COLUMN ");
	ss_pg_add_ident(&b, tc->name);
	ss_buf_adds(&b, ";\n");
	ss_pg_diff_add(td->d, phase, phase ? td->s : td->t, SS_PG_TABLE, "COLUMN", SS_PG_ACT_DROP,
		       name, ss_buf_detach(&b), NULL);
	free(name);
}

/* A column only in the target: renamed (and made nullable) or dropped. */
static void target_column(struct tdiff *td, const struct ss_pg_column *tc)
{
	struct ss_buf b = SS_BUF_INIT, c = SS_BUF_INIT;
	char *newname, *name;

	ss_pg_diff_seed_column(td->d, td->t, tc->num);
	if (td->d->opts->drop) {
		drop_column_now(td, tc, 0);
		return;
	}
	newname = ss_pg_dropped_name(tc->name, td->d->opts->now);
	ss_pg_ddl_alter_table(&b, td->to);
	ss_buf_adds(&b, "RENAME COLUMN ");
	ss_pg_add_ident(&b, tc->name);
	ss_buf_adds(&b, " TO ");
	ss_pg_add_ident(&b, newname);
	ss_buf_adds(&b, ";\n");
	if (tc->notnull && !tc->identity && !tc->def) {
		alter_col(&b, td->to, newname);
		ss_buf_adds(&b, "DROP NOT NULL;\n");
	}
	ss_pg_ddl_alter_table(&c, td->to);
	ss_buf_adds(&c, "DROP COLUMN ");
	ss_pg_add_ident(&c, newname);
	ss_buf_adds(&c, ";\n");
	name = colname(td->to, tc->name);
	ss_pg_diff_add(td->d, 0, td->t, SS_PG_TABLE, "COLUMN", SS_PG_ACT_RENAME, name,
		       ss_buf_detach(&b), ss_buf_detach(&c));
	free(name);
	free(newname);
}

static void set_default(struct ss_buf *b, const struct ss_pg_object *table,
			const struct ss_pg_column *sc)
{
	alter_col(b, table, sc->name);
	if (sc->def)
		ss_buf_addf(b, "SET DEFAULT %s;\n", sc->def);
	else
		ss_buf_adds(b, "DROP DEFAULT;\n");
}

/* An identity's sequence under the source's name (NULL: the one PostgreSQL chooses). */
static void rename_identity_seq(struct tdiff *td, const struct ss_pg_column *sc,
				const struct ss_pg_column *tc, struct ss_buf *b)
{
	char *from = tc->identity_seq ? ss_xstrdup(tc->identity_seq) :
		     ss_xasprintf("%s_%s_seq", td->to->name, tc->name);
	char *to = sc->identity_seq ? ss_xstrdup(sc->identity_seq) :
		   ss_xasprintf("%s_%s_seq", td->so->name, sc->name);

	ss_buf_adds(b, "ALTER SEQUENCE ");
	ss_pg_add_qname(b, td->so->schema, from);
	ss_buf_adds(b, " RENAME TO ");
	ss_pg_add_ident(b, to);
	ss_buf_adds(b, ";\n");
	free(from);
	free(to);
}

static void identity(struct tdiff *td, const struct ss_pg_column *sc, const struct ss_pg_column *tc,
		     struct ss_buf *b)
{
	if (sc->identity && tc->identity && !streq(sc->identity_seq, tc->identity_seq))
		rename_identity_seq(td, sc, tc, b);
	if (sc->identity == tc->identity)
		return;
	if (!sc->identity) {
		alter_col(b, td->so, sc->name);
		ss_buf_adds(b, "DROP IDENTITY IF EXISTS;\n");
		return;
	}
	if (tc->identity) {
		alter_col(b, td->so, sc->name);
		ss_buf_addf(b, "SET GENERATED %s;\n", sc->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
		return;
	}
	/* a plain or serial column becomes an identity that continues after its values */
	if (tc->def) {
		alter_col(b, td->so, sc->name);
		ss_buf_adds(b, "DROP DEFAULT;\n");
	}
	if (!tc->notnull) {
		alter_col(b, td->so, sc->name);
		ss_buf_adds(b, "SET NOT NULL;\n");
	}
	alter_col(b, td->so, sc->name);
	ss_buf_adds(b, "ADD");
	ss_pg_ddl_identity(b, sc);
	ss_buf_adds(b, ";\n");
	ss_buf_adds(b, "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(");
	{
		struct ss_buf q = SS_BUF_INIT;

		ss_pg_ddl_name(&q, td->so);
		ss_pg_add_literal(b, q.data);
		ss_buf_adds(b, ", ");
		ss_pg_add_literal(b, sc->name);
		ss_buf_adds(b, "), COALESCE(pg_catalog.max(");
		ss_pg_add_ident(b, sc->name);
		ss_buf_addf(b, ")::bigint, 0) + 1, false) FROM %s;\n", q.data);
		ss_buf_release(&q);
	}
}

static void compare_column(struct tdiff *td, const struct ss_pg_column *sc,
			   const struct ss_pg_column *tc)
{
	struct ss_buf b = SS_BUF_INIT;
	int lossy = 0, type_changed;

	/* generated columns cannot change their expression in place */
	if ((sc->generated && (!tc->generated || !streq(sc->def, tc->def))) ||
	    (sc->generated && strcmp(sc->type, tc->type))) {
		ss_pg_diff_seed_column(td->d, td->t, tc->num);
		ss_pg_ddl_alter_table(&b, td->so);
		ss_buf_adds(&b, "DROP COLUMN ");
		ss_pg_add_ident(&b, tc->name);
		ss_buf_adds(&b, ";\n");
		if (!tc->generated) {
			lossy = 1;
			ss_buf_addf(&b, "-- LOSSY: column \"%s\" becomes generated; its values are replaced\n",
				    tc->name);
		}
		ss_pg_ddl_alter_table(&b, td->so);
		ss_buf_adds(&b, "ADD COLUMN ");
		ss_pg_ddl_column(&b, sc);
		ss_buf_adds(&b, ";\n");
		add1(td, SS_PG_ACT_ALTER, sc->name, &b)->lossy = lossy;
		return;
	}
	if (tc->generated && !sc->generated) {
		alter_col(&b, td->so, sc->name);
		ss_buf_adds(&b, "DROP EXPRESSION;\n");
	}
	type_changed = strcmp(sc->type, tc->type) || !streq(sc->collation, tc->collation);
	if (type_changed) {
		ss_pg_diff_seed_column(td->d, td->t, tc->num);
		lossy = ss_pg_type_change_lossy(tc->type, sc->type);
		if (tc->def && !tc->generated && !tc->identity) {
			alter_col(&b, td->so, sc->name);
			ss_buf_adds(&b, "DROP DEFAULT;\n");
		}
		if (lossy)
			ss_buf_addf(&b, "-- LOSSY: %s to %s may lose data\n", tc->type, sc->type);
		alter_col(&b, td->so, sc->name);
		ss_buf_addf(&b, "TYPE %s", sc->type);
		/* COLLATE only when one side has its own: other types take none */
		if (sc->collation || tc->collation)
			ss_buf_addf(&b, " COLLATE %s", sc->collation ? sc->collation : "\"default\"");
		ss_buf_adds(&b, " USING ");
		ss_pg_add_ident(&b, sc->name);
		ss_buf_addf(&b, "::%s;\n", sc->type);
		if (sc->def && !sc->identity)
			set_default(&b, td->so, sc);
	} else if (!sc->identity && !streq(sc->def, tc->def) && (sc->def || !tc->identity)) {
		set_default(&b, td->so, sc);
	}
	identity(td, sc, tc, &b);
	if (sc->notnull != tc->notnull && !(sc->identity && !tc->identity)) {
		alter_col(&b, td->so, sc->name);
		ss_buf_adds(&b, sc->notnull ? "SET NOT NULL;\n" : "DROP NOT NULL;\n");
	}
	if (b.len)
		add1(td, SS_PG_ACT_ALTER, sc->name, &b)->lossy = lossy;
	if (!streq(sc->comment, tc->comment)) {
		char *name = colname(td->so, sc->name);

		ss_pg_ddl_column_comment(&b, td->so, sc->name, sc->comment);
		ss_pg_diff_add(td->d, 1, td->s, SS_PG_TABLE, "COMMENT", SS_PG_ACT_ALTER, name,
			       ss_buf_detach(&b), NULL);
		free(name);
	}
}

static int parents_equal(const struct ss_pg_object *a, const struct ss_pg_object *b)
{
	if (a->nparents != b->nparents)
		return 0;
	for (size_t i = 0; i < a->nparents; i++)
		if (strcmp(a->parents[i], b->parents[i]))
			return 0;
	return 1;
}

void ss_pg_diff_table(struct differ *d, size_t s, size_t t)
{
	struct tdiff td = { d, s, t, &d->src->objs[s], &d->tgt->objs[t] };
	struct ss_buf b = SS_BUF_INIT;

	if (!streq(td.so->partkey, td.to->partkey))
		ss_pg_diff_warn(d, "table \"%s\": its partition key differs; not changed", td.so->key);
	if (td.so->persistence != td.to->persistence) {
		ss_pg_ddl_alter_table(&b, td.so);
		ss_buf_adds(&b, td.so->persistence == 'u' ? "SET UNLOGGED;\n" : "SET LOGGED;\n");
		ss_pg_diff_add(d, 1, s, SS_PG_TABLE, NULL, SS_PG_ACT_ALTER, td.so->key,
			       ss_buf_detach(&b), NULL);
	}
	for (size_t i = 0; i < td.to->ncols; i++) {
		const struct ss_pg_column *tc = &td.to->cols[i];
		const struct ss_pg_column *sc;

		if (ss_pg_is_dropped_name(tc->name))
			continue;
		sc = ss_pg_find_column(td.so, tc->name);
		if (!sc) {
			if (tc->local)
				target_column(&td, tc);
		} else if (sc->local || tc->local) {
			compare_column(&td, sc, tc);
		}
	}
	for (size_t i = 0; i < td.so->ncols; i++) {
		const struct ss_pg_column *sc = &td.so->cols[i];

		if (sc->local && !ss_pg_find_column(td.to, sc->name))
			add_column(&td, sc);
	}
	if (!streq(td.so->partbound, td.to->partbound) || !parents_equal(td.so, td.to))
		ss_pg_diff_parents(d, s, t);
	ss_pg_diff_rls(d, s, td.to->rls, td.to->rls_force);
}

/*
 * An enum whose values were removed or reordered: the old type is renamed to
 * its _dropped_ name (cleanup drops it), the new one created, and every
 * column using it converted through text.
 */
void ss_pg_diff_enum_rebuild(struct differ *d, size_t s, size_t t)
{
	const struct ss_pg_object *so = &d->src->objs[s], *to = &d->tgt->objs[t];
	char *old = ss_pg_dropped_name(to->name, d->opts->now);
	struct ss_pg_object renamed = *to;
	struct ss_buf b = SS_BUF_INIT, c = SS_BUF_INIT;
	int lossy = 0;

	/* values are lost only when the source lacks some of the target's */
	for (size_t i = 0; i < to->nlabels; i++) {
		int found = 0;

		for (size_t j = 0; j < so->nlabels && !found; j++)
			found = !strcmp(to->labels[i], so->labels[j]);
		lossy |= !found;
	}
	ss_pg_ddl_rename(&b, to, old);
	renamed.name = old;
	ss_pg_ddl_drop(&c, &renamed);
	d->tdrop[t] = 1; /* what uses it (functions, views) is rebuilt */
	d->changed = 1;
	ss_pg_diff_add(d, 0, t, SS_PG_TYPE, NULL, SS_PG_ACT_RENAME, to->key, ss_buf_detach(&b),
		       ss_buf_detach(&c));
	d->screate[s] = 0;
	ss_pg_ddl_create(&b, so);
	d->screate[s] = 1;
	ss_pg_diff_add(d, 1, s, SS_PG_TYPE, NULL, SS_PG_ACT_CREATE, so->key, ss_buf_detach(&b), NULL);
	for (size_t i = 0; i < d->tgt->ndeps; i++) {
		const struct ss_pg_dep *dep = &d->tgt->deps[i];
		const struct ss_pg_object *tt = &d->tgt->objs[dep->obj], *st;
		const struct ss_pg_column *tc = NULL, *sc;

		if (dep->ref != t || dep->via_default || dep->obj_sub <= 0 || tt->kind != SS_PG_TABLE ||
		    d->tskip[dep->obj])
			continue;
		for (size_t j = 0; j < tt->ncols; j++)
			if (tt->cols[j].num == dep->obj_sub)
				tc = &tt->cols[j];
		st = ss_pg_catalog_find(d->src, SS_PG_TABLE, tt->key);
		sc = st && tc ? ss_pg_find_column(st, tc->name) : NULL;
		if (!sc || strcmp(sc->type, tc->type))
			continue; /* the column's own change converts it */
		ss_pg_diff_seed_column(d, dep->obj, tc->num);
		if (tc->def) {
			alter_col(&b, st, sc->name);
			ss_buf_adds(&b, "DROP DEFAULT;\n");
		}
		if (lossy)
			ss_buf_addf(&b, "-- LOSSY: values of enum \"%s\" no longer in the source become"
				    " NULL\n", so->key);
		alter_col(&b, st, sc->name);
		ss_buf_addf(&b, "TYPE %s USING CASE WHEN ", sc->type);
		ss_pg_add_ident(&b, sc->name);
		ss_buf_addf(&b, "::text = ANY (pg_catalog.enum_range(NULL::%s)::text[]) THEN ", sc->type);
		ss_pg_add_ident(&b, sc->name);
		ss_buf_addf(&b, "::text::%s END;\n", sc->type);
		if (sc->def)
			set_default(&b, st, sc);
		{
			char *name = colname(st, sc->name);

			ss_pg_diff_add(d, 1, (size_t)(st - d->src->objs), SS_PG_TABLE, "COLUMN",
				       SS_PG_ACT_ALTER, name, ss_buf_detach(&b), NULL)->lossy = lossy;
			free(name);
		}
	}
	free(old);
}

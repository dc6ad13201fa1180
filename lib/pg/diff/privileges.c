/*
 * privileges.c - the PostgreSQL differ for what is granted: privileges on
 * objects and columns, default privileges, row level security switches,
 * and the options of foreign servers.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/pg/ddl.h"
#include "lib/pg/diff/internal.h"
#include "lib/pg/quote.h"

char *ss_pg_diff_roles(char *const *roles, size_t n)
{
	struct ss_buf b = SS_BUF_INIT;

	for (size_t i = 0; i < n; i++)
		if (strcmp(roles[i], "PUBLIC"))
			ss_buf_addf(&b, "%s\n", roles[i]);
	if (!b.len) {
		ss_buf_release(&b);
		return NULL;
	}
	return ss_buf_detach(&b);
}

static int has_item(char *const *items, size_t n, const char *item)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(items[i], item))
			return 1;
	return 0;
}

/* One GRANT or REVOKE of item on o (or its column) as a change of source object s. */
static void add_grant(struct differ *d, size_t s, const struct ss_pg_object *o, const char *column,
		      const char *item, int revoke)
{
	struct ss_buf b = SS_BUF_INIT;
	const char *grantee = ss_pg_acl_grantee(item);
	struct ss_pg_change *c;
	char *what = column ? ss_xasprintf("%s.%s", o->key, column) : NULL;

	ss_pg_ddl_grant(&b, o, column, item, revoke);
	c = ss_pg_diff_add(d, 1, s, o->kind, "PRIVILEGE", SS_PG_ACT_ALTER, what ? what : o->key,
			   ss_buf_detach(&b), NULL);
	if (strcmp(grantee, "PUBLIC"))
		c->needs = ss_xasprintf("%s\n", grantee);
	free(what);
}

/* REVOKE what base has and want has not, then GRANT what want has and base has not. */
static void diff_acl(struct differ *d, size_t s, const struct ss_pg_object *o, const char *column,
		     char *const *want, size_t nwant, char *const *base, size_t nbase)
{
	for (size_t i = 0; i < nbase; i++)
		if (!has_item(want, nwant, base[i]))
			add_grant(d, s, o, column, base[i], 1);
	for (size_t i = 0; i < nwant; i++)
		if (!has_item(base, nbase, want[i]))
			add_grant(d, s, o, column, want[i], 0);
}

/* Do objects of this kind carry privileges (GRANT ... ON)? */
static int has_acl(enum ss_pg_kind k)
{
	switch (k) {
	case SS_PG_SCHEMA: case SS_PG_SEQUENCE: case SS_PG_FUNCTION: case SS_PG_AGGREGATE:
	case SS_PG_TYPE: case SS_PG_SERVER: case SS_PG_TABLE: case SS_PG_FOREIGN_TABLE:
	case SS_PG_VIEW: case SS_PG_MATVIEW:
		return 1;
	default:
		return 0;
	}
}

/* What a new object of o's kind grants to others than its owner. */
static void default_acl(const struct ss_pg_object *o, char **items, size_t *n)
{
	static char execute[] = "EXECUTE PUBLIC", usage[] = "USAGE PUBLIC";

	*n = 0;
	if (o->kind == SS_PG_FUNCTION || o->kind == SS_PG_AGGREGATE)
		items[(*n)++] = execute;
	else if (o->kind == SS_PG_TYPE)
		items[(*n)++] = usage;
}

static const struct ss_pg_column *column_of(const struct ss_pg_object *t, const char *name)
{
	for (size_t i = 0; t && i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}

void ss_pg_diff_privileges(struct differ *d)
{
	for (size_t s = 0; s < d->src->nobjs; s++) {
		const struct ss_pg_object *so = &d->src->objs[s], *to;
		char *defaults[1];
		size_t ndefaults;

		if (!has_acl(so->kind))
			continue;
		to = ss_pg_catalog_find(d->tgt, so->kind, so->key);
		/* an object dropped (or never there) starts from its kind's defaults */
		if (to && (d->tskip[to - d->tgt->objs] || d->tdrop[to - d->tgt->objs]))
			to = NULL;
		default_acl(so, defaults, &ndefaults);
		if (to)
			diff_acl(d, s, so, NULL, so->acl, so->nacl, to->acl, to->nacl);
		else
			diff_acl(d, s, so, NULL, so->acl, so->nacl, defaults, ndefaults);
		for (size_t i = 0; i < so->ncols; i++) {
			const struct ss_pg_column *sc = &so->cols[i], *tc = column_of(to, sc->name);

			diff_acl(d, s, so, sc->name, sc->acl, sc->nacl, tc ? tc->acl : NULL,
				 tc ? tc->nacl : 0);
		}
	}
}

/* The roles of a default privileges item: its owner and its grantee (quoted, one per line). */
static char *defacl_needs(const struct ss_pg_object *o, const char *item)
{
	const char *grantee = ss_pg_acl_grantee(item);
	struct ss_buf b = SS_BUF_INIT;

	/* quoted as quote_ident() does, like the grantees */
	ss_pg_add_ident_min(&b, o->owner ? o->owner : "");
	ss_buf_addc(&b, '\n');
	if (strcmp(grantee, "PUBLIC"))
		ss_buf_addf(&b, "%s\n", grantee);
	return ss_buf_detach(&b);
}

static void defacl_item(struct differ *d, int phase, size_t obj, const struct ss_pg_object *o,
			const char *item, int undo)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_pg_change *c;

	ss_pg_ddl_defacl(&b, o, item, undo);
	c = ss_pg_diff_add(d, phase, obj, SS_PG_DEFACL, NULL, undo ? SS_PG_ACT_DROP : SS_PG_ACT_ALTER,
			   o->key, ss_buf_detach(&b), NULL);
	c->needs = defacl_needs(o, item);
}

void ss_pg_diff_defacl(struct differ *d, size_t s, size_t t)
{
	const struct ss_pg_object *so = s == (size_t)-1 ? NULL : &d->src->objs[s];
	const struct ss_pg_object *to = t == (size_t)-1 ? NULL : &d->tgt->objs[t];

	/* the target's items the source lacks are undone, then the source's are made */
	for (size_t i = 0; to && i < to->nacl; i++)
		if (!so || !has_item(so->acl, so->nacl, to->acl[i]))
			defacl_item(d, so ? 1 : 0, so ? s : t, to, to->acl[i], 1);
	for (size_t i = 0; so && i < so->nacl; i++)
		if (!to || !has_item(to->acl, to->nacl, so->acl[i]))
			defacl_item(d, 1, s, so, so->acl[i], 0);
}

void ss_pg_diff_rls(struct differ *d, size_t s, int t_rls, int t_force)
{
	const struct ss_pg_object *so = &d->src->objs[s];
	struct ss_buf b = SS_BUF_INIT;

	if (so->rls != t_rls) {
		ss_pg_ddl_alter_table(&b, so);
		ss_buf_addf(&b, "%s ROW LEVEL SECURITY;\n", so->rls ? "ENABLE" : "DISABLE");
	}
	if (so->rls_force != t_force) {
		ss_pg_ddl_alter_table(&b, so);
		ss_buf_addf(&b, "%sFORCE ROW LEVEL SECURITY;\n", so->rls_force ? "" : "NO ");
	}
	if (b.len)
		ss_pg_diff_add(d, 1, s, SS_PG_TABLE, "POLICY", SS_PG_ACT_ALTER, so->key,
			       ss_buf_detach(&b), NULL)->late = 1;
}

/* The name of an option item "name 'value'" (its length). */
static size_t option_name_len(const char *item)
{
	return strcspn(item, " ");
}

static const char *find_option(const struct ss_pg_object *o, const char *item)
{
	size_t n = option_name_len(item);

	for (size_t i = 0; i < o->nlabels; i++)
		if (option_name_len(o->labels[i]) == n && !strncmp(o->labels[i], item, n))
			return o->labels[i];
	return NULL;
}

void ss_pg_diff_server(struct differ *d, size_t s, size_t t)
{
	const struct ss_pg_object *so = &d->src->objs[s], *to = &d->tgt->objs[t];
	struct ss_buf b = SS_BUF_INIT, opts = SS_BUF_INIT;

	for (size_t i = 0; i < to->nlabels; i++)
		if (!find_option(so, to->labels[i]))
			ss_buf_addf(&opts, "%sDROP %.*s", opts.len ? ", " : "",
				    (int)option_name_len(to->labels[i]), to->labels[i]);
	for (size_t i = 0; i < so->nlabels; i++) {
		const char *had = find_option(to, so->labels[i]);

		if (!had)
			ss_buf_addf(&opts, "%sADD %s", opts.len ? ", " : "", so->labels[i]);
		else if (strcmp(had, so->labels[i]))
			ss_buf_addf(&opts, "%sSET %s", opts.len ? ", " : "", so->labels[i]);
	}
	if ((!so->options) != (!to->options) || (so->options && strcmp(so->options, to->options))) {
		ss_buf_adds(&b, "ALTER SERVER ");
		ss_pg_add_ident(&b, so->name);
		ss_buf_adds(&b, " VERSION ");
		if (so->options)
			ss_pg_add_literal(&b, so->options);
		else
			ss_buf_adds(&b, "NULL");
		ss_buf_adds(&b, ";\n");
	}
	if (opts.len) {
		ss_buf_adds(&b, "ALTER SERVER ");
		ss_pg_add_ident(&b, so->name);
		ss_buf_addf(&b, " OPTIONS (%s);\n", opts.data);
	}
	ss_buf_release(&opts);
	if (b.len)
		ss_pg_diff_add(d, 1, s, SS_PG_SERVER, NULL, SS_PG_ACT_ALTER, so->key, ss_buf_detach(&b),
			       NULL);
}

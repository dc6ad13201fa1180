/* schema.c - the sync's schema step: the source model under shadow names, diffed against nothing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sitesync/buf.h>

#include "lib/pg/ddl.h"
#include "lib/pg/diff/diff.h"
#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

/* When objects are built: before the data, right after their table's data, or at the end. */
enum level { PRE, AFTER, POST };

/*
 * A function's body keeps the real schema names (it is resolved when
 * called, after the swap); its header (name, argument and result types)
 * takes the shadow names.  Bodies in SQL-standard form are parsed at
 * creation and keep the shadow names like views.
 */
static void keep_body(struct ss_pg_object *o, const char *orig)
{
	const char *ob = strstr(orig, "\nAS $"), *nb = o->def ? strstr(o->def, "\nAS $") : NULL;
	char *def;

	if (!ob || !nb)
		return;
	def = ss_xasprintf("%.*s%s", (int)(nb - o->def), o->def, ob);
	free(o->def);
	o->def = def;
}

/*
 * A trigger's arguments are strings its function reads when it fires,
 * after the swap ('public.film_cfg'): they keep the real schema names.
 */
static void keep_trigger_args(struct ss_pg_object *o, const char *orig)
{
	const char *oe = strstr(orig, " EXECUTE "), *ne = o->def ? strstr(o->def, " EXECUTE ") : NULL;
	const char *op = oe ? strchr(oe, '(') : NULL, *np = ne ? strchr(ne, '(') : NULL;
	char *def;

	if (!op || !np)
		return;
	def = ss_xasprintf("%.*s%s", (int)(np - o->def), o->def, op);
	free(o->def);
	o->def = def;
}

/* The source model again, under the shadow names. */
static int load_shadow(PGconn *src, const struct ss_pgsync_plan *plan,
		       struct ss_pg_catalog **out, struct ss_error *err)
{
	struct ss_pg_catalog *cat;
	char **orig;

	if (ss_pg_catalog_load(src, (const char *const *)plan->schemas, plan->nschemas, &cat,
			       err) < 0)
		return -1;
	if (cat->nobjs != plan->source->nobjs) {
		ss_pg_catalog_free(cat);
		return ss_error_set(err, SS_FAILED, "the source schema changed while it was read;"
				    " try again");
	}
	orig = ss_xcalloc(cat->nobjs + 1, sizeof(char *));
	for (size_t i = 0; i < cat->nobjs; i++)
		if (cat->objs[i].kind == SS_PG_FUNCTION || cat->objs[i].kind == SS_PG_TRIGGER)
			orig[i] = ss_xstrdup(cat->objs[i].def);
	for (size_t s = 0; s < plan->nschemas; s++)
		ss_pg_catalog_remap(cat, plan->schemas[s], plan->shadows[s]);
	for (size_t i = 0; i < cat->nobjs; i++) {
		if (orig[i] && cat->objs[i].kind == SS_PG_FUNCTION)
			keep_body(&cat->objs[i], orig[i]);
		else if (orig[i])
			keep_trigger_args(&cat->objs[i], orig[i]);
		free(orig[i]);
	}
	free(orig);
	*out = cat;
	return 0;
}

/* Dependencies of each object, in compressed rows: refs of i are ref[start[i]..start[i+1]). */
struct deps {
	size_t *start, *ref;
};

static void deps_build(const struct ss_pg_catalog *cat, struct deps *d)
{
	size_t *fill = ss_xcalloc(cat->nobjs + 1, sizeof(size_t));

	d->start = ss_xcalloc(cat->nobjs + 2, sizeof(size_t));
	d->ref = ss_xcalloc(cat->ndeps + 1, sizeof(size_t));
	for (size_t i = 0; i < cat->ndeps; i++)
		d->start[cat->deps[i].obj + 1]++;
	for (size_t i = 0; i < cat->nobjs; i++)
		d->start[i + 1] += d->start[i];
	for (size_t i = 0; i < cat->ndeps; i++) {
		size_t o = cat->deps[i].obj;

		d->ref[d->start[o] + fill[o]++] = cat->deps[i].ref;
	}
	free(fill);
}

/* The table (index into cat) of a constraint or index, or (size_t)-1. */
static size_t table_of(const struct ss_pg_catalog *cat, const struct ss_pg_object *o)
{
	const struct ss_pg_object *t;
	char *key;

	if (!o->table)
		return (size_t)-1;
	key = ss_xasprintf("%s.%s", o->schema, o->table);
	t = ss_pg_catalog_find(cat, SS_PG_TABLE, key);
	free(key);
	return t ? (size_t)(t - cat->objs) : (size_t)-1;
}

/* Where an object goes before its dependencies are considered. */
static enum level base_level(const struct ss_pg_catalog *cat, const struct ss_pg_object *o)
{
	size_t t;

	switch (o->kind) {
	case SS_PG_INDEX:
	case SS_PG_CONSTRAINT:
		if (o->kind == SS_PG_CONSTRAINT && !strchr("pucx", o->sub))
			return POST;
		/* a check goes on the empty table: rows are checked as COPY inserts them, no scan */
		if (o->kind == SS_PG_CONSTRAINT && o->sub == 'c' && o->def && !strstr(o->def, "NOT VALID"))
			return PRE;
		t = table_of(cat, o);
		return t != (size_t)-1 && !cat->objs[t].partkey ? AFTER : POST;
	case SS_PG_TRIGGER:
	case SS_PG_MATVIEW:
	case SS_PG_RULE:
	case SS_PG_STATISTICS:
		return POST;
	default:
		return PRE;
	}
}

/* Does the change name roles (run for those the target has, after the rest)? */
static int names_roles(const struct ss_pg_change *c, const struct ss_pg_object *o)
{
	return c->needs || !strcmp(c->section, "PRIVILEGE") || o->kind == SS_PG_POLICY ||
	       o->kind == SS_PG_DEFACL;
}

/* Keep a change that names roles in plan->grants (a policy with what rebuilds it). */
static void add_grant(struct ss_pgsync_plan *plan, const struct ss_pg_change *c,
		      const struct ss_pg_object *o)
{
	struct ss_pgsync_grant *g;
	struct ss_buf tail = SS_BUF_INIT, roles = SS_BUF_INIT;

	plan->grants = ss_xrealloc(plan->grants, (plan->ngrants + 1) * sizeof(*plan->grants));
	g = &plan->grants[plan->ngrants++];
	memset(g, 0, sizeof(*g));
	g->sql = ss_xstrdup(c->sql);
	g->needs = c->needs ? ss_xstrdup(c->needs) : NULL;
	if (o->kind != SS_PG_POLICY || c->action == SS_PG_ACT_DROP)
		return;
	g->head = ss_xasprintf("%s TO ", o->result ? o->result : "");
	ss_buf_addf(&tail, "%s;\n", o->options ? o->options : "");
	if (o->comment)
		ss_pg_ddl_comment(&tail, o, o->comment);
	g->tail = ss_buf_detach(&tail);
	for (size_t i = 0; i < o->nroles; i++)
		ss_buf_addf(&roles, "%s\n", o->roles[i]);
	g->roles = ss_buf_detach(&roles);
}

/*
 * What follows a table's data: indexes (built side by side), then keys and
 * checks in order.  A primary or unique key is CREATE UNIQUE INDEX among
 * the indexes, then ADD CONSTRAINT ... USING INDEX among the keys.
 */
static void after_data(const struct ss_pg_object *o, const char *change_sql,
		       struct ss_pgsync_list *after, struct ss_pgsync_list *keys)
{
	struct ss_buf b = SS_BUF_INIT, t = SS_BUF_INIT;
	char *index, *constraint;

	if (o->kind == SS_PG_INDEX) {
		ss_pgsync_list_add(after, ss_xstrdup(change_sql));
		return;
	}
	ss_pg_add_qname(&t, o->schema, o->table);
	if (!strchr("pu", o->sub) || !o->def ||
	    ss_pgsync_key_split(t.data, o->name, o->def, &index, &constraint) < 0) {
		ss_pgsync_list_add(keys, ss_xstrdup(change_sql));
		ss_buf_release(&t);
		return;
	}
	ss_pgsync_list_add(after, index);
	ss_buf_adds(&b, constraint);
	if (o->comment)
		ss_pg_ddl_comment(&b, o, o->comment);
	ss_pgsync_list_add(keys, ss_buf_detach(&b));
	free(constraint);
	ss_buf_release(&t);
}

/* Does the target have this extension of a shadow schema live in the real one? */
static int stays_live(const struct ss_pgsync_plan *plan, const struct ss_pg_object *ext)
{
	for (size_t i = 0; i < plan->nschemas; i++) {
		if (!ext->schema || strcmp(ext->schema, plan->shadows[i]))
			continue;
		for (size_t k = 0; k < plan->live_ext[i].n; k++)
			if (!strcmp(plan->live_ext[i].items[k], ext->name))
				return 1;
	}
	return 0;
}

/* The objects of extensions that stay live are named in the real schema. */
static void unmap(const struct ss_pgsync_plan *plan, char **sql)
{
	for (size_t i = 0; i < plan->nschemas; i++) {
		const struct ss_pgsync_list *l = &plan->live_ext_objects[i];
		char *n;

		if (!l->n)
			continue;
		n = ss_pgsync_unmap(*sql, plan->shadows[i], plan->schemas[i], l->items, l->n);
		free(*sql);
		*sql = n;
	}
}

static void unmap_list(const struct ss_pgsync_plan *plan, struct ss_pgsync_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		unmap(plan, &l->items[i]);
}

/*
 * An index of a partitioned table prints as CREATE INDEX ... ON ONLY, which
 * leaves it invalid until each partition's is attached: built after the
 * data, it is created on every partition at once instead.
 */
static char *index_sql(const struct ss_pg_object *o, const char *sql)
{
	const char *only = o->kind == SS_PG_INDEX ? strstr(sql, " ON ONLY ") : NULL;

	if (!only)
		return ss_xstrdup(sql);
	return ss_xasprintf("%.*s ON %s", (int)(only - sql), sql, only + 9);
}

static void split_changes(const struct ss_pg_catalog *cat, const struct ss_pg_diff *d,
			  struct ss_pgsync_plan *plan, char *excluded,
			  struct ss_pgsync_list *after, struct ss_pgsync_list *keys)
{
	struct deps deps;
	char *level = ss_xcalloc(cat->nobjs + 1, 1);
	/* schemas first, then extensions (which name no schema as a dependency) */
	struct ss_buf schemas = SS_BUF_INIT, exts = SS_BUF_INIT, pre = SS_BUF_INIT,
		      post = SS_BUF_INIT;

	deps_build(cat, &deps);
	/* changes come in dependency order: what an object needs is decided before it */
	for (size_t i = 0; i < d->n; i++) {
		const struct ss_pg_change *c = &d->changes[i];
		const struct ss_pg_object *o = &cat->objs[c->obj];
		enum level lv = base_level(cat, o);

		for (size_t k = deps.start[c->obj]; k < deps.start[c->obj + 1]; k++) {
			size_t r = deps.ref[k];

			if (r == c->obj)
				continue;
			if (excluded[r])
				excluded[c->obj] = 1;
			/* what follows a table's data runs in any order: its dependents wait for the end */
			if (level[r] != PRE)
				lv = POST;
		}
		if (o->kind == SS_PG_EXTENSION && stays_live(plan, o))
			excluded[c->obj] = 1;
		/* a sequence owned by a table left out goes with it */
		if (o->kind == SS_PG_SEQUENCE && o->seq_owner) {
			struct ss_pg_object owner = { .schema = o->schema, .table = o->seq_owner };
			size_t t = table_of(cat, &owner);

			if (t != (size_t)-1 && excluded[t])
				excluded[c->obj] = 1;
		}
		if (excluded[c->obj])
			continue;
		if (names_roles(c, o)) {
			add_grant(plan, c, o);
			continue;
		}
		if (c->late) {
			ss_buf_adds(&post, c->sql);
			continue;
		}
		if (level[c->obj] < (char)lv)
			level[c->obj] = (char)lv;
		lv = (enum level)level[c->obj];
		if (lv == PRE) {
			ss_buf_adds(o->kind == SS_PG_SCHEMA ? &schemas :
				    o->kind == SS_PG_EXTENSION ? &exts : &pre, c->sql);
		} else if (lv == POST) {
			char *sql = index_sql(o, c->sql);

			ss_buf_adds(&post, sql);
			free(sql);
		} else {
			size_t t = table_of(cat, o);

			after_data(o, c->sql, &after[t], &keys[t]);
		}
	}
	free(level);
	free(deps.start);
	free(deps.ref);
	ss_buf_adds(&schemas, "");
	ss_buf_adds(&exts, "");
	ss_buf_adds(&pre, "");
	plan->pre = ss_xasprintf("%s%s%s", schemas.data, exts.data, pre.data);
	ss_buf_release(&schemas);
	ss_buf_release(&exts);
	ss_buf_release(&pre);
	plan->post = ss_buf_detach(&post);
}

int ss_pgsync_schema(PGconn *src, struct ss_pgsync_plan *plan, char *excluded,
		     struct ss_pgsync_list *after, struct ss_pgsync_list *keys,
		     struct ss_error *err)
{
	struct ss_pg_catalog *cat = NULL, *empty;
	struct ss_pg_diff_opts opts = { .now = time(NULL), .privileges = 1 };
	struct ss_pg_diff d;

	if (load_shadow(src, plan, &cat, err) < 0)
		return -1;
	empty = ss_pg_catalog_new();
	ss_pg_diff(cat, empty, &opts, &d);
	/* identity columns come with their sequence's name and parameters (in the model) */
	split_changes(cat, &d, plan, excluded, after, keys);
	unmap(plan, &plan->pre);
	unmap(plan, &plan->post);
	for (size_t i = 0; i < cat->nobjs; i++) {
		unmap_list(plan, &after[i]);
		unmap_list(plan, &keys[i]);
	}
	for (size_t i = 0; i < plan->ngrants; i++) {
		unmap(plan, &plan->grants[i].sql);
		if (plan->grants[i].head) {
			unmap(plan, &plan->grants[i].head);
			unmap(plan, &plan->grants[i].tail);
		}
	}
	ss_pg_diff_release(&d);
	ss_pg_catalog_free(empty);
	ss_pg_catalog_free(cat);
	return 0;
}

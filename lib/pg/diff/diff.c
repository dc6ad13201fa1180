/* diff.c - compare two PostgreSQL catalog models into an ordered list of DDL changes. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pg/ddl.h"
#include "lib/pg/diff/internal.h"
#include "lib/pg/order.h"
#include "lib/pg/quote.h"

static const char *const section_of[SS_PG_NKINDS] = {
	[SS_PG_EXTENSION] = "EXTENSION",
	[SS_PG_SCHEMA] = "SCHEMA",
	[SS_PG_SERVER] = "SERVER",
	[SS_PG_COLLATION] = "COLLATION",
	[SS_PG_TYPE] = "TYPE",
	[SS_PG_SEQUENCE] = "SEQUENCE",
	[SS_PG_FUNCTION] = "FUNCTION/PROCEDURE",
	[SS_PG_AGGREGATE] = "AGGREGATE",
	[SS_PG_OPERATOR] = "OPERATOR",
	[SS_PG_CAST] = "CAST",
	[SS_PG_TSDICT] = "TEXT SEARCH",
	[SS_PG_TSCONFIG] = "TEXT SEARCH",
	[SS_PG_TABLE] = "TABLE",
	[SS_PG_FOREIGN_TABLE] = "TABLE",
	[SS_PG_VIEW] = "VIEW",
	[SS_PG_MATVIEW] = "VIEW",
	[SS_PG_CONSTRAINT] = "CONSTRAINT",
	[SS_PG_INDEX] = "INDEX",
	[SS_PG_TRIGGER] = "TRIGGER",
	[SS_PG_RULE] = "RULE",
	[SS_PG_POLICY] = "POLICY",
	[SS_PG_STATISTICS] = "STATISTICS",
	[SS_PG_PUBLICATION] = "PUBLICATION",
	[SS_PG_DEFACL] = "PRIVILEGE",
	[SS_PG_OTHER] = "OTHER",
};

const char *ss_pg_action_name(enum ss_pg_action a)
{
	static const char *const names[] = { "create", "alter", "drop", "rename" };

	return (unsigned)a < 4 ? names[a] : "change";
}

struct ss_pg_change *ss_pg_diff_add(struct differ *d, int phase, size_t obj, enum ss_pg_kind kind,
				    const char *section, enum ss_pg_action action,
				    const char *object, char *sql, char *cleanup)
{
	struct ss_pg_diff *out = d->out;
	struct ss_pg_change *c;

	if (out->n == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 64;
		out->changes = ss_xrealloc(out->changes, out->cap * sizeof(*out->changes));
	}
	c = &out->changes[out->n];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->section = section ? section : section_of[kind];
	c->action = action;
	c->object = ss_xstrdup(object);
	c->sql = sql;
	c->cleanup = cleanup;
	c->phase = phase;
	c->obj = obj;
	c->seq = out->n++;
	return c;
}

void ss_pg_diff_warn(struct differ *d, const char *fmt, ...)
{
	struct ss_pg_diff *out = d->out;
	struct ss_buf b = SS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ss_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < out->nwarnings; i++)
		if (!strcmp(out->warnings[i], b.data)) {
			ss_buf_release(&b);
			return;
		}
	out->warnings = ss_xrealloc(out->warnings, (out->nwarnings + 1) * sizeof(char *));
	out->warnings[out->nwarnings++] = ss_buf_detach(&b);
}

void ss_pg_diff_release(struct ss_pg_diff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->changes[i].object);
		free(d->changes[i].sql);
		free(d->changes[i].cleanup);
		free(d->changes[i].needs);
	}
	free(d->changes);
	for (size_t i = 0; i < d->nwarnings; i++)
		free(d->warnings[i]);
	free(d->warnings);
	memset(d, 0, sizeof(*d));
}

static const struct ss_pg_object *tobj(const struct differ *d, size_t i)
{
	return &d->tgt->objs[i];
}

static const struct ss_pg_object *sobj(const struct differ *d, size_t i)
{
	return &d->src->objs[i];
}

/* The index of o's counterpart in cat, or (size_t)-1. */
static size_t find_in(const struct ss_pg_catalog *cat, const struct ss_pg_object *o)
{
	const struct ss_pg_object *x = ss_pg_catalog_find(cat, o->kind, o->key);

	return x ? (size_t)(x - cat->objs) : (size_t)-1;
}

static int streq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Objects of the target left out: pending cleanup (_dropped_ names) and their parts. */
static void mark_skips(struct differ *d)
{
	const struct ss_pg_catalog *t = d->tgt;

	for (size_t i = 0; i < t->nobjs; i++) {
		const struct ss_pg_object *o = &t->objs[i];

		if (o->skip || ss_pg_is_dropped_name(o->name) || (o->table && ss_pg_is_dropped_name(o->table)) ||
		    (o->seq_owner && ss_pg_is_dropped_name(o->seq_owner)) ||
		    (o->seq_owner_col && ss_pg_is_dropped_name(o->seq_owner_col)))
			d->tskip[i] = 1;
	}
}

/* Is the table of a constraint, index or trigger (or a sequence's owner) absent from the source? */
static int table_gone(const struct differ *d, const struct ss_pg_object *o)
{
	const char *table = o->kind == SS_PG_SEQUENCE ? o->seq_owner : o->table;
	char *key;
	const struct ss_pg_object *st;
	int gone;

	if (!table)
		return 0;
	key = ss_xasprintf("%s.%s", o->schema, table);
	st = ss_pg_catalog_find(d->src, SS_PG_TABLE, key);
	if (!st)
		st = ss_pg_catalog_find(d->src, SS_PG_MATVIEW, key);
	free(key);
	gone = !st;
	if (!gone && o->kind == SS_PG_SEQUENCE && o->seq_owner_col)
		gone = !ss_pg_find_column(st, o->seq_owner_col);
	return gone;
}

static char *sql_of(void (*fn)(struct ss_buf *, const struct ss_pg_object *),
		    const struct ss_pg_object *o)
{
	struct ss_buf b = SS_BUF_INIT;

	fn(&b, o);
	return ss_buf_detach(&b);
}

/* Drop target object t in phase 0 (once). */
static void drop_target(struct differ *d, size_t t)
{
	if (d->tdrop[t])
		return;
	d->tdrop[t] = 1;
	d->changed = 1;
	if (tobj(d, t)->kind == SS_PG_DEFACL) {
		ss_pg_diff_defacl(d, (size_t)-1, t);
		return;
	}
	ss_pg_diff_add(d, 0, t, tobj(d, t)->kind, NULL, SS_PG_ACT_DROP, tobj(d, t)->key,
		       sql_of(ss_pg_ddl_drop, tobj(d, t)), NULL);
}

/* Left out of the comparison: what the model does not cover; default privileges unless asked. */
static int ignored(const struct differ *d, const struct ss_pg_object *o)
{
	return o->kind == SS_PG_OTHER || (o->kind == SS_PG_DEFACL && !d->opts->privileges);
}

/* Create source object s in phase 1 (once). */
static void create_source(struct differ *d, size_t s, enum ss_pg_action action)
{
	const struct ss_pg_object *o = sobj(d, s);
	struct ss_buf b = SS_BUF_INIT;
	struct ss_pg_change *c;

	if (d->screate[s] || o->skip)
		return;
	d->screate[s] = 1;
	if (o->kind == SS_PG_DEFACL) {
		ss_pg_diff_defacl(d, s, (size_t)-1);
		return;
	}
	ss_pg_ddl_create(&b, o);
	c = ss_pg_diff_add(d, 1, s, o->kind, NULL, action, o->key, ss_buf_detach(&b), NULL);
	if (o->kind == SS_PG_POLICY)
		c->needs = ss_pg_diff_roles(o->roles, o->nroles);
	if (o->kind == SS_PG_TABLE)
		ss_pg_diff_rls(d, s, 0, 0);
}

/*
 * OWNED BY of the sequences created, once their tables and columns exist:
 * ordered with the table, after its own changes.
 */
static void owned_by(struct differ *d)
{
	for (size_t s = 0; s < d->src->nobjs; s++) {
		const struct ss_pg_object *o = sobj(d, s), *st;
		struct ss_buf b = SS_BUF_INIT;
		char *key;

		if (!d->screate[s] || o->kind != SS_PG_SEQUENCE || !o->seq_owner)
			continue;
		key = ss_xasprintf("%s.%s", o->schema, o->seq_owner);
		st = ss_pg_catalog_find(d->src, SS_PG_TABLE, key);
		free(key);
		if (!st)
			continue;
		ss_pg_ddl_seq_owned(&b, o);
		ss_pg_diff_add(d, 1, (size_t)(st - d->src->objs), SS_PG_TABLE, "SEQUENCE",
			       SS_PG_ACT_ALTER, o->key, ss_buf_detach(&b), NULL);
	}
}

/* Rename target object t to its _dropped_ name; the DROP goes to the cleanup script. */
static void preserve_target(struct differ *d, size_t t)
{
	const struct ss_pg_object *o = tobj(d, t);
	char *newname = ss_pg_dropped_name(o->name, d->opts->now);
	struct ss_pg_object renamed = *o;
	struct ss_buf b = SS_BUF_INIT, c = SS_BUF_INIT;

	d->tdrop[t] = 2;
	ss_pg_ddl_rename(&b, o, newname);
	renamed.name = newname;
	if (o->kind == SS_PG_TABLE)
		ss_buf_adds(&c, "DROP TABLE ");
	else if (o->kind == SS_PG_SEQUENCE)
		ss_buf_adds(&c, "DROP SEQUENCE ");
	if (o->kind == SS_PG_TABLE || o->kind == SS_PG_SEQUENCE) {
		ss_pg_ddl_name(&c, &renamed);
		ss_buf_adds(&c, ";\n");
	} else {
		ss_pg_ddl_drop(&c, &renamed);
	}
	ss_pg_diff_add(d, 0, t, o->kind, NULL, SS_PG_ACT_RENAME, o->key, ss_buf_detach(&b),
		       ss_buf_detach(&c));
	free(newname);
}

/* A target object with no counterpart in the source. */
static void only_in_target(struct differ *d, size_t t)
{
	const struct ss_pg_object *o = tobj(d, t);

	switch (o->kind) {
	case SS_PG_SCHEMA:
	case SS_PG_EXTENSION:
		if (d->opts->drop)
			drop_target(d, t);
		else
			ss_pg_diff_warn(d, "%s \"%s\" exists only in the target; left as is (--drop drops it)",
					ss_pg_kind_name(o->kind), o->name);
		return;
	case SS_PG_CONSTRAINT:
	case SS_PG_INDEX:
	case SS_PG_TRIGGER:
		if (!table_gone(d, o))
			drop_target(d, t);
		return;
	case SS_PG_SEQUENCE:
		if (o->seq_owner && table_gone(d, o))
			return; /* goes with its table or column */
		/* fall through */
	case SS_PG_TABLE:
	case SS_PG_FUNCTION:
	case SS_PG_TYPE:
		if (d->opts->drop)
			drop_target(d, t);
		else
			preserve_target(d, t);
		return;
	default:
		drop_target(d, t);
		return;
	}
}

static void comment_change(struct differ *d, size_t s, size_t t)
{
	const struct ss_pg_object *so = sobj(d, s);
	struct ss_buf b = SS_BUF_INIT;

	if (streq(so->comment, tobj(d, t)->comment))
		return;
	ss_pg_ddl_comment(&b, so, so->comment);
	ss_pg_diff_add(d, 1, s, so->kind, "COMMENT", SS_PG_ACT_ALTER, so->key,
		       ss_buf_detach(&b), NULL);
}

/* Drop the target object and create the source one. */
static void replace(struct differ *d, size_t s, size_t t)
{
	drop_target(d, t);
	create_source(d, s, SS_PG_ACT_CREATE);
}

/* Does any table column of the target use type t (not through a default)? */
static int type_in_columns(const struct differ *d, size_t t)
{
	for (size_t i = 0; i < d->tgt->ndeps; i++) {
		const struct ss_pg_dep *dep = &d->tgt->deps[i];

		if (dep->ref == t && dep->obj_sub > 0 && !dep->via_default &&
		    tobj(d, dep->obj)->kind == SS_PG_TABLE && !d->tskip[dep->obj])
			return 1;
	}
	return 0;
}

/* Enum labels of t in order inside s's? Then the new ones can be added in place. */
static int enum_appendable(const struct ss_pg_object *s, const struct ss_pg_object *t)
{
	size_t j = 0;

	for (size_t i = 0; i < s->nlabels && j < t->nlabels; i++)
		if (!strcmp(s->labels[i], t->labels[j]))
			j++;
	return j == t->nlabels;
}

static int has_label(const struct ss_pg_object *t, const char *label)
{
	for (size_t i = 0; i < t->nlabels; i++)
		if (!strcmp(t->labels[i], label))
			return 1;
	return 0;
}

/* Does text hold label as a literal ('label', quotes doubled)? */
static int has_literal(const char *text, const char *label)
{
	struct ss_buf lit = SS_BUF_INIT;
	int yes;

	ss_pg_add_literal(&lit, label);
	yes = text && strstr(text, lit.data) != NULL;
	ss_buf_release(&lit);
	return yes;
}

/*
 * Does something of the source that uses enum s name a value the target
 * lacks?  A value added by ALTER TYPE cannot be used before it is committed,
 * and the script is one transaction.
 */
static int new_label_used(const struct differ *d, size_t s, const struct ss_pg_object *to)
{
	const struct ss_pg_object *so = sobj(d, s);

	for (size_t i = 0; i < d->src->ndeps; i++) {
		const struct ss_pg_dep *dep = &d->src->deps[i];
		const struct ss_pg_object *o = sobj(d, dep->obj);
		const char *text = o->kind == SS_PG_FUNCTION ? NULL : o->def;

		if (dep->ref != s)
			continue;
		if (dep->via_default)
			for (size_t c = 0; c < o->ncols; c++)
				if (o->cols[c].num == dep->obj_sub)
					text = o->cols[c].def;
		for (size_t k = 0; k < so->nlabels; k++)
			if (!has_label(to, so->labels[k]) && has_literal(text, so->labels[k]))
				return 1;
	}
	return 0;
}

static void diff_enum(struct differ *d, size_t s, size_t t)
{
	const struct ss_pg_object *so = sobj(d, s), *to = tobj(d, t);
	struct ss_buf b = SS_BUF_INIT;

	if (!enum_appendable(so, to) || new_label_used(d, s, to)) {
		ss_pg_diff_enum_rebuild(d, s, t);
		return;
	}
	for (size_t i = 0; i < so->nlabels; i++) {
		if (has_label(to, so->labels[i]))
			continue;
		ss_buf_adds(&b, "ALTER TYPE ");
		ss_pg_ddl_name(&b, so);
		ss_buf_adds(&b, " ADD VALUE ");
		ss_pg_add_literal(&b, so->labels[i]);
		if (i > 0) {
			ss_buf_adds(&b, " AFTER ");
			ss_pg_add_literal(&b, so->labels[i - 1]);
		} else {
			ss_buf_adds(&b, " BEFORE ");
			ss_pg_add_literal(&b, to->labels[0]);
		}
		ss_buf_adds(&b, ";\n");
	}
	ss_pg_diff_add(d, 1, s, SS_PG_TYPE, NULL, SS_PG_ACT_ALTER, so->key, ss_buf_detach(&b), NULL);
}

static int seq_differs(const struct ss_pg_object *a, const struct ss_pg_object *b)
{
	return strcmp(a->seq_type, b->seq_type) || a->seq_start != b->seq_start ||
	       a->seq_inc != b->seq_inc || a->seq_min != b->seq_min || a->seq_max != b->seq_max ||
	       a->seq_cache != b->seq_cache || a->seq_cycle != b->seq_cycle;
}

/* An object present on both sides. */
static void both(struct differ *d, size_t s, size_t t)
{
	const struct ss_pg_object *so = sobj(d, s), *to = tobj(d, t);
	struct ss_buf b = SS_BUF_INIT;

	switch (so->kind) {
	case SS_PG_EXTENSION:
		if (streq(so->result, to->result))
			break;
		if (!so->result || !has_label(to, so->result)) {
			/* no update path (a downgrade): dropped and created at that version */
			ss_pg_diff_warn(d, "extension \"%s\" has no update path from %s to %s on the"
					" target: dropped and created again", so->name,
					to->result ? to->result : "?", so->result ? so->result : "?");
			replace(d, s, t);
			break;
		}
		ss_buf_adds(&b, "ALTER EXTENSION ");
		ss_pg_add_ident(&b, so->name);
		ss_buf_adds(&b, " UPDATE TO ");
		ss_pg_add_literal(&b, so->result);
		ss_buf_adds(&b, ";\n");
		ss_pg_diff_add(d, 1, s, so->kind, NULL, SS_PG_ACT_ALTER, so->key,
			       ss_buf_detach(&b), NULL);
		break;
	case SS_PG_SERVER:
		if (!streq(so->def, to->def) || !streq(so->result, to->result))
			replace(d, s, t);
		else
			ss_pg_diff_server(d, s, t);
		break;
	case SS_PG_FOREIGN_TABLE: {
		char *a = sql_of(ss_pg_ddl_create, so), *z = sql_of(ss_pg_ddl_create, to);

		if (strcmp(a, z))
			replace(d, s, t);
		free(a);
		free(z);
		break;
	}
	case SS_PG_DEFACL:
		d->screate[s] = 1;
		ss_pg_diff_defacl(d, s, t);
		break;
	case SS_PG_TYPE:
		if (streq(so->def, to->def))
			break;
		if (so->sub == 'e' && to->sub == 'e')
			diff_enum(d, s, t);
		else if (type_in_columns(d, t))
			ss_pg_diff_warn(d, "type \"%s\" differs and is used by table columns; not changed",
					so->key);
		else
			replace(d, s, t);
		break;
	case SS_PG_SEQUENCE:
		if (seq_differs(so, to)) {
			ss_pg_ddl_seq_alter(&b, so);
			ss_pg_diff_add(d, 1, s, so->kind, NULL, SS_PG_ACT_ALTER, so->key,
				       ss_buf_detach(&b), NULL);
		}
		if (!streq(so->seq_owner, to->seq_owner) || !streq(so->seq_owner_col, to->seq_owner_col)) {
			if (so->seq_owner) {
				ss_pg_ddl_seq_owned(&b, so);
			} else {
				ss_buf_adds(&b, "ALTER SEQUENCE ");
				ss_pg_ddl_name(&b, so);
				ss_buf_adds(&b, " OWNED BY NONE;\n");
			}
			ss_pg_diff_add(d, 1, s, so->kind, NULL, SS_PG_ACT_ALTER, so->key,
				       ss_buf_detach(&b), NULL);
		}
		break;
	case SS_PG_FUNCTION:
		if (streq(so->def, to->def))
			break;
		if (so->sub == to->sub && streq(so->result, to->result))
			create_source(d, s, SS_PG_ACT_ALTER); /* CREATE OR REPLACE */
		else
			replace(d, s, t);
		break;
	case SS_PG_TABLE:
		ss_pg_diff_table(d, s, t);
		break;
	case SS_PG_SCHEMA:
		break;
	case SS_PG_VIEW:
	case SS_PG_MATVIEW:
		if (!streq(so->def, to->def) || !streq(so->options, to->options))
			replace(d, s, t);
		break;
	default: /* constraints, indexes, triggers */
		if (!streq(so->def, to->def) || so->sub != to->sub)
			replace(d, s, t);
		break;
	}
	if (!d->screate[s])
		comment_change(d, s, t);
}

static int rebuildable(enum ss_pg_kind k)
{
	switch (k) {
	case SS_PG_VIEW: case SS_PG_MATVIEW: case SS_PG_TRIGGER: case SS_PG_CONSTRAINT:
	case SS_PG_INDEX: case SS_PG_FUNCTION: case SS_PG_AGGREGATE: case SS_PG_OPERATOR:
	case SS_PG_CAST: case SS_PG_TSCONFIG: case SS_PG_RULE: case SS_PG_POLICY:
	case SS_PG_STATISTICS: case SS_PG_PUBLICATION: case SS_PG_FOREIGN_TABLE:
		return 1;
	default:
		return 0;
	}
}

/* Rebuild target object o (and, in turn, what depends on it). */
static void rebuild(struct differ *d, size_t o)
{
	size_t s = find_in(d->src, tobj(d, o));

	drop_target(d, o);
	if (s != (size_t)-1)
		create_source(d, s, SS_PG_ACT_CREATE);
}

/*
 * The target column a dependency names, the first time `bit` is asked of
 * it (marked then); NULL when its table is dropped or it was done before.
 */
static const struct ss_pg_column *dep_column(struct differ *d, const struct ss_pg_dep *dep, int bit)
{
	const struct ss_pg_object *tt = tobj(d, dep->obj);

	if (d->tdrop[dep->obj] || d->tcols[dep->obj][dep->obj_sub] & bit)
		return NULL;
	for (size_t i = 0; i < tt->ncols; i++)
		if (tt->cols[i].num == dep->obj_sub) {
			d->tcols[dep->obj][dep->obj_sub] |= (char)bit;
			return &tt->cols[i];
		}
	return NULL;
}

/* A column default that uses a dropped object is reset around the drop. */
static void reset_default(struct differ *d, const struct ss_pg_dep *dep)
{
	const struct ss_pg_object *tt = tobj(d, dep->obj);
	const struct ss_pg_object *st = ss_pg_catalog_find(d->src, SS_PG_TABLE, tt->key);
	const struct ss_pg_column *tc = dep_column(d, dep, 2), *sc;
	struct ss_buf b = SS_BUF_INIT;

	if (!tc)
		return;
	ss_pg_ddl_alter_table(&b, tt);
	ss_buf_adds(&b, "ALTER COLUMN ");
	ss_pg_add_ident(&b, tc->name);
	ss_buf_adds(&b, " DROP DEFAULT;\n");
	ss_pg_diff_add(d, 0, dep->obj, SS_PG_TABLE, "COLUMN", SS_PG_ACT_ALTER, tt->key,
		       ss_buf_detach(&b), NULL);
	sc = st ? ss_pg_find_column(st, tc->name) : NULL;
	if (sc && sc->def && !sc->generated && streq(sc->def, tc->def)) {
		ss_pg_ddl_alter_table(&b, st);
		ss_buf_adds(&b, "ALTER COLUMN ");
		ss_pg_add_ident(&b, sc->name);
		ss_buf_addf(&b, " SET DEFAULT %s;\n", sc->def);
		ss_pg_diff_add(d, 1, (size_t)(st - d->src->objs), SS_PG_TABLE, "COLUMN",
			       SS_PG_ACT_ALTER, st->key, ss_buf_detach(&b), NULL);
	}
}

/* A column whose collation is dropped goes back to its type's default collation first. */
static void reset_collation(struct differ *d, const struct ss_pg_dep *dep)
{
	const struct ss_pg_object *tt = tobj(d, dep->obj);
	const struct ss_pg_column *tc = dep_column(d, dep, 4);
	struct ss_buf b = SS_BUF_INIT;

	if (!tc)
		return;
	ss_pg_diff_seed_column(d, dep->obj, dep->obj_sub);
	d->changed = 1;
	ss_pg_ddl_alter_table(&b, tt);
	ss_buf_adds(&b, "ALTER COLUMN ");
	ss_pg_add_ident(&b, tc->name);
	ss_buf_addf(&b, " TYPE %s COLLATE \"default\";\n", tc->type);
	ss_pg_diff_add(d, 0, dep->obj, SS_PG_TABLE, "COLUMN", SS_PG_ACT_ALTER, tt->key,
		       ss_buf_detach(&b), NULL);
}

/*
 * A preserved (renamed) function that uses a dropped object cannot stay:
 * its cleanup DROP runs at once, after the rename.
 */
static void unpreserve(struct differ *d, size_t t)
{
	for (size_t i = 0; i < d->out->n; i++) {
		struct ss_pg_change *c = &d->out->changes[i];
		struct ss_buf b = SS_BUF_INIT;

		if (c->phase || c->obj != t || c->action != SS_PG_ACT_RENAME || !c->cleanup)
			continue;
		ss_buf_adds(&b, c->sql);
		ss_buf_adds(&b, c->cleanup);
		free(c->sql);
		free(c->cleanup);
		c->sql = ss_buf_detach(&b);
		c->cleanup = NULL;
		c->action = SS_PG_ACT_DROP;
	}
	d->tdrop[t] = 1;
	d->changed = 1;
}

/*
 * What depends on a dropped object, or on a changed column, is dropped and
 * recreated around the change, until nothing more is added.
 */
static void closure(struct differ *d)
{
	const struct ss_pg_catalog *t = d->tgt;

	do {
		d->changed = 0;
		for (size_t i = 0; i < t->ndeps; i++) {
			const struct ss_pg_dep *dep = &t->deps[i];
			const struct ss_pg_object *o = tobj(d, dep->obj), *ref = tobj(d, dep->ref);
			int hit;

			if (d->tskip[dep->obj] || d->tdrop[dep->obj] == 1)
				continue;
			if (d->tdrop[dep->obj] == 2 && d->tdrop[dep->ref] == 1 &&
			    o->kind == SS_PG_FUNCTION) {
				unpreserve(d, dep->obj);
				continue;
			}
			hit = d->tdrop[dep->ref] == 1 ||
			      (ref->kind == SS_PG_TABLE && dep->ref_sub > 0 && d->tcols[dep->ref] &&
			       (d->tcols[dep->ref][dep->ref_sub] & 1));
			if (!hit)
				continue;
			if (rebuildable(o->kind) && !(o->kind == SS_PG_INDEX && !d->tdrop[dep->ref]) &&
			    !(o->kind == SS_PG_CONSTRAINT && !d->tdrop[dep->ref]))
				rebuild(d, dep->obj);
			else if (o->kind == SS_PG_TABLE && dep->via_default && d->tdrop[dep->ref] == 1)
				reset_default(d, dep);
			else if (o->kind == SS_PG_TABLE && dep->obj_sub > 0 && d->tcols[dep->obj] &&
				 ref->kind == SS_PG_COLLATION && d->tdrop[dep->ref] == 1)
				reset_collation(d, dep);
		}
	} while (d->changed);
}

void ss_pg_diff_seed_column(struct differ *d, size_t t, int attnum)
{
	if (attnum > 0)
		d->tcols[t][attnum] |= 1;
}

/* Rank of a change among those ready together: kind order, drops reversed. */
static int rank_of(const struct ss_pg_change *c, const struct ss_pg_object *o)
{
	int k = (int)c->kind;

	if (c->kind == SS_PG_CONSTRAINT) /* primary/unique before others, foreign keys last */
		k = o->sub == 'f' ? SS_PG_CONSTRAINT * 4 + 3 :
		    strchr("pu", o->sub) ? SS_PG_CONSTRAINT * 4 : SS_PG_CONSTRAINT * 4 + 1;
	else
		k *= 4;
	return c->phase == 0 ? 1000 - k : k;
}

/* Order the changes of one phase: a node per object, edges from that side's dependencies. */
static void order_phase(struct differ *d, int phase, struct ss_pg_change *sorted, size_t *nsorted)
{
	const struct ss_pg_catalog *cat = phase == 0 ? d->tgt : d->src;
	size_t *node = ss_xcalloc(cat->nobjs + 1, sizeof(size_t)); /* obj → node + 1 */
	size_t *first = ss_xcalloc(d->out->n + 1, sizeof(size_t));
	int *rank = ss_xcalloc(d->out->n + 1, sizeof(int));
	size_t nnodes = 0, nedges = 0, *order;
	struct ss_pg_edge *edges;

	for (size_t i = 0; i < d->out->n; i++) {
		struct ss_pg_change *c = &d->out->changes[i];

		if (c->phase != phase || node[c->obj])
			continue;
		node[c->obj] = ++nnodes;
		first[nnodes - 1] = i;
		rank[nnodes - 1] = rank_of(c, &cat->objs[c->obj]);
	}
	edges = ss_xcalloc(cat->ndeps + 1, sizeof(*edges));
	for (size_t i = 0; i < cat->ndeps; i++) {
		const struct ss_pg_dep *dep = &cat->deps[i];
		size_t a = node[dep->obj], b = node[dep->ref];

		if (!a || !b || a == b)
			continue;
		/* drops: the dependent goes first; creates: what it depends on goes first */
		edges[nedges].before = phase == 0 ? a - 1 : b - 1;
		edges[nedges++].after = phase == 0 ? b - 1 : a - 1;
	}
	order = ss_xcalloc(nnodes + 1, sizeof(size_t));
	ss_pg_toposort(nnodes, rank, edges, nedges, order);
	for (size_t k = 0; k < nnodes; k++) {
		size_t obj = d->out->changes[first[order[k]]].obj;

		for (size_t i = first[order[k]]; i < d->out->n; i++)
			if (d->out->changes[i].phase == phase && d->out->changes[i].obj == obj)
				sorted[(*nsorted)++] = d->out->changes[i];
	}
	free(node);
	free(first);
	free(rank);
	free(edges);
	free(order);
}

static void warn_unsupported(struct differ *d, const struct ss_pg_catalog *cat, const char *side)
{
	for (size_t i = 0; i < cat->nobjs; i++)
		if (cat->objs[i].kind == SS_PG_OTHER)
			ss_pg_diff_warn(d, "%s %s (in the %s) is not compared", cat->objs[i].result,
					cat->objs[i].name, side);
}

int ss_pg_diff(const struct ss_pg_catalog *src, const struct ss_pg_catalog *tgt,
	       const struct ss_pg_diff_opts *opts, struct ss_pg_diff *out)
{
	struct differ d = { .src = src, .tgt = tgt, .opts = opts, .out = out };
	struct ss_pg_change *sorted;
	size_t nsorted = 0;

	memset(out, 0, sizeof(*out));
	d.tskip = ss_xcalloc(tgt->nobjs + 1, 1);
	d.tdrop = ss_xcalloc(tgt->nobjs + 1, 1);
	d.screate = ss_xcalloc(src->nobjs + 1, 1);
	d.tcols = ss_xcalloc(tgt->nobjs + 1, sizeof(char *));
	for (size_t i = 0; i < tgt->nobjs; i++) {
		int maxnum = 0;

		for (size_t j = 0; j < tgt->objs[i].ncols; j++)
			if (tgt->objs[i].cols[j].num > maxnum)
				maxnum = tgt->objs[i].cols[j].num;
		if (tgt->objs[i].kind == SS_PG_TABLE)
			d.tcols[i] = ss_xcalloc((size_t)maxnum + 2, 1);
	}
	mark_skips(&d);
	for (size_t t = 0; t < tgt->nobjs; t++) {
		size_t s;

		if (ignored(&d, &tgt->objs[t]))
			d.tskip[t] = 1;
		if (d.tskip[t])
			continue;
		s = find_in(src, &tgt->objs[t]);
		if (s == (size_t)-1)
			only_in_target(&d, t);
		else
			both(&d, s, t);
	}
	for (size_t s = 0; s < src->nobjs; s++) {
		size_t t = find_in(tgt, &src->objs[s]);

		if (ignored(&d, &src->objs[s]))
			continue;
		if (t == (size_t)-1 || d.tskip[t])
			create_source(&d, s, SS_PG_ACT_CREATE);
	}
	closure(&d);
	owned_by(&d);
	if (opts->privileges)
		ss_pg_diff_privileges(&d);
	warn_unsupported(&d, src, "source");
	warn_unsupported(&d, tgt, "target");

	sorted = ss_xcalloc(out->n + 1, sizeof(*sorted));
	order_phase(&d, 0, sorted, &nsorted);
	order_phase(&d, 1, sorted, &nsorted);
	free(out->changes);
	out->changes = sorted;
	out->cap = out->n + 1;
	for (size_t i = 0; i < tgt->nobjs; i++)
		free(d.tcols[i]);
	free(d.tcols);
	free(d.tskip);
	free(d.tdrop);
	free(d.screate);
	return 0;
}

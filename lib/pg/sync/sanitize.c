/*
 * sanitize.c - the sanitize rules of a PostgreSQL sync: the tables they
 * name (a partition follows its parent's rules) described from the source
 * model and pg_index, bound (lib/sanitize) into each table's
 * COPY (SELECT ...); the HMAC pads of the workers' sessions; the counts.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

#define SQL_UNIQUES \
	"SELECT n.nspname, c.relname, i.relname, COALESCE(a.attname, '')" \
	" FROM pg_catalog.pg_index x" \
	" JOIN pg_catalog.pg_class c ON c.oid = x.indrelid" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid" \
	" CROSS JOIN LATERAL unnest(x.indkey::pg_catalog.int2[]) WITH ORDINALITY k(num, ord)" \
	" LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num" \
	" WHERE x.indisunique AND n.nspname = ANY($1::text[]) AND k.ord <= x.%s" \
	" ORDER BY n.nspname, c.relname, x.indisprimary DESC, i.relname, k.ord"

/* The tables the rules name, as lib/sanitize sees them; what they point at is owned here. */
struct described {
	struct ss_san_table *tables;
	size_t n;
	struct ss_pgsync_table **planned;   /* per table: in the plan, or NULL */
	char **owned;
	size_t nowned;
};

static const char *keep(struct described *d, char *s)
{
	d->owned = ss_xrealloc(d->owned, (d->nowned + 1) * sizeof(*d->owned));
	return d->owned[d->nowned++] = s;
}

static void described_release(struct described *d)
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
	free(d->planned);
}

/* "schema"."name" (as the model keeps parents) -> schema.name. */
static char *unquote(const char *q)
{
	struct ss_buf b = SS_BUF_INIT;
	int in = 0;

	for (const char *p = q; *p; p++) {
		if (*p == '"' && in && p[1] == '"')
			ss_buf_addc(&b, *p++);
		else if (*p == '"')
			in = !in;
		else
			ss_buf_addc(&b, *p);
	}
	return ss_buf_detach(&b);
}

static void describe_table(struct described *d, const struct ss_pg_object *o,
			   struct ss_san_table *t)
{
	struct ss_san_column *cols = ss_xcalloc(o->ncols + 1, sizeof(*cols));
	const char **parents = ss_xcalloc(o->nparents + 1, sizeof(*parents));

	for (size_t i = 0; i < o->nparents; i++)
		parents[i] = keep(d, unquote(o->parents[i]));
	for (size_t i = 0; i < o->ncols; i++) {
		const struct ss_pg_column *c = &o->cols[i];

		cols[i].name = c->name;
		cols[i].sqltype = c->type;
		cols[i].type = ss_san_pg_type(c->type, &cols[i].length, &cols[i].int_max);
		cols[i].notnull = c->notnull;
		cols[i].generated = c->generated != 0;
	}
	t->schema = o->schema;
	t->name = o->name;
	t->parents = parents;
	t->nparents = o->nparents;
	t->cols = cols;
	t->ncols = o->ncols;
}

/* Every table of the source a rule names; copied when the plan copies its rows. */
static void pick(struct described *d, struct ss_pgsync_plan *plan, const struct ss_sanitize *rules)
{
	const struct ss_pg_catalog *cat = plan->source;

	d->tables = ss_xcalloc(cat->nobjs + 1, sizeof(*d->tables));
	d->planned = ss_xcalloc(cat->nobjs + 1, sizeof(*d->planned));
	for (size_t i = 0; i < cat->nobjs; i++) {
		const struct ss_pg_object *o = &cat->objs[i];
		struct ss_pgsync_table *t;
		struct ss_san_table *st = &d->tables[d->n];

		if (o->kind != SS_PG_TABLE)
			continue;
		describe_table(d, o, st);
		if (!ss_san_matches(rules, st->schema, st->name, st->parents, st->nparents)) {
			free((void *)st->cols);
			free((void *)st->parents);
			memset(st, 0, sizeof(*st));
			continue;
		}
		t = ss_pgsync_find_table(plan, o->schema, o->name);
		st->copied = t && !t->structure_only;
		d->planned[d->n++] = t;
	}
}

static struct ss_san_table *find(struct described *d, const char *schema, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->tables[i].schema, schema) && !strcmp(d->tables[i].name, name))
			return &d->tables[i];
	return NULL;
}

/* The unique indexes of the picked tables, one query over the synced schemas. */
static int uniques(PGconn *src, struct ss_pgsync_plan *plan, struct described *d,
		   struct ss_error *err)
{
	char *arr = ss_pgsync_array(plan->schemas, plan->nschemas);
	const char *params[1] = { arr };
	char *sql = ss_xasprintf(SQL_UNIQUES, PQserverVersion(src) >= 110000 ? "indnkeyatts"
									     : "indnatts");
	PGresult *res = ss_pgsync_query(src, "source", sql, 1, params, err);

	free(sql);
	free(arr);
	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_san_table *t = find(d, PQgetvalue(res, r, 0), PQgetvalue(res, r, 1));
		const char *index = PQgetvalue(res, r, 2), *col = PQgetvalue(res, r, 3);
		struct ss_san_unique *u;

		if (!t)
			continue;
		u = t->nuniques ? (struct ss_san_unique *)&t->uniques[t->nuniques - 1] : NULL;
		if (!u || strcmp(u->name, index)) {
			t->uniques = ss_xrealloc((void *)t->uniques,
						 (t->nuniques + 1) * sizeof(*t->uniques));
			u = (struct ss_san_unique *)&t->uniques[t->nuniques++];
			memset(u, 0, sizeof(*u));
			u->name = keep(d, ss_xstrdup(index));
		}
		u->columns = ss_xrealloc((void *)u->columns, (u->ncolumns + 1) * sizeof(char *));
		((const char **)u->columns)[u->ncolumns++] = *col ? keep(d, ss_xstrdup(col)) : NULL;
	}
	PQclear(res);
	return 0;
}

int ss_pgsync_sanitize(PGconn *src, struct ss_pgsync_plan *plan, const struct ss_sanitize *rules,
		       struct ss_error *err)
{
	struct described d;
	int rc;

	memset(&d, 0, sizeof(d));
	pick(&d, plan, rules);
	rc = uniques(src, plan, &d, err);
	if (rc == 0)
		rc = ss_san_bind(rules, SS_SAN_PGSQL, d.tables, d.n, &plan->sanitize, err);
	if (rc == 0 && plan->sanitize->hashes && PQserverVersion(src) < 110000)
		rc = ss_error_set(err, SS_FAILED, "sanitize rule hash needs PostgreSQL 11 or later on"
				  " the source (sha256)");
	for (size_t i = 0; rc == 0 && i < d.n; i++)
		if (d.planned[i] && ss_san_plan_active(&plan->sanitize->plans[i]))
			d.planned[i]->san = &plan->sanitize->plans[i];
	described_release(&d);
	return rc;
}

int ss_pgsync_sanitize_session(PGconn *src, const struct ss_pgsync_plan *plan,
			       struct ss_error *err)
{
	const char *params[2];
	PGresult *res;
	int rc = 0;

	if (!plan->sanitize || !plan->sanitize->hashes)
		return 0;
	params[0] = plan->sanitize->ipad;
	params[1] = plan->sanitize->opad;
	/* bound: the pads never appear in a statement's text */
	res = PQexecParams(src, "SELECT pg_catalog.set_config('" SS_SAN_PG_IPAD "', $1, false),"
			   " pg_catalog.set_config('" SS_SAN_PG_OPAD "', $2, false)", 2, NULL,
			   params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = ss_pgsync_error(src, res, "source", err);
	PQclear(res);
	return rc;
}

int ss_pgsync_sanitize_count(PGconn *src, const struct ss_pgsync_plan *plan,
			     const struct ss_pgsync_table *t, struct ss_error *err)
{
	long long v[64];
	PGresult *res;
	char *sql;
	int n;

	if (!t->san || !t->san->count)
		return 0;
	sql = ss_xasprintf("SELECT %s FROM ONLY %s", t->san->count, t->source_name);
	res = ss_pgsync_query(src, "source", sql, 0, NULL, err);
	free(sql);
	if (!res)
		return ss_error_prefix(err, "sanitize count of table '%s.%s'", t->src->schema,
				       t->src->name);
	n = PQnfields(res) < 64 ? PQnfields(res) : 64;
	for (int i = 0; i < n && PQntuples(res) == 1; i++)
		v[i] = strtoll(PQgetvalue(res, 0, i), NULL, 10);
	if (PQntuples(res) == 1)
		ss_san_plan_counted(plan->sanitize, t->san, v, (size_t)n);
	PQclear(res);
	return 0;
}

void ss_pgsync_source_copy(struct ss_buf *q, const struct ss_pgsync_table *t, const char *range)
{
	const char *fmt = t->binary ? " (FORMAT binary)" : "";
	const struct ss_san_plan *s = t->san;

	if (!s && (!range || !*range)) {
		ss_buf_addf(q, "COPY %s (%s) TO STDOUT%s", t->source_name, t->columns, fmt);
		return;
	}
	ss_buf_addf(q, "COPY (SELECT %s FROM ONLY %s", s && s->select ? s->select : t->columns,
		    t->source_name);
	if (s && s->filter)
		ss_buf_addf(q, " WHERE (%s)%s%s", s->filter, range && *range ? " AND " : "",
			    range ? range : "");
	else if (range && *range)
		ss_buf_addf(q, " WHERE %s", range);
	ss_buf_addf(q, ") TO STDOUT%s", fmt);
}

/*
 * delta_plan.c - which tables a PostgreSQL --incremental sync compares
 * chunk by chunk, and how: the key, the chunks, the statements.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

/* Rows sampled at each end of the key for the row size and the key's density. */
#define SAMPLE_ROWS 1000
/* Below this estimate a table's rows are counted: statistics may be missing. */
#define COUNT_BELOW 1000000LL

/* Primary keys first, then unique indexes of NOT NULL columns, with no predicate. */
#define SQL_KEYS \
	"SELECT n.nspname, c.relname, (SELECT pg_catalog.array_agg(a.attname::pg_catalog.text" \
	"  ORDER BY k.ord) FROM pg_catalog.unnest(i.indkey::pg_catalog.int2[])" \
	"  WITH ORDINALITY k(attnum, ord) JOIN pg_catalog.pg_attribute a" \
	"  ON a.attrelid = i.indrelid AND a.attnum = k.attnum)" \
	" FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid" \
	" WHERE n.nspname = ANY($1::pg_catalog.text[]) AND i.indisunique AND i.indisvalid" \
	" AND i.indpred IS NULL AND i.indexprs IS NULL AND NOT EXISTS (SELECT 1" \
	"  FROM pg_catalog.unnest(i.indkey::pg_catalog.int2[]) k(attnum)" \
	"  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum" \
	"  WHERE NOT a.attnotnull)" \
	" ORDER BY 1, 2, i.indisprimary DESC, ic.relname"

static void whole(struct ss_pgsync_table *t, const char *why)
{
	t->inc.mode = SS_DELTA_WHOLE;
	t->inc.why = why;
}

static const struct ss_pg_column *column(const struct ss_pg_object *o, const char *name)
{
	for (size_t i = 0; i < o->ncols; i++)
		if (!strcmp(o->cols[i].name, name))
			return &o->cols[i];
	return NULL;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_columns(const struct ss_pg_object *a, const struct ss_pg_object *b)
{
	if (a->ncols != b->ncols)
		return 0;
	for (size_t i = 0; i < a->ncols; i++) {
		const struct ss_pg_column *x = &a->cols[i], *y = &b->cols[i];

		if (strcmp(x->name, y->name) || strcmp(x->type, y->type) ||
		    x->notnull != y->notnull || x->generated != y->generated ||
		    !same_str(x->collation, y->collation) ||
		    (x->generated && !same_str(x->def, y->def)))
			return 0;
	}
	return 1;
}

/* Nonzero when o is one of the constraints of table t that rows must meet. */
static int row_constraint(const struct ss_pg_object *o, const struct ss_pg_object *t)
{
	return o->kind == SS_PG_CONSTRAINT && o->table && strchr("cpux", o->sub) &&
	       !strcmp(o->schema, t->schema) && !strcmp(o->table, t->name);
}

/* Every row constraint of a (in ca) has its twin in cb. */
static int constraints_in(const struct ss_pg_catalog *ca, const struct ss_pg_object *a,
			  const struct ss_pg_catalog *cb, const struct ss_pg_object *b)
{
	for (size_t i = 0; i < ca->nobjs; i++) {
		const struct ss_pg_object *o = &ca->objs[i];
		int found = 0;

		if (!row_constraint(o, a))
			continue;
		for (size_t k = 0; k < cb->nobjs && !found; k++) {
			const struct ss_pg_object *p = &cb->objs[k];

			found = row_constraint(p, b) && !strcmp(o->name, p->name) &&
				o->sub == p->sub && same_str(o->def, p->def);
		}
		if (!found)
			return 0;
	}
	return 1;
}

static int same_structure(const struct ss_pg_catalog *cs, const struct ss_pg_object *s,
			  const struct ss_pg_catalog *ct, const struct ss_pg_object *t)
{
	return same_columns(s, t) && constraints_in(cs, s, ct, t) && constraints_in(ct, t, cs, s);
}

/* The target's model of the synced schemas it has; NULL (and 0) when it has none. */
static int target_model(PGconn *tgt, const struct ss_pgsync_plan *plan,
			struct ss_pg_catalog **out, struct ss_error *err)
{
	const char **names = ss_xcalloc(plan->nschemas + 1, sizeof(*names));
	size_t n = 0;
	int rc = 0;

	*out = NULL;
	for (size_t i = 0; i < plan->nschemas; i++)
		if (plan->in_target[i])
			names[n++] = plan->schemas[i];
	if (n)
		rc = ss_pg_catalog_load(tgt, names, n, out, err);
	free(names);
	return rc;
}

/* Numbers of the first row of a query (NULL: 0). */
static int numbers(PGconn *src, const char *sql, long long *v, int n, struct ss_error *err)
{
	PGresult *res = ss_pgsync_query(src, "source", sql, 0, NULL, err);

	if (!res)
		return -1;
	for (int i = 0; i < n; i++)
		v[i] = PQntuples(res) && !PQgetisnull(res, 0, i)
			       ? (long long)strtold(PQgetvalue(res, 0, i), NULL) : 0;
	PQclear(res);
	return 0;
}

/* A sample at one end of the key (order "" or " DESC"; no key: the first rows). */
static int sample(PGconn *src, const struct ss_pgsync_table *t, const char *key,
		  const char *order, long long v[4], struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	ss_buf_adds(&q, "SELECT pg_catalog.count(*), pg_catalog.min(k), pg_catalog.max(k),"
		    " pg_catalog.avg(l) FROM (SELECT ");
	if (key)
		ss_pg_add_ident(&q, key);
	else
		ss_buf_adds(&q, "0");
	ss_buf_addf(&q, "::pg_catalog.int8 AS k, pg_catalog.pg_column_size(s.*) AS l"
		    " FROM ONLY %s s", t->source_name);
	if (key) {
		ss_buf_adds(&q, " ORDER BY ");
		ss_pg_add_ident(&q, key);
		ss_buf_adds(&q, order);
	}
	ss_buf_addf(&q, " LIMIT %d) x", SAMPLE_ROWS);
	rc = numbers(src, q.data, v, 4, err);
	ss_buf_release(&q);
	return rc;
}

/*
 * Cut t in chunks: ranges of its integer leading key column as wide as
 * that key's density at its denser end needs, else hash buckets.
 */
static int chunks(PGconn *src, struct ss_pgsync_table *t, struct ss_pgdelta *d, int range,
		  struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	long long all[3], v[4], w[4], rows = t->est_rows, width;
	int rc;

	ss_buf_addf(&q, "SELECT %s", rows < COUNT_BELOW ? "pg_catalog.count(*)" : "NULL");
	if (range) {
		ss_buf_adds(&q, ", pg_catalog.min(");
		ss_pg_add_ident(&q, d->key[0]);
		ss_buf_adds(&q, ")::pg_catalog.int8, pg_catalog.max(");
		ss_pg_add_ident(&q, d->key[0]);
		ss_buf_adds(&q, ")::pg_catalog.int8");
	} else {
		ss_buf_adds(&q, ", 0, 0");
	}
	ss_buf_addf(&q, " FROM ONLY %s", t->source_name);
	rc = numbers(src, q.data, all, 3, err);
	ss_buf_release(&q);
	if (rc < 0 || sample(src, t, range ? d->key[0] : NULL, "", v, err) < 0)
		return -1;
	if (rows < COUNT_BELOW)
		rows = all[0];
	if (range) {
		width = ss_delta_range_width(ss_delta_rows_per_chunk(v[3]), v[2] - v[1], v[0]);
		if (sample(src, t, d->key[0], " DESC", w, err) < 0)
			return -1;
		w[3] = ss_delta_range_width(ss_delta_rows_per_chunk(w[3] ? w[3] : v[3]),
					    w[2] - w[1], w[0]);
		if (w[3] < width)
			width = w[3];
		if (ss_delta_spec_range(&t->inc.spec, all[1], all[2], width) == 0) {
			d->chunk = ss_pgdelta_range_sql(d->key[0], &t->inc.spec);
			return 0;
		}
	}
	ss_delta_spec_hash(&t->inc.spec, rows, v[3]);
	d->chunk = ss_pgdelta_bucket_sql(d->key, d->nkey, t->inc.spec.n);
	return 0;
}

/* type as the shadow names it (or NULL when it names no synced schema). */
static char *shadow_type(const struct ss_pgsync_plan *plan, const char *type)
{
	char *now = ss_xstrdup(type);

	for (size_t i = 0; i < plan->nschemas; i++) {
		const struct ss_pgsync_list *l = &plan->live_ext_objects[i];
		char *m = ss_pg_remap_schema(now, plan->schemas[i], plan->shadows[i]);

		free(now);
		now = m;
		if (l->n) {
			m = ss_pgsync_unmap(now, plan->shadows[i], plan->schemas[i], l->items, l->n);
			free(now);
			now = m;
		}
	}
	if (!strcmp(now, type)) {
		free(now);
		return NULL;
	}
	return now;
}

/* The target's copied columns as the shadow takes them. */
static char *copy_list(const struct ss_pgsync_plan *plan, const struct ss_pg_object *o)
{
	struct ss_buf b = SS_BUF_INIT;

	for (size_t i = 0; i < o->ncols; i++) {
		char *st;

		if (o->cols[i].generated)
			continue;
		if (b.len)
			ss_buf_addc(&b, ',');
		ss_pg_add_ident(&b, o->cols[i].name);
		st = shadow_type(plan, o->cols[i].type);
		if (st)
			ss_buf_addf(&b, "::pg_catalog.text::%s", st);
		free(st);
	}
	return ss_buf_detach(&b);
}

static int is_int(const char *type)
{
	return !strcmp(type, "smallint") || !strcmp(type, "integer") || !strcmp(type, "bigint");
}

/* Compare t chunk by chunk on key cols[0..n) (taken). */
static int describe(PGconn *src, const struct ss_pgsync_plan *plan, struct ss_pgsync_table *t,
		    char **cols, size_t n, struct ss_error *err)
{
	struct ss_pgdelta *d = ss_xcalloc(1, sizeof(*d));
	struct ss_buf list = SS_BUF_INIT;

	t->delta = d;
	d->nkey = (int)n;
	d->key = cols;
	d->type = ss_xcalloc(n + 1, sizeof(*d->type));
	for (size_t i = 0; i < n; i++) {
		const struct ss_pg_column *c = column(t->src, cols[i]);

		char *st = c ? shadow_type(plan, c->type) : NULL;

		/* a type of the synced schemas has another name in the shadow */
		if (!c || st) {
			free(st);
			whole(t, "its key's type is not compared");
			return 0;
		}
		d->type[i] = ss_xstrdup(c->type);
		if (i)
			ss_buf_addc(&list, ',');
		ss_pg_add_ident(&list, cols[i]);
	}
	d->key_list = ss_buf_detach(&list);
	d->row_hash = ss_pgdelta_hash_sql(t->src);
	d->copy_list = copy_list(plan, t->src);
	if (chunks(src, t, d, is_int(d->type[0]), err) < 0)
		return -1;
	t->inc.mode = SS_DELTA_ON;
	/* one worker compares it, whatever its size */
	free(t->bounds);
	t->bounds = NULL;
	free(t->key);
	t->key = NULL;
	t->nchunks = 1;
	return 0;
}

/* The key of each table: the first row of SQL_KEYS for it. */
static int find_keys(PGconn *src, struct ss_pgsync_plan *plan, PGresult **out,
		     struct ss_error *err)
{
	char *arr = ss_pgsync_array(plan->schemas, plan->nschemas);
	const char *params[1] = { arr };

	*out = ss_pgsync_query(src, "source", SQL_KEYS, 1, params, err);
	free(arr);
	return *out ? 0 : -1;
}

static int key_row(PGresult *keys, const struct ss_pgsync_table *t)
{
	for (int r = 0; r < PQntuples(keys); r++)
		if (!strcmp(PQgetvalue(keys, r, 0), t->src->schema) &&
		    !strcmp(PQgetvalue(keys, r, 1), t->src->name))
			return r;
	return -1;
}

int ss_pgsync_plan_incremental(PGconn *src, PGconn *tgt, struct ss_pgsync_plan *plan,
			       struct ss_error *err)
{
	struct ss_pg_catalog *tcat = NULL;
	PGresult *keys = NULL;
	int rc = -1;

	if (!plan->incremental)
		return 0;
	if ((tgt && target_model(tgt, plan, &tcat, err) < 0) || find_keys(src, plan, &keys, err) < 0)
		goto out;
	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_pgsync_table *t = &plan->tables[i];
		char *k = ss_xasprintf("%s.%s", t->src->schema, t->src->name);
		const struct ss_pg_object *tt = tcat ? ss_pg_catalog_find(tcat, SS_PG_TABLE, k) : NULL;
		int r = key_row(keys, t);
		char **cols = NULL;
		size_t n = 0;

		free(k);
		if (t->structure_only)
			continue;
		if (!tt)
			whole(t, "new on the source");
		else if (t->san)
			whole(t, SS_DELTA_WHY_SANITIZE);
		else if (!same_structure(plan->source, t->src, tcat, tt))
			whole(t, "its structure differs");
		else if (r >= 0)
			cols = ss_pg_parse_array(PQgetvalue(keys, r, 2), &n);
		if (t->inc.mode == SS_DELTA_OFF && !n)
			whole(t, "it has no primary or not-null unique key");
		if (t->inc.mode != SS_DELTA_OFF) {
			for (size_t c = 0; c < n; c++)
				free(cols[c]);
			free(cols);
		} else if (describe(src, plan, t, cols, n, err) < 0) {
			ss_error_prefix(err, "table '%s.%s'", t->src->schema, t->src->name);
			goto out;
		}
	}
	rc = 0;
out:
	PQclear(keys);
	if (tcat)
		ss_pg_catalog_free(tcat);
	return rc;
}

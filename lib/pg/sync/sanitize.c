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

/* o's columns into t (names and types stay the model's). */
static void describe_columns(struct ss_san_tables *d, const struct ss_pg_object *o,
			     struct ss_san_table *t)
{
	for (size_t i = 0; i < o->ncols; i++) {
		const struct ss_pg_column *pc = &o->cols[i];
		struct ss_san_column *c = ss_san_tables_column(d, t, pc->name);

		c->sqltype = pc->type;
		c->type = ss_san_pg_type(pc->type, &c->length, &c->int_max);
		c->notnull = pc->notnull;
		c->generated = pc->generated != 0;
	}
}

/*
 * Every table of the source a rule names, itself or through a parent
 * (partitions follow theirs); copied when the plan copies its rows.
 */
static void pick(struct ss_san_tables *d, struct ss_pgsync_plan *plan,
		 const struct ss_sanitize *rules)
{
	const struct ss_pg_catalog *cat = plan->source;

	for (size_t i = 0; i < cat->nobjs; i++) {
		const struct ss_pg_object *o = &cat->objs[i];
		const char **parents;
		struct ss_pgsync_table *t;
		struct ss_san_table *st;

		if (o->kind != SS_PG_TABLE)
			continue;
		parents = ss_xcalloc(o->nparents + 1, sizeof(*parents));
		for (size_t p = 0; p < o->nparents; p++) {
			char *name = unquote(o->parents[p]);

			parents[p] = ss_san_tables_keep(d, name);
			free(name);
		}
		if (!ss_san_matches(rules, o->schema, o->name, parents, o->nparents)) {
			free(parents);
			continue;
		}
		t = ss_pgsync_find_table(plan, o->schema, o->name);
		st = ss_san_tables_add(d, o->schema, o->name, t ? &t->san : NULL,
				       t && !t->structure_only);
		st->est_rows = t ? t->est_rows : 0;
		st->parents = parents;
		st->nparents = o->nparents;
		describe_columns(d, o, st);
	}
}

/* The unique indexes of the picked tables, one query over the synced schemas. */
static int uniques(PGconn *src, struct ss_pgsync_plan *plan, struct ss_san_tables *d,
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
		struct ss_san_table *t = ss_san_tables_find(d, PQgetvalue(res, r, 0),
							    PQgetvalue(res, r, 1));

		if (t)
			ss_san_tables_unique(d, t, PQgetvalue(res, r, 2), PQgetvalue(res, r, 3));
	}
	PQclear(res);
	return 0;
}

int ss_pgsync_sanitize(PGconn *src, struct ss_pgsync_plan *plan, const struct ss_sanitize *rules,
		       struct ss_error *err)
{
	struct ss_san_tables d = { 0 };

	pick(&d, plan, rules);
	if (uniques(src, plan, &d, err) < 0) {
		ss_san_tables_release(&d);
		return -1;
	}
	if (ss_san_tables_bind(rules, SS_SAN_PGSQL, &d, &plan->sanitize, err) < 0)
		return -1;
	if (plan->sanitize->hashes && PQserverVersion(src) < 110000)
		return ss_error_set(err, SS_FAILED, "sanitize rule hash needs PostgreSQL 11 or later"
				    " on the source (sha256)");
	/* a truncated table is copied as structure only: no query reads it */
	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_pgsync_table *t = &plan->tables[i];

		if (!t->san || !t->san->truncate || t->structure_only)
			continue;
		t->structure_only = 1;
		t->nchunks = 0;
		plan->est_rows -= t->est_rows;
		plan->est_bytes -= t->est_bytes;
	}
	return 0;
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

/*
 * delta_sql.c - the statements of a PostgreSQL incremental sync.
 *
 * A row's canonical text is the text of the record of its copied columns,
 * ROW(a, b, ...)::text: a NULL is nothing between its commas, "" is two
 * quotes, and quoting tells where each value ends, so two different rows
 * never have the same text.  Values that may be long (text, bytea, JSON,
 * arrays, types of other schemas) come as the MD5 of their text instead,
 * which keeps the record small however big they are.  The sessions of both
 * sides print values the same way (DateStyle, IntervalStyle, TimeZone,
 * extra_float_digits, bytea_output: see copy.c).  The row's hash is the MD5
 * of that text; a chunk's checksum is two sums of 32-bit pieces of its
 * rows' hashes, with its row count: two different chunks have the same
 * checksum with a chance of about 2^-64.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

/* Types whose values stay short: in the record as they are. */
static int short_type(const char *type)
{
	static const char *const prefixes[] = {
		"smallint", "integer", "bigint", "numeric", "real", "double precision", "boolean",
		"date", "time ", "time(", "timestamp", "interval", "uuid", "money", "oid",
		"inet", "cidr", "macaddr", "\"char\"", "bit(", "bit varying(", "character(",
		NULL
	};
	const char *paren;

	if (!strcmp(type, "time"))
		return 1;
	for (int i = 0; prefixes[i]; i++)
		if (!strncmp(type, prefixes[i], strlen(prefixes[i])))
			return !strchr(type, '[');
	/* character varying(n) with a small n */
	if (!strncmp(type, "character varying(", 18) && !strchr(type, '[')) {
		paren = type + 18;
		return atoi(paren) <= 255;
	}
	return 0;
}

char *ss_pgdelta_hash_sql(const struct ss_pg_object *o)
{
	struct ss_buf b = SS_BUF_INIT;
	int n = 0;

	ss_buf_adds(&b, "pg_catalog.md5(ROW(");
	for (size_t i = 0; i < o->ncols; i++) {
		const struct ss_pg_column *c = &o->cols[i];

		if (c->generated)
			continue;
		ss_buf_adds(&b, n++ ? ", " : "");
		if (short_type(c->type)) {
			ss_pg_add_ident(&b, c->name);
			continue;
		}
		ss_buf_adds(&b, "pg_catalog.md5(");
		ss_pg_add_ident(&b, c->name);
		ss_buf_adds(&b, "::pg_catalog.text)");
	}
	/* a table of generated columns only: an empty record */
	ss_buf_adds(&b, ")::pg_catalog.text)");
	return ss_buf_detach(&b);
}

char *ss_pgdelta_bucket_sql(char *const *key, int nkey, long long n)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_adds(&b, "((('x' || pg_catalog.substr(pg_catalog.md5(ROW(");
	for (int i = 0; i < nkey; i++) {
		ss_buf_adds(&b, i ? ", " : "");
		ss_pg_add_ident(&b, key[i]);
	}
	ss_buf_addf(&b, ")::pg_catalog.text), 1, 8))::pg_catalog.bit(32)::pg_catalog.int4"
		    " & 2147483647) %% %lld)::pg_catalog.int8", n);
	return ss_buf_detach(&b);
}

char *ss_pgdelta_range_sql(const char *key, const struct ss_delta_spec *s)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_adds(&b, "CASE WHEN ");
	ss_pg_add_ident(&b, key);
	ss_buf_addf(&b, " < (%lld)::pg_catalog.int8 THEN (-1)::pg_catalog.int8 WHEN ", s->lo);
	ss_pg_add_ident(&b, key);
	ss_buf_addf(&b, " >= (%lld)::pg_catalog.int8 THEN (%lld)::pg_catalog.int8 ELSE (",
		    s->lo + s->n * s->width, s->n);
	ss_pg_add_ident(&b, key);
	ss_buf_addf(&b, "::pg_catalog.int8 - (%lld)::pg_catalog.int8) / %lld END", s->lo,
		    s->width);
	return ss_buf_detach(&b);
}

void ss_pgdelta_sums_sql(struct ss_buf *q, const struct ss_pgdelta *d, const char *qname)
{
	/* OFFSET 0 keeps the subquery whole: each row's hash is computed once */
	ss_buf_adds(q, "SELECT c, pg_catalog.count(*),"
		    " pg_catalog.sum(('x' || pg_catalog.substr(h, 1, 8))::pg_catalog.bit(32)"
		    "::pg_catalog.int4)::pg_catalog.text || '/' ||"
		    " pg_catalog.sum(('x' || pg_catalog.substr(h, 9, 8))::pg_catalog.bit(32)"
		    "::pg_catalog.int4)::pg_catalog.text");
	ss_buf_addf(q, " FROM (SELECT %s AS c, %s AS h FROM ONLY %s OFFSET 0) s"
		    " GROUP BY 1 ORDER BY 1", d->chunk, d->row_hash, qname);
}

void ss_pgdelta_rows_sql(struct ss_buf *q, const struct ss_pgdelta *d,
			 const struct ss_delta_spec *s, const char *qname, const long long *ids,
			 size_t n)
{
	struct ss_buf col = SS_BUF_INIT;

	ss_buf_addf(q, "SELECT %s, pg_catalog.substr(%s, 1, 16) FROM ONLY %s WHERE ", d->key_list,
		    d->row_hash, qname);
	ss_pg_add_ident(&col, d->key[0]);
	ss_delta_chunk_filter(q, s, col.data, "::pg_catalog.int8", d->chunk, ids, n);
	ss_buf_release(&col);
}

/* Key column i's value as a literal of its type. */
static void add_value(struct ss_buf *q, const struct ss_pgdelta *d, int i, const char *p,
		      size_t n)
{
	char *v = ss_xstrndup(p, n);

	ss_buf_addc(q, '(');
	ss_pg_add_literal(q, v);
	ss_buf_addf(q, ")::%s", d->type[i]);
	free(v);
}

void ss_pgdelta_keys_sql(struct ss_buf *q, const struct ss_pgdelta *d,
			 const struct ss_delta_keys *keys, size_t *off, size_t max)
{
	size_t start = q->len, next = *off;
	const char *packed;
	long long count = 0;
	size_t len;

	ss_buf_addf(q, "%s%s%s IN (", d->nkey > 1 ? "(" : "", d->key_list, d->nkey > 1 ? ")" : "");
	while (q->len - start < max && ss_delta_keys_next(keys, &next, &packed, &len)) {
		ss_buf_adds(q, count ? ", " : "");
		if (d->nkey > 1)
			ss_buf_addc(q, '(');
		for (int i = 0; i < d->nkey; i++) {
			const char *p = "";
			size_t n = 0;

			/* keys are NOT NULL: a missing field cannot come */
			ss_delta_unpack(packed, len, i, &p, &n);
			ss_buf_adds(q, i ? ", " : "");
			add_value(q, d, i, p, n);
		}
		if (d->nkey > 1)
			ss_buf_addc(q, ')');
		count++;
		*off = next;
	}
	ss_buf_addc(q, ')');
}

void ss_pgdelta_free(struct ss_pgdelta *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->nkey; i++) {
		free(d->key[i]);
		free(d->type[i]);
	}
	free(d->key);
	free(d->type);
	free(d->key_list);
	free(d->row_hash);
	free(d->chunk);
	free(d->copy_list);
	free(d);
}

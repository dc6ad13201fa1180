/*
 * delta_sql.c - the statements of a MySQL/MariaDB incremental sync.
 *
 * A row's canonical bytes are two parts joined by '|': the byte lengths of
 * its values, comma-separated, 'N' for a NULL; then its values one after
 * the other, each cast to BINARY (the stored bytes: no character set
 * conversion, numbers and dates in their text form, the form the copy
 * moves).  The lengths say where each value ends, so two different rows
 * never have the same bytes, and NULL differs from ''.  A value that may be
 * long (text, blobs, JSON, long strings) longer than long_over bytes comes
 * as the 32 hex digits of its MD5 instead: its length says which it is, and
 * every value fits however big, the whole staying far below
 * max_allowed_packet (string functions give NULL above it).  The row's hash
 * is the MD5 of those bytes; a chunk's checksum is the XOR of the first 64
 * bits of its rows' hashes (with its row count: the rows of a chunk all
 * have different keys, so no two equal rows cancel out).  Two different
 * chunks have the same sum with a chance of 2^-64, rows 2^-64 too.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

/* String columns up to this size are included as they are. */
#define SHORT_BYTES 1024

static const struct ss_my_column *column(const struct ss_my_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (!strcmp(t->columns[i].name, name))
			return &t->columns[i];
	return NULL;
}

/* Types whose values may be long (strings have max_bytes instead). */
static int long_type(const char *type)
{
	static const char *const types[] = {
		"json", "geometry", "point", "linestring", "polygon", "multipoint",
		"multilinestring", "multipolygon", "geometrycollection", NULL
	};

	for (int i = 0; types[i]; i++)
		if (!strcmp(type, types[i]))
			return 1;
	return 0;
}

int ss_mydelta_long_column(const struct ss_my_column *c)
{
	return c->max_bytes > SHORT_BYTES || long_type(c->data_type);
}

/* The canonical bytes of cols (see the top of this file), as an expression. */
static void canonical(struct ss_buf *b, const struct ss_my_table *t, const char *const *cols,
		      size_t n, long long long_over)
{
	ss_buf_adds(b, "CONCAT(CONCAT_WS(','");
	for (size_t i = 0; i < n; i++) {
		ss_buf_adds(b, ", IFNULL(LENGTH(");
		ss_my_add_ident(b, cols[i]);
		ss_buf_adds(b, "), 'N')");
	}
	ss_buf_adds(b, "), '|'");
	for (size_t i = 0; i < n; i++) {
		const struct ss_my_column *c = column(t, cols[i]);
		int nullable = !c || c->nullable;

		ss_buf_adds(b, nullable ? ", IFNULL(" : ", ");
		if (c && ss_mydelta_long_column(c)) {
			ss_buf_adds(b, "IF(LENGTH(");
			ss_my_add_ident(b, cols[i]);
			ss_buf_addf(b, ") > %lld, MD5(", long_over);
			ss_my_add_ident(b, cols[i]);
			ss_buf_adds(b, "), CAST(");
			ss_my_add_ident(b, cols[i]);
			ss_buf_adds(b, " AS BINARY))");
		} else {
			ss_buf_adds(b, "CAST(");
			ss_my_add_ident(b, cols[i]);
			ss_buf_adds(b, " AS BINARY)");
		}
		if (nullable)
			ss_buf_adds(b, ", '')");
	}
	ss_buf_adds(b, ")");
}

char *ss_mydelta_hash_sql(const struct ss_my_table *t, const char *const *cols, size_t ncols,
			  long long long_over)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_adds(&b, "MD5(");
	canonical(&b, t, cols, ncols, long_over);
	ss_buf_adds(&b, ")");
	return ss_buf_detach(&b);
}

char *ss_mydelta_bucket_sql(const struct ss_my_table *t, const char *const *cols, size_t ncols,
			    long long long_over, long long n)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_adds(&b, "CRC32(");
	canonical(&b, t, cols, ncols, long_over);
	ss_buf_addf(&b, ") %% %lld", n);
	return ss_buf_detach(&b);
}

char *ss_mydelta_range_sql(const char *key, const struct ss_delta_spec *s)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_adds(&b, "CASE WHEN ");
	ss_my_add_ident(&b, key);
	ss_buf_addf(&b, " < (%lld) THEN -1 WHEN ", s->lo);
	ss_my_add_ident(&b, key);
	ss_buf_addf(&b, " >= (%lld) THEN %lld ELSE (", s->lo + s->n * s->width, s->n);
	ss_my_add_ident(&b, key);
	ss_buf_addf(&b, " - (%lld)) DIV %lld END", s->lo, s->width);
	return ss_buf_detach(&b);
}

void ss_mydelta_sums_sql(struct ss_buf *q, const struct ss_mydelta *d, const char *db,
			 const char *table)
{
	ss_buf_addf(q, "SELECT %s, COUNT(*), LPAD(HEX(BIT_XOR(CONV(LEFT(%s, 16), 16, 10))),"
		    " 16, '0') FROM ", d->chunk, d->row_hash);
	ss_my_add_qualified(q, db, table);
	ss_buf_adds(q, " GROUP BY 1 ORDER BY 1");
}

void ss_mydelta_rows_sql(struct ss_buf *q, const struct ss_mydelta *d,
			 const struct ss_delta_spec *s, const char *db, const char *table,
			 const long long *ids, size_t n)
{
	struct ss_buf col = SS_BUF_INIT;

	ss_buf_addf(q, "SELECT %s, UNHEX(LEFT(%s, 16)) FROM ", d->key_list, d->row_hash);
	ss_my_add_qualified(q, db, table);
	ss_buf_adds(q, " WHERE ");
	ss_my_add_ident(&col, d->key[0]);
	ss_delta_chunk_filter(q, s, col.data, "", d->chunk, ids, n);
	ss_buf_release(&col);
}

static int only(const char *p, size_t n, const char *allowed)
{
	for (size_t i = 0; i < n; i++)
		if (!p[i] || !strchr(allowed, p[i]))
			return 0;
	return n > 0;
}

static void add_hex(struct ss_buf *q, const char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	ss_buf_adds(q, "X'");
	for (size_t i = 0; i < n; i++) {
		ss_buf_addc(q, hex[(unsigned char)p[i] >> 4]);
		ss_buf_addc(q, hex[(unsigned char)p[i] & 15]);
	}
	ss_buf_addc(q, '\'');
}

/* Key column i's value p[0..n) as a literal. */
static int add_literal(struct ss_buf *q, const struct ss_mydelta *d, int i, const char *p,
		       size_t n, struct ss_error *err)
{
	switch (d->kind[i]) {
	case SS_MYKEY_NUM:
		if (!only(p, n, "0123456789+-.eE"))
			break;
		ss_buf_add(q, p, n);
		return 0;
	case SS_MYKEY_TEMPORAL:
		if (!only(p, n, "0123456789 :.-"))
			break;
		ss_buf_addc(q, '\'');
		ss_buf_add(q, p, n);
		ss_buf_addc(q, '\'');
		return 0;
	case SS_MYKEY_STR:
		ss_buf_addf(q, "_%s ", d->charset[i]);
		add_hex(q, p, n);
		return 0;
	case SS_MYKEY_BIN:
		add_hex(q, p, n);
		return 0;
	}
	return ss_error_set(err, SS_FAILED, "key column '%s': unexpected value '%.*s'", d->key[i],
			    (int)(n > 40 ? 40 : n), p);
}

int ss_mydelta_keys_sql(struct ss_buf *q, const struct ss_mydelta *d,
			const struct ss_delta_keys *keys, size_t *off, size_t max,
			struct ss_error *err)
{
	size_t start = q->len, next = *off;
	const char *packed;
	long long count = 0;
	size_t len;

	if (d->nkey == 1) {
		ss_my_add_ident(q, d->key[0]);
		ss_buf_adds(q, " IN (");
	}
	while (q->len - start < max && ss_delta_keys_next(keys, &next, &packed, &len)) {
		ss_buf_adds(q, count ? (d->nkey == 1 ? "," : " OR ") : "");
		if (d->nkey > 1)
			ss_buf_addc(q, '(');
		for (int i = 0; i < d->nkey; i++) {
			const char *p;
			size_t n;

			if (ss_delta_unpack(packed, len, i, &p, &n) < 0)
				return ss_error_set(err, SS_FAILED, "key column '%s' is NULL",
						    d->key[i]);
			if (d->nkey > 1) {
				ss_buf_adds(q, i ? " AND " : "");
				ss_my_add_ident(q, d->key[i]);
				ss_buf_adds(q, " = ");
			}
			if (add_literal(q, d, i, p, n, err) < 0)
				return -1;
		}
		if (d->nkey > 1)
			ss_buf_addc(q, ')');
		count++;
		*off = next;
	}
	if (d->nkey == 1)
		ss_buf_addc(q, ')');
	return 0;
}

void ss_mydelta_free(struct ss_mydelta *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->nkey; i++) {
		free(d->key[i]);
		free(d->charset[i]);
	}
	free(d->key);
	free(d->kind);
	free(d->charset);
	free(d->key_list);
	free(d->row_hash);
	free(d->chunk);
	free(d->auto_increment);
	free(d);
}

/* ranges.c - the sizes of a PostgreSQL sync's tables and the ranges big ones are split in. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

/* Tables above this size (or the run's total / 4 jobs) are split in ranges. */
#define CHUNK_MIN_BYTES (16LL << 20)
#define MAX_CHUNKS 64

#define SQL_SIZES \
	"SELECT n.nspname, c.relname, c.reltuples::bigint, pg_catalog.pg_table_size(c.oid)" \
	" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'r'"

#define SQL_KEY \
	"SELECT a.attname FROM pg_catalog.pg_index i" \
	" JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]" \
	" WHERE i.indrelid = $1::pg_catalog.regclass AND i.indisprimary" \
	" AND a.atttypid IN (20, 21, 23)"

static int by_size_desc(const void *a, const void *b)
{
	const struct ss_pgsync_table *x = a, *y = b;

	return x->est_bytes < y->est_bytes ? 1 : x->est_bytes > y->est_bytes ? -1 : 0;
}

int ss_pgsync_estimate(PGconn *src, struct ss_pgsync_plan *plan, struct ss_error *err)
{
	char *arr = ss_pgsync_array(plan->schemas, plan->nschemas);
	const char *params[1] = { arr };
	PGresult *res = ss_pgsync_query(src, "source", SQL_SIZES, 1, params, err);

	free(arr);
	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pgsync_table *t = ss_pgsync_find_table(plan, PQgetvalue(res, r, 0),
						       PQgetvalue(res, r, 1));

		if (!t || t->structure_only)
			continue;
		t->est_rows = strtoll(PQgetvalue(res, r, 2), NULL, 10);
		if (t->est_rows < 0)
			t->est_rows = 0;
		t->est_bytes = strtoll(PQgetvalue(res, r, 3), NULL, 10);
		plan->est_rows += t->est_rows;
		plan->est_bytes += t->est_bytes;
	}
	PQclear(res);
	qsort(plan->tables, plan->ntables, sizeof(*plan->tables), by_size_desc);
	return 0;
}


/*
 * Split t into n ranges of equal width: of its blocks where TID range
 * scans read each range alone (PostgreSQL >= 14), else of the first column
 * of its primary key when an integer.
 */
static int split_table(PGconn *src, struct ss_pgsync_table *t, int n, struct ss_error *err)
{
	const char *params[1] = { t->source_name };
	struct ss_buf q = SS_BUF_INIT;
	int by_blocks = PQserverVersion(src) >= 140000;
	PGresult *res = by_blocks ? NULL : ss_pgsync_query(src, "source", SQL_KEY, 1, params, err);
	long long min, max;

	if (!res && !by_blocks)
		return -1;
	if (res && PQntuples(res) == 1) {
		t->key = ss_xstrdup(PQgetvalue(res, 0, 0));
		ss_buf_adds(&q, "SELECT pg_catalog.min(");
		ss_pg_add_ident(&q, t->key);
		ss_buf_adds(&q, ")::text, pg_catalog.max(");
		ss_pg_add_ident(&q, t->key);
		ss_buf_addf(&q, ")::text FROM ONLY %s", t->source_name);
	} else if (by_blocks) {
		ss_buf_adds(&q, "SELECT 0, (pg_catalog.pg_relation_size(");
		ss_pg_add_literal(&q, t->source_name);
		ss_buf_adds(&q, "::pg_catalog.regclass)"
			    " / pg_catalog.current_setting('block_size')::int - 1)::text");
	}
	PQclear(res);
	if (!q.len)
		return 0;
	res = ss_pgsync_query(src, "source", q.data, 0, NULL, err);
	ss_buf_release(&q);
	if (!res)
		return -1;
	if (!PQgetisnull(res, 0, 0)) {
		min = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		max = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
		t->bounds = ss_xcalloc((size_t)n, sizeof(long long));
		t->nchunks = ss_pgsync_split_range(min, max, n, t->bounds);
	}
	PQclear(res);
	return 0;
}

int ss_pgsync_plan_ranges(PGconn *src, struct ss_pgsync_plan *plan, int jobs, struct ss_error *err)
{
	long long chunk = plan->est_bytes / (jobs > 0 ? 4 * jobs : 4);

	if (chunk < CHUNK_MIN_BYTES)
		chunk = CHUNK_MIN_BYTES;
	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_pgsync_table *t = &plan->tables[i];
		long long n = t->est_bytes / chunk + 1;

		if (t->structure_only || n < 2 || jobs < 2)
			continue;
		if (split_table(src, t, n > MAX_CHUNKS ? MAX_CHUNKS : (int)n, err) < 0)
			return -1;
	}
	return 0;
}


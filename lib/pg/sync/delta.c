/*
 * delta.c - a worker brings one table's shadow to the source's rows by
 * moving only what differs (--incremental), as lib/mysql/sync/delta.c does:
 *
 *   1. the source sums up its chunks (from the exported snapshot) while the
 *      target copies its current table into the shadow (no bytes on the
 *      link) and sums up the shadow's chunks; both streams are merged;
 *   2. in batches of the chunks that differ: the source lists its rows'
 *      keys and hashes, the shadow its own; rows only in the shadow or
 *      different are deleted, rows only on the source or different are
 *      streamed from the source with COPY like a full copy's, by key.
 *
 * When most chunks differ, or when the keys a batch deletes or loads do not
 * all match back, the shadow is emptied and the table streamed whole.  The
 * shadow has no keys yet (they come after the data, as for a full copy).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/sync/internal.h"

struct delta {
	struct ss_pgrun *run;
	struct ss_pgsync_table *t;
	int wi;
	PGconn *src, *tgt;
	struct ss_buf q;
};

static int interrupted(const struct delta *x, struct ss_error *err)
{
	if (atomic_load(&x->run->s.abort))
		return ss_error_set(err, SS_FAILED, "interrupted");
	return 0;
}

/* Stop what conn runs and read what is left (after a failure). */
static void drain(PGconn *conn)
{
	PGcancel *c = PQgetCancel(conn);
	PGresult *res;
	char buf[256];

	if (c) {
		PQcancel(c, buf, sizeof(buf));
		PQfreeCancel(c);
	}
	while ((res = PQgetResult(conn)))
		PQclear(res);
}

/* Send sql on conn, its rows to come one at a time. */
static int send_rows(PGconn *conn, const char *who, const char *sql, struct ss_error *err)
{
	if (!PQsendQuery(conn, sql) || !PQsetSingleRowMode(conn))
		return ss_pgsync_error(conn, NULL, who, err);
	return 0;
}

/*
 * The next row of a statement sent by send_rows(): 1 with *row (the
 * caller PQclear()s it), 0 at the end, -1 with err.
 */
static int next_row(PGconn *conn, const char *who, PGresult **row, struct ss_error *err)
{
	PGresult *res = PQgetResult(conn);

	*row = NULL;
	if (!res)
		return 0;
	if (PQresultStatus(res) == PGRES_SINGLE_TUPLE) {
		*row = res;
		return 1;
	}
	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		PQclear(res);
		while ((res = PQgetResult(conn)))
			PQclear(res);
		return 0;
	}
	ss_pgsync_error(conn, res, who, err);
	PQclear(res);
	drain(conn);
	return -1;
}

/* One side's chunk sums, read as ss_delta_compare asks. */
struct sums {
	PGconn *conn;
	const char *who;
	atomic_llong *bytes;        /* what was read, or NULL */
	int done;
};

static int next_sum(void *arg, struct ss_delta_sum *out, struct ss_error *err)
{
	struct sums *s = arg;
	PGresult *row;
	int rc = next_row(s->conn, s->who, &row, err);

	if (rc <= 0) {
		s->done = 1;
		return rc;
	}
	out->id = strtoll(PQgetvalue(row, 0, 0), NULL, 10);
	out->rows = strtoll(PQgetvalue(row, 0, 1), NULL, 10);
	snprintf(out->sum, sizeof(out->sum), "%s", PQgetvalue(row, 0, 2));
	if (s->bytes)
		atomic_fetch_add(s->bytes, (long long)(PQgetlength(row, 0, 0) +
						       PQgetlength(row, 0, 1) +
						       PQgetlength(row, 0, 2) + 5));
	PQclear(row);
	return 1;
}

/* The target copies its current table into the shadow. */
static int copy_target(struct delta *x, struct ss_error *err)
{
	ss_buf_reset(&x->q);
	ss_buf_addf(&x->q, "INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM ONLY %s",
		    x->t->shadow_name, x->t->columns, x->t->delta->copy_list, x->t->source_name);
	if (ss_pgsync_exec(x->tgt, "target", x->q.data, err) < 0)
		return ss_error_prefix(err, "copying the target's rows");
	return 0;
}

/* Step 1: the source's sums are asked for first; the target copies and sums up meanwhile. */
static int compare_chunks(void *arg, struct ss_delta_ids *differ, long long *compared,
			  struct ss_error *err)
{
	struct delta *x = arg;
	struct sums a = { x->src, "source", &x->t->inc.compare_bytes, 0 };
	struct sums b = { x->tgt, "target", NULL, 0 };
	int rc = -1;

	ss_buf_reset(&x->q);
	ss_pgdelta_sums_sql(&x->q, x->t->delta, x->t->source_name);
	if (send_rows(x->src, "source", x->q.data, err) < 0)
		return -1;
	if (copy_target(x, err) < 0 || interrupted(x, err) < 0)
		goto out;
	ss_buf_reset(&x->q);
	ss_pgdelta_sums_sql(&x->q, x->t->delta, x->t->shadow_name);
	if (send_rows(x->tgt, "target", x->q.data, err) < 0)
		goto out;
	rc = ss_delta_compare(next_sum, &a, next_sum, &b, differ, compared, err);
out:
	if (!a.done)
		drain(x->src);
	if (!b.done)
		drain(x->tgt);
	return rc;
}

/* The shadow emptied and the table streamed whole. */
static int reload_whole(void *arg, struct ss_error *err)
{
	struct delta *x = arg;

	ss_buf_reset(&x->q);
	ss_buf_addf(&x->q, "TRUNCATE %s", x->t->shadow_name);
	if (ss_pgsync_exec(x->tgt, "target", x->q.data, err) < 0)
		return -1;
	return ss_pgworker_load(x->run, x->wi, x->t, NULL, NULL, err);
}

/* The key fields and hash of a row of a rows statement into f[], l[]. */
static void row_fields(const PGresult *res, int r, int nkey, const char **f, size_t *l)
{
	for (int i = 0; i <= nkey; i++) {
		f[i] = PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
		l[i] = (size_t)PQgetlength(res, r, i);
	}
}

/* The source's rows of a batch of chunks into rows (key, hash). */
static int read_source_rows(struct delta *x, struct ss_delta_rows *rows, const char **f,
			    size_t *l, struct ss_error *err)
{
	int nkey = x->t->delta->nkey, rc;
	PGresult *row;

	while ((rc = next_row(x->src, "source", &row, err)) > 0) {
		long long bytes = 5;

		row_fields(row, 0, nkey, f, l);
		for (int i = 0; i <= nkey; i++)
			bytes += (long long)l[i] + 4;
		ss_delta_rows_add(rows, f, l, nkey, f[nkey] ? f[nkey] : "", l[nkey]);
		atomic_fetch_add(&x->t->inc.compare_bytes, bytes);
		PQclear(row);
	}
	return rc;
}

/*
 * Step 2 for the chunks ids[0..n): the source lists its rows while the
 * shadow lists its own; what differs goes into gone and fetch.
 */
static int compare_rows(void *arg, const long long *ids, size_t n, struct ss_delta_rows *rows,
			struct ss_delta_keys *gone, struct ss_delta_keys *fetch, struct ss_error *err)
{
	struct delta *x = arg;
	const struct ss_pgdelta *d = x->t->delta;
	const char **f = ss_xcalloc((size_t)d->nkey + 1, sizeof(*f));
	size_t *l = ss_xcalloc((size_t)d->nkey + 1, sizeof(*l));
	struct ss_buf packed = SS_BUF_INIT;
	PGresult *res = NULL;
	int rc = -1;

	ss_buf_reset(&x->q);
	ss_pgdelta_rows_sql(&x->q, d, &x->t->inc.spec, x->t->source_name, ids, n);
	if (send_rows(x->src, "source", x->q.data, err) < 0)
		goto out;
	ss_buf_reset(&x->q);
	ss_pgdelta_rows_sql(&x->q, d, &x->t->inc.spec, x->t->shadow_name, ids, n);
	res = ss_pgsync_query(x->tgt, "target", x->q.data, 0, NULL, err);
	if (!res) {
		drain(x->src);
		goto out;
	}
	if (read_source_rows(x, rows, f, l, err) < 0)
		goto out;
	for (int r = 0; r < PQntuples(res); r++) {
		row_fields(res, r, d->nkey, f, l);
		if (!ss_delta_rows_check(rows, f, l, d->nkey, f[d->nkey] ? f[d->nkey] : "",
					 l[d->nkey]))
			continue;
		ss_buf_reset(&packed);
		ss_delta_pack(&packed, f, l, d->nkey);
		ss_delta_keys_add(gone, packed.data, packed.len);
	}
	ss_delta_rows_unmatched(rows, fetch);
	rc = 0;
out:
	PQclear(res);
	ss_buf_release(&packed);
	free(f);
	free(l);
	return rc;
}

static int keys_sql(void *arg, struct ss_buf *q, const struct ss_delta_keys *keys,
		    size_t *off, size_t max, struct ss_error *err)
{
	struct delta *x = arg;
	(void)err;
	ss_pgdelta_keys_sql(q, x->t->delta, keys, off, max);
	return 0;
}

static int delete_where(void *arg, const char *where, long long *n, struct ss_error *err)
{
	struct delta *x = arg;
	PGresult *res;
	int rc = 0;

	ss_buf_reset(&x->q);
	ss_buf_addf(&x->q, "DELETE FROM ONLY %s WHERE %s", x->t->shadow_name, where);
	res = PQexec(x->tgt, x->q.data);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = ss_pgsync_error(x->tgt, res, "target", err);
	else
		*n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return rc;
}

static int load_where(void *arg, const char *where, long long *n, struct ss_error *err)
{
	struct delta *x = arg;

	return ss_pgworker_load(x->run, x->wi, x->t, where, n, err);
}

int ss_pgdelta_table(struct ss_pgrun *run, int wi, struct ss_pgsync_table *t,
		     struct ss_error *err)
{
	static const struct ss_delta_ops ops = {
		compare_chunks, compare_rows, keys_sql, delete_where, load_where, reload_whole,
	};
	struct delta x = {
		.run = run, .t = t, .wi = wi, .src = run->c->wsrc[wi], .tgt = run->c->wtgt[wi],
		.q = SS_BUF_INIT,
	};
	int rc = ss_delta_run(&ops, &x, &t->inc, t->est_rows, &run->s.abort, err);

	ss_buf_release(&x.q);
	return rc;
}

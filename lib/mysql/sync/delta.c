/*
 * delta.c - a worker brings one table's shadow to the source's rows by
 * moving only what differs (--incremental):
 *
 *   1. the source sums up its chunks (from the snapshot) while the target
 *      server copies its current table into the shadow (no bytes on the
 *      link), then sums up the shadow's chunks; the two are merged;
 *   2. in batches of the chunks that differ: the source lists its rows'
 *      keys and hashes, the shadow its own; rows only in the shadow or
 *      different are deleted, rows only on the source or different are
 *      streamed from the source like a full copy's, by key;
 *   3. the shadow gets the source's AUTO_INCREMENT back.
 *
 * When most chunks differ, or when the keys a batch deletes or loads do not
 * all match back, the shadow is emptied and the table streamed whole.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

/* What one table's comparison holds. */
struct delta {
	struct ss_myrun *run;
	struct ss_mysync_table *t;
	int wi;                     /* the worker */
	MYSQL *src, *tgt;
	char *shadow;               /* the shadow table's name (prefixed) */
	struct ss_buf q;
};

/* A failed statement left a result unread: the connection goes, the free returns at once. */
static void drop_result(MYSQL *m, MYSQL_RES *res, int complete)
{
	if (!complete) {
		my_socket s = mysql_get_socket(m);

		if (s != (my_socket)-1)
			shutdown(s, SHUT_RDWR);
	}
	if (res)
		mysql_free_result(res);
}

static int interrupted(const struct delta *x, struct ss_error *err)
{
	if (atomic_load(&x->run->s.abort))
		return ss_error_set(err, SS_FAILED, "interrupted");
	return 0;
}

/* One side's chunk sums, read as ss_delta_compare asks. */
struct sums {
	MYSQL *m;
	MYSQL_RES *res;
	const char *who;
	atomic_llong *bytes;        /* what was read, or NULL */
	int done;
};

static int next_sum(void *arg, struct ss_delta_sum *out, struct ss_error *err)
{
	struct sums *s = arg;
	MYSQL_ROW row = mysql_fetch_row(s->res);
	unsigned long *len;

	if (!row) {
		if (mysql_errno(s->m))
			return ss_my_error(s->m, s->who, err);
		s->done = 1;
		return 0;
	}
	len = mysql_fetch_lengths(s->res);
	out->id = row[0] ? strtoll(row[0], NULL, 10) : 0;
	out->rows = row[1] ? strtoll(row[1], NULL, 10) : 0;
	snprintf(out->sum, sizeof(out->sum), "%s", row[2] ? row[2] : "");
	if (s->bytes)
		atomic_fetch_add(s->bytes, (long long)(len[0] + len[1] + len[2] + 4));
	return 1;
}

/* The target server copies its current table into the shadow. */
static int copy_target(struct delta *x, struct ss_error *err)
{
	struct ss_mysync_plan *plan = x->run->plan;

	ss_buf_reset(&x->q);
	ss_buf_adds(&x->q, "INSERT INTO ");
	ss_my_add_qualified(&x->q, plan->shadow_db, x->shadow);
	ss_buf_addf(&x->q, " (%s) SELECT %s FROM ", x->t->columns, x->t->columns);
	ss_my_add_qualified(&x->q, plan->target_db, x->t->src->name);
	if (ss_my_exec(x->tgt, "target", x->q.data, err) < 0)
		return ss_error_prefix(err, "copying the target's rows");
	return 0;
}

/*
 * Step 1: the source's sums are asked for first; the target copies and
 * sums up meanwhile; then both streams are merged.
 */
static int compare_chunks(void *arg, struct ss_delta_ids *differ, long long *compared,
			  struct ss_error *err)
{
	struct delta *x = arg;
	struct ss_mysync_plan *plan = x->run->plan;
	struct sums a = { x->src, NULL, "source", &x->t->inc.compare_bytes, 0 };
	struct sums b = { x->tgt, NULL, "target", NULL, 0 };
	int rc = -1;

	ss_buf_reset(&x->q);
	ss_mydelta_sums_sql(&x->q, x->t->delta, plan->source_db, x->t->src->name);
	if (mysql_send_query(x->src, x->q.data, x->q.len))
		return ss_my_error(x->src, "source", err);
	if (copy_target(x, err) < 0 || interrupted(x, err) < 0)
		goto out;
	ss_buf_reset(&x->q);
	ss_mydelta_sums_sql(&x->q, x->t->delta, plan->shadow_db, x->shadow);
	if (mysql_real_query(x->tgt, x->q.data, x->q.len) || !(b.res = mysql_use_result(x->tgt))) {
		ss_my_error(x->tgt, "target", err);
		goto out;
	}
	if (mysql_read_query_result(x->src) || !(a.res = mysql_use_result(x->src))) {
		ss_my_error(x->src, "source", err);
		a.done = 1;  /* nothing left to read */
		goto out;
	}
	rc = ss_delta_compare(next_sum, &a, next_sum, &b, differ, compared, err);
out:
	drop_result(x->src, a.res, rc == 0 && a.done);
	if (b.res || rc < 0)
		drop_result(x->tgt, b.res, rc == 0 && b.done);
	return rc;
}

/* The shadow emptied and the table streamed whole. */
static int reload_whole(void *arg, struct ss_error *err)
{
	struct delta *x = arg;

	ss_buf_reset(&x->q);
	ss_buf_adds(&x->q, "TRUNCATE TABLE ");
	ss_my_add_qualified(&x->q, x->run->plan->shadow_db, x->shadow);
	if (ss_my_exec(x->tgt, "target", x->q.data, err) < 0)
		return -1;
	return ss_myworker_load(x->run, x->wi, x->t, NULL, NULL, err);
}

static int keys_sql(void *arg, struct ss_buf *q, const struct ss_delta_keys *keys,
		    size_t *off, size_t max, struct ss_error *err)
{
	struct delta *x = arg;
	return ss_mydelta_keys_sql(q, x->t->delta, keys, off, max, err);
}

static int delete_where(void *arg, const char *where, long long *n, struct ss_error *err)
{
	struct delta *x = arg;

	ss_buf_reset(&x->q);
	ss_buf_adds(&x->q, "DELETE FROM ");
	ss_my_add_qualified(&x->q, x->run->plan->shadow_db, x->shadow);
	ss_buf_addf(&x->q, " WHERE %s", where);
	if (ss_my_exec(x->tgt, "target", x->q.data, err) < 0)
		return -1;
	*n = (long long)mysql_affected_rows(x->tgt);
	return 0;
}

static int load_where(void *arg, const char *where, long long *n, struct ss_error *err)
{
	struct delta *x = arg;

	return ss_myworker_load(x->run, x->wi, x->t, where, n, err);
}

/* The source's rows of a batch of chunks into rows (key, hash). */
static int read_source_rows(struct delta *x, struct ss_delta_rows *rows, struct ss_error *err)
{
	int nkey = x->t->delta->nkey;
	const char **f = ss_xcalloc((size_t)nkey + 1, sizeof(*f));
	size_t *l = ss_xcalloc((size_t)nkey + 1, sizeof(*l));
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int rc = -1, done = 0;

	if (mysql_read_query_result(x->src) || !(res = mysql_use_result(x->src))) {
		ss_my_error(x->src, "source", err);
		done = 1;
		goto out;
	}
	while ((row = mysql_fetch_row(res))) {
		unsigned long *len = mysql_fetch_lengths(res);
		long long bytes = 4;

		for (int i = 0; i <= nkey; i++) {
			f[i] = row[i];
			l[i] = len[i];
			bytes += (long long)len[i] + 1;
		}
		ss_delta_rows_add(rows, f, l, nkey, row[nkey] ? row[nkey] : "", l[nkey]);
		atomic_fetch_add(&x->t->inc.compare_bytes, bytes);
	}
	if (mysql_errno(x->src)) {
		ss_my_error(x->src, "source", err);
		goto out;
	}
	done = 1;
	rc = 0;
out:
	drop_result(x->src, res, done);
	free(f);
	free(l);
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
	struct ss_mysync_plan *plan = x->run->plan;
	const struct ss_mydelta *d = x->t->delta;
	const char **f = ss_xcalloc((size_t)d->nkey + 1, sizeof(*f));
	size_t *l = ss_xcalloc((size_t)d->nkey + 1, sizeof(*l));
	struct ss_buf packed = SS_BUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int rc = -1;

	ss_buf_reset(&x->q);
	ss_mydelta_rows_sql(&x->q, d, &x->t->inc.spec, plan->source_db, x->t->src->name, ids, n);
	if (mysql_send_query(x->src, x->q.data, x->q.len)) {
		ss_my_error(x->src, "source", err);
		goto out;
	}
	ss_buf_reset(&x->q);
	ss_mydelta_rows_sql(&x->q, d, &x->t->inc.spec, plan->shadow_db, x->shadow, ids, n);
	if (mysql_real_query(x->tgt, x->q.data, x->q.len) || !(res = mysql_store_result(x->tgt))) {
		ss_my_error(x->tgt, "target", err);
		drop_result(x->src, NULL, 0);
		goto out;
	}
	if (read_source_rows(x, rows, err) < 0)
		goto out;
	while ((row = mysql_fetch_row(res))) {
		unsigned long *len = mysql_fetch_lengths(res);

		for (int i = 0; i <= d->nkey; i++) {
			f[i] = row[i];
			l[i] = len[i];
		}
		if (!ss_delta_rows_check(rows, f, l, d->nkey, row[d->nkey] ? row[d->nkey] : "",
					 l[d->nkey]))
			continue;
		ss_buf_reset(&packed);
		ss_delta_pack(&packed, f, l, d->nkey);
		ss_delta_keys_add(gone, packed.data, packed.len);
	}
	ss_delta_rows_unmatched(rows, fetch);
	rc = 0;
out:
	if (res)
		mysql_free_result(res);
	ss_buf_release(&packed);
	free(f);
	free(l);
	return rc;
}

/* Step 3: the source's counter (TRUNCATE and loads may have moved it). */
static int reset_counter(struct delta *x, struct ss_error *err)
{
	const char *n = x->t->delta->auto_increment;

	if (!n || !*n)
		return 0;
	ss_buf_reset(&x->q);
	ss_buf_adds(&x->q, "ALTER TABLE ");
	ss_my_add_qualified(&x->q, x->run->plan->shadow_db, x->shadow);
	ss_buf_addf(&x->q, " AUTO_INCREMENT = %s", n);
	return ss_my_exec(x->tgt, "target", x->q.data, err);
}

int ss_mydelta_table(struct ss_myrun *run, int wi, struct ss_mysync_table *t,
		     struct ss_error *err)
{
	static const struct ss_delta_ops ops = {
		compare_chunks, compare_rows, keys_sql, delete_where, load_where, reload_whole,
	};
	struct delta x = {
		.run = run, .t = t, .wi = wi, .src = run->c->wsrc[wi], .tgt = run->c->wtgt[wi],
		.shadow = ss_xasprintf("%s%s", run->plan->shadow_prefix, t->src->name),
		.q = SS_BUF_INIT,
	};
	int rc;

	rc = ss_delta_run(&ops, &x, &t->inc, t->src->rows, &run->s.abort, err);
	if (rc == 0)
		rc = reset_counter(&x, err);
	ss_buf_release(&x.q);
	free(x.shadow);
	return rc;
}

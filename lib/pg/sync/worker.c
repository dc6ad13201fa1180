/* worker.c - a copy worker: streams ranges of tables with COPY TO STDOUT into COPY FROM STDIN. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sitesync/buf.h>

#include "lib/core/debug.h"
#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

/* Rows and bytes are added to the shared counters in batches. */
#define FLUSH_ROWS 1024
/*
 * Below this size a table is loaded without the round trips of a frozen
 * load, and the worker that loaded it builds its indexes in one statement.
 */
#define SMALL_BYTES (1LL << 20)

/* The condition of range `chunk` of t: key values, or block numbers (no key: ranges of ctid). */
static void add_range(struct ss_buf *q, const struct ss_pgsync_table *t, int chunk)
{
	if (chunk > 0) {
		if (t->key) {
			ss_pg_add_ident(q, t->key);
			ss_buf_addf(q, " >= %lld", t->bounds[chunk - 1]);
		} else {
			ss_buf_addf(q, "ctid >= '(%lld,0)'::pg_catalog.tid", t->bounds[chunk - 1]);
		}
	}
	if (chunk > 0 && chunk < t->nchunks - 1)
		ss_buf_adds(q, " AND ");
	if (chunk < t->nchunks - 1) {
		if (t->key) {
			ss_pg_add_ident(q, t->key);
			ss_buf_addf(q, " < %lld", t->bounds[chunk]);
		} else {
			ss_buf_addf(q, "ctid < '(%lld,0)'::pg_catalog.tid", t->bounds[chunk]);
		}
	}
}

/* The source side of range `chunk` of t. */
static void source_copy(struct ss_buf *q, const struct ss_pgsync_table *t, int chunk)
{
	struct ss_buf range = SS_BUF_INIT;

	if (t->nchunks > 1)
		add_range(&range, t, chunk);
	ss_pgsync_source_copy(q, t, range.data);
	ss_buf_release(&range);
}

/* Start a COPY on conn; -1 with err unless it enters the expected state. */
static int start_copy(PGconn *conn, const char *who, const char *sql, ExecStatusType want,
		      struct ss_error *err)
{
	PGresult *res = PQexec(conn, sql);
	int rc = 0;

	if (PQresultStatus(res) != want)
		rc = ss_pgsync_error(conn, res, who, err);
	PQclear(res);
	return rc;
}

/*
 * Read the results of conn until none is left; -1 with err if one failed.
 * *rows (may be NULL) gets the rows the last command did.
 */
static int finish_results(PGconn *conn, const char *who, long long *rows, struct ss_error *err)
{
	PGresult *res;
	int rc = 0;

	while ((res = PQgetResult(conn))) {
		if (rc == 0 && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = ss_pgsync_error(conn, res, who, err);
		if (rows)
			*rows = strtoll(PQcmdTuples(res), NULL, 10);
		PQclear(res);
	}
	return rc;
}

struct counters {
	struct ss_pgrun *run;
	struct ss_pgsync_table *t;
	long long rows, bytes;
};

static void flush(struct counters *c)
{
	atomic_fetch_add(&c->t->rows, c->rows);
	atomic_fetch_add(&c->run->s.rows, c->rows);
	atomic_fetch_add(&c->t->bytes, c->bytes);
	atomic_fetch_add(&c->run->s.bytes, c->bytes);
	c->rows = c->bytes = 0;
}

/*
 * Stream every COPY message from src to tgt.  After an abort the rest is
 * read and dropped until the coordinator's cancel ends the source COPY.
 */
static int pump(PGconn *src, PGconn *tgt, struct counters *c, const char *tgt_who,
		struct ss_error *err)
{
	int failed = 0;
	char *buf;
	int n;

	while ((n = PQgetCopyData(src, &buf, 0)) > 0) {
		if (!failed && !atomic_load(&c->run->s.abort)) {
			if (PQputCopyData(tgt, buf, n) != 1)
				failed = ss_pgsync_error(tgt, NULL, tgt_who, err);
			c->rows++;
			c->bytes += n;
			if (c->rows >= FLUSH_ROWS)
				flush(c);
		}
		PQfreemem(buf);
	}
	flush(c);
	if (n == -2 && !failed)
		failed = ss_pgsync_error(src, NULL, "source", err);
	if (finish_results(src, "source", NULL, failed ? &(struct ss_error){ 0 } : err) < 0 &&
	    !failed)
		failed = -1;
	if (!failed && atomic_load(&c->run->s.abort))
		failed = ss_error_set(err, SS_FAILED, "interrupted");
	return failed ? -1 : 0;
}

/*
 * Stream what src_sql (a COPY ... TO STDOUT) gives into t's shadow, frozen
 * when asked (in a transaction that empties the shadow first); *rows (may
 * be NULL) gets the rows that went in.
 */
static int stream(struct ss_pgrun *run, int wi, struct ss_pgsync_table *t, const char *src_sql,
		  int freeze, long long *rows, struct ss_error *err)
{
	PGconn *src = run->c->wsrc[wi], *tgt = run->c->wtgt[wi];
	struct ss_buf q = SS_BUF_INIT;
	struct counters c = { run, t, 0, 0 };
	char *who = ss_xasprintf("target table '%s.%s'", t->src->schema, t->src->name);
	long long in = 0;
	int rc;

	if (freeze) {
		ss_buf_addf(&q, "BEGIN; TRUNCATE %s", t->shadow_name);
		if (ss_pgsync_exec(tgt, who, q.data, err) < 0) {
			free(who);
			ss_buf_release(&q);
			return -1;
		}
		ss_buf_reset(&q);
	}
	rc = start_copy(src, "source", src_sql, PGRES_COPY_OUT, err);
	ss_buf_addf(&q, "COPY %s (%s) FROM STDIN (FORMAT %s%s)", t->shadow_name, t->columns,
		    t->binary ? "binary" : "text", freeze ? ", FREEZE" : "");
	if (rc == 0 && start_copy(tgt, who, q.data, PGRES_COPY_IN, err) < 0) {
		/* the source COPY is under way: the coordinator's cancel ends it */
		ss_sync_run_fail(&run->s, err);
		pump(src, tgt, &c, who, &(struct ss_error){ 0 });
		rc = -1;
	} else if (rc == 0) {
		rc = pump(src, tgt, &c, who, err);
		if (PQputCopyEnd(tgt, rc < 0 ? "sitesync: the copy was stopped" : NULL) != 1 &&
		    rc == 0)
			rc = ss_pgsync_error(tgt, NULL, who, err);
		if (finish_results(tgt, who, &in, rc < 0 ? &(struct ss_error){ 0 } : err) < 0)
			rc = -1;
	}
	if (freeze && rc == 0)
		rc = ss_pgsync_exec(tgt, who, "COMMIT", err);
	else if (freeze)
		PQclear(PQexec(tgt, "ROLLBACK"));
	/* a binary stream ends with a trailer message that is no row */
	if (t->binary && rc == 0) {
		atomic_fetch_sub(&t->rows, 1);
		atomic_fetch_sub(&run->s.rows, 1);
	}
	if (rows)
		*rows = rc == 0 ? in : 0;
	ss_buf_release(&q);
	free(who);
	return rc;
}

static int copy_range(struct ss_pgrun *run, int wi, struct ss_pgsync_table *t, int chunk,
		      struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	if (chunk == 0 && ss_pgsync_sanitize_count(run->c->wsrc[wi], run->plan, t, err) < 0)
		return -1;
	/*
	 * A table in one range is loaded frozen: a transaction that truncated
	 * it may, and neither the index builds nor the first readers then have
	 * hint bits to set.
	 */
	source_copy(&q, t, chunk);
	rc = stream(run, wi, t, q.data, t->nchunks <= 1 && t->est_bytes >= SMALL_BYTES, NULL, err);
	ss_buf_release(&q);
	return rc;
}

int ss_pgworker_load(struct ss_pgrun *run, int wi, struct ss_pgsync_table *t, const char *where,
		     long long *rows, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	ss_pgsync_source_copy(&q, t, where);
	rc = stream(run, wi, t, q.data, 0, rows, err);
	ss_buf_release(&q);
	return rc;
}

/* t's indexes are built: its keys and checks, then it is complete. */
static int table_done(struct ss_pgrun *run, int wi, struct ss_pgsync_table *t,
		      struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < t->keys.n; i++)
		ss_buf_adds(&q, t->keys.items[i]);
	if (q.len)
		rc = ss_pgsync_exec(run->c->wtgt[wi], "target", q.data, err);
	ss_buf_release(&q);
	if (rc < 0)
		return ss_error_prefix(err, "keys of table '%s.%s'", t->src->schema, t->src->name);
	t->seconds = ss_sync_now() - t->started;
	ss_sync_run_table_done(&run->s, t);
	atomic_fetch_sub(&run->pending, 1);
	return 0;
}

/* The last range of t is in: its indexes and keys become work any worker may take. */
static int table_loaded(struct ss_pgrun *run, int wi, struct ss_pgsync_table *t,
			struct ss_error *err)
{
	if (t->after.n && t->est_bytes < SMALL_BYTES) {
		struct ss_buf q = SS_BUF_INIT;
		int rc;

		for (size_t i = 0; i < t->after.n; i++)
			ss_buf_adds(&q, t->after.items[i]);
		rc = ss_pgsync_exec(run->c->wtgt[wi], "target", q.data, err);
		ss_buf_release(&q);
		if (rc < 0)
			return ss_error_prefix(err, "indexes of table '%s.%s'", t->src->schema,
					       t->src->name);
		return table_done(run, wi, t, err);
	}
	if (!t->after.n)
		return table_done(run, wi, t, err);
	atomic_store(&t->after_left, t->after.n);
	pthread_mutex_lock(&run->s.lock);
	if (run->nready + t->after.n > run->capready) {
		run->capready = 2 * (run->nready + t->after.n);
		run->ready = ss_xrealloc(run->ready, run->capready * sizeof(*run->ready));
	}
	for (size_t i = 0; i < t->after.n; i++) {
		run->ready[run->nready].t = t;
		run->ready[run->nready++].sql = t->after.items[i];
	}
	pthread_mutex_unlock(&run->s.lock);
	return 0;
}

/* Take a ready statement; 0 when there is none. */
static int take_ready(struct ss_pgrun *run, struct ss_pgindex *out)
{
	int got = 0;

	pthread_mutex_lock(&run->s.lock);
	if (run->takenready < run->nready) {
		*out = run->ready[run->takenready++];
		got = 1;
	}
	pthread_mutex_unlock(&run->s.lock);
	return got;
}

static int run_ready(struct ss_pgrun *run, int wi, const struct ss_pgindex *x,
		     struct ss_error *err)
{
	pthread_mutex_lock(&run->s.lock);
	run->s.current[wi] = x->t->src->name;
	pthread_mutex_unlock(&run->s.lock);
	if (ss_pgsync_exec(run->c->wtgt[wi], "target", x->sql, err) < 0)
		return ss_error_prefix(err, "indexes and keys of table '%s.%s'", x->t->src->schema,
				       x->t->src->name);
	if (atomic_fetch_sub(&x->t->after_left, 1) == 1)
		return table_done(run, wi, x->t, err);
	return 0;
}

static void nap(void)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/*
 * Index builds of loaded tables go first (they end tables); then ranges to
 * copy; with neither, wait for the other workers' tables to be loaded.
 */
void *ss_pgworker_main(void *arg)
{
	struct ss_pgworker *w = arg;
	struct ss_pgrun *run = w->run;
	struct ss_error err;
	struct ss_pgindex x;

	while (!atomic_load(&run->s.abort) && atomic_load(&run->pending) > 0) {
		size_t i;
		struct ss_sync_work *item;
		struct ss_pgsync_table *t;

		if (take_ready(run, &x)) {
			if (run_ready(run, w->index, &x, &err) < 0) {
				ss_sync_run_fail(&run->s, &err);
				break;
			}
			continue;
		}
		i = atomic_fetch_add(&run->next, 1);
		if (i >= run->nwork) {
			atomic_fetch_sub(&run->next, 1);
			pthread_mutex_lock(&run->s.lock);
			run->s.current[w->index] = NULL;
			pthread_mutex_unlock(&run->s.lock);
			nap();
			continue;
		}
		item = &run->work[i];
		t = &run->plan->tables[item->table];
		pthread_mutex_lock(&run->s.lock);
		if (t->started == 0)
			t->started = ss_sync_now();
		run->s.current[w->index] = t->src->name;
		pthread_mutex_unlock(&run->s.lock);
		if (item->chunk >= 0 &&
		    (t->inc.mode == SS_DELTA_ON ? ss_pgdelta_table(run, w->index, t, &err)
						: copy_range(run, w->index, t, item->chunk, &err)) < 0) {
			if (strcmp(err.msg, "interrupted"))
				ss_error_prefix(&err, "copy of table '%s.%s' failed",
						t->src->schema, t->src->name);
			ss_sync_run_fail(&run->s, &err);
			break;
		}
		ss_debug_stop("copy:loaded");
		if (atomic_fetch_sub(&t->chunks_left, 1) == 1 &&
		    table_loaded(run, w->index, t, &err) < 0) {
			ss_sync_run_fail(&run->s, &err);
			break;
		}
	}
	pthread_mutex_lock(&run->s.lock);
	run->s.current[w->index] = NULL;
	pthread_mutex_unlock(&run->s.lock);
	atomic_fetch_add(&run->s.exited, 1);
	return NULL;
}

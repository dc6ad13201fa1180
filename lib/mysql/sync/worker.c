/* worker.c - a copy worker: takes ranges of tables off the queue and loads them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <sitesync/buf.h>

#include "lib/core/debug.h"
#include "lib/mysql/encode.h"
#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

/* The condition of range `chunk` of t (nothing when the table is one range). */
static void add_range(struct ss_buf *q, const struct ss_mysync_table *t, int chunk)
{
	if (t->nchunks <= 1)
		return;
	if (chunk > 0) {
		ss_my_add_ident(q, t->key);
		ss_buf_addf(q, " >= %lld", t->bounds[chunk - 1]);
	}
	if (chunk > 0 && chunk < t->nchunks - 1)
		ss_buf_adds(q, " AND ");
	if (chunk < t->nchunks - 1) {
		ss_my_add_ident(q, t->key);
		ss_buf_addf(q, " < %lld", t->bounds[chunk]);
	}
}

int ss_myworker_load(struct ss_myrun *run, int wi, struct ss_mysync_table *t, const char *where,
		     long long *rows, struct ss_error *err)
{
	struct ss_mysync_plan *plan = run->plan;
	MYSQL *src = run->c->wsrc[wi], *tgt = run->c->wtgt[wi];
	struct ss_buf q = SS_BUF_INIT, target = SS_BUF_INIT;
	struct ss_myload l;
	char *name;
	int rc;

	ss_mysync_source_select(&q, plan, t, where);
	if (mysql_real_query(src, q.data, q.len)) {
		ss_buf_release(&q);
		return ss_my_error(src, "source", err);
	}
	memset(&l, 0, sizeof(l));
	l.src = src;
	l.res = mysql_use_result(src);
	if (!l.res) {
		ss_buf_release(&q);
		return ss_my_error(src, "source", err);
	}
	l.abort = &run->s.abort;
	l.rows[0] = &t->rows;
	l.rows[1] = &run->s.rows;
	l.bytes[0] = &t->bytes;
	l.bytes[1] = &run->s.bytes;

	name = ss_xasprintf("%s%s", plan->shadow_prefix, t->src->name);
	ss_buf_reset(&q);
	ss_buf_adds(&q, "LOAD DATA LOCAL INFILE 'sitesync' INTO TABLE ");
	ss_my_add_qualified(&q, plan->shadow_db, name);
	ss_buf_adds(&q, " " SS_MY_LOAD_FORMAT " (");
	ss_buf_adds(&q, t->columns);
	ss_buf_adds(&q, ")");
	ss_buf_addf(&target, "target table '%s'", t->src->name);
	rc = ss_myload_run(tgt, &l, q.data, "source", target.data, err);
	/*
	 * A failed load leaves the source result unread: freeing it would read
	 * the rest of the table first.  The run is over, so the source
	 * connection goes instead and the free returns at once.
	 */
	if (rc < 0 && !l.eof) {
		my_socket s = mysql_get_socket(src);

		if (s != (my_socket)-1)
			shutdown(s, SHUT_RDWR);
	}
	mysql_free_result(l.res);
	/* rows in, not rows sent: a LOCAL load skips duplicate keys */
	if (rows)
		*rows = rc == 0 ? (long long)mysql_affected_rows(tgt) : 0;
	free(name);
	ss_buf_release(&q);
	ss_buf_release(&target);
	return rc;
}

static int copy_range(struct ss_myrun *run, int wi, struct ss_mysync_table *t, int chunk,
		      struct ss_error *err)
{
	struct ss_buf where = SS_BUF_INIT;
	int rc;

	if (chunk == 0 && ss_mysync_sanitize_count(run->c->wsrc[wi], run->plan, t, err) < 0)
		return -1;
	add_range(&where, t, chunk);
	rc = ss_myworker_load(run, wi, t, where.len ? where.data : NULL, NULL, err);
	ss_buf_release(&where);
	return rc;
}

/* The last range of t is in: add its secondary keys and foreign keys. */
static int finish_table(struct ss_myrun *run, int wi, struct ss_mysync_table *t,
			struct ss_error *err)
{
	struct ss_mysync_plan *plan = run->plan;
	struct ss_buf q = SS_BUF_INIT;
	char *name;
	int rc = 0;

	if (atomic_load(&run->s.abort))
		return ss_error_set(err, SS_FAILED, "interrupted");
	if (t->ddl.adds) {
		name = ss_xasprintf("%s%s", plan->shadow_prefix, t->src->name);
		ss_buf_adds(&q, "ALTER TABLE ");
		ss_my_add_qualified(&q, plan->shadow_db, name);
		ss_buf_addc(&q, ' ');
		ss_buf_adds(&q, t->ddl.adds);
		rc = ss_my_exec(run->c->wtgt[wi], "target", q.data, err);
		if (rc < 0)
			ss_error_prefix(err, "keys of table '%s'", t->src->name);
		ss_buf_release(&q);
		free(name);
	}
	t->seconds = ss_sync_now() - t->started;
	ss_sync_run_table_done(&run->s, t);
	return rc;
}

/* Nonzero when another worker is copying a range of t now (run->s.lock held). */
static int busy(const struct ss_myrun *run, int self, const struct ss_mysync_table *t)
{
	for (int i = 0; i < run->s.njobs; i++)
		if (i != self && run->s.current[i] == t->src->name)
			return 1;
	return 0;
}

/*
 * The next work item: the heaviest one left whose table no other worker is
 * loading, else the heaviest one left, or NULL when none is.  Two loads into
 * one InnoDB table do not run side by side (MariaDB >= 10.6 locks an empty
 * table for a bulk insert, and even then the two contend), so a worker
 * rather takes another table.
 */
static struct ss_sync_work *take(struct ss_myrun *run, int self)
{
	struct ss_sync_work *item = NULL;
	size_t pick = run->nwork;

	pthread_mutex_lock(&run->s.lock);
	while (run->first_left < run->nwork && run->taken[run->first_left])
		run->first_left++;
	for (size_t i = run->first_left; i < run->nwork; i++) {
		if (run->taken[i])
			continue;
		if (pick == run->nwork)
			pick = i;
		if (!busy(run, self, &run->plan->tables[run->work[i].table])) {
			pick = i;
			break;
		}
	}
	if (pick < run->nwork) {
		run->taken[pick] = 1;
		struct ss_mysync_table *t;

		item = &run->work[pick];
		t = &run->plan->tables[item->table];
		if (t->started == 0)
			t->started = ss_sync_now();
		run->s.current[self] = t->src->name;
	}
	pthread_mutex_unlock(&run->s.lock);
	return item;
}

void *ss_myworker_main(void *arg)
{
	struct ss_myworker *w = arg;
	struct ss_myrun *run = w->run;
	struct ss_error err;

	mysql_thread_init();
	while (!atomic_load(&run->s.abort)) {
		struct ss_sync_work *item = take(run, w->index);
		struct ss_mysync_table *t;

		if (!item)
			break;
		t = &run->plan->tables[item->table];
		if (item->chunk >= 0 &&
		    (t->inc.mode == SS_DELTA_ON ? ss_mydelta_table(run, w->index, t, &err)
						: copy_range(run, w->index, t, item->chunk, &err)) < 0) {
			if (strcmp(err.msg, "interrupted"))
				ss_error_prefix(&err, "copy of table '%s' failed", t->src->name);
			ss_sync_run_fail(&run->s, &err);
			break;
		}
		ss_debug_stop("copy:loaded");
		if (atomic_fetch_sub(&t->chunks_left, 1) == 1 &&
		    finish_table(run, w->index, t, &err) < 0) {
			ss_sync_run_fail(&run->s, &err);
			break;
		}
		pthread_mutex_lock(&run->s.lock);
		run->s.current[w->index] = NULL;
		pthread_mutex_unlock(&run->s.lock);
	}
	mysql_thread_end();
	atomic_fetch_add(&run->s.exited, 1);
	return NULL;
}

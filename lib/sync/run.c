/* run.c - the driver-neutral coordinator of a parallel sql-sync copy: workers, failures, progress. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sitesync/buf.h>

#include "lib/sync/run.h"

double ss_sync_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void ss_sync_run_init(struct ss_sync_run *r, size_t ntables, int njobs, long long est_rows,
		      long long est_bytes, struct ss_sync_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->est_rows = est_rows;
	st->est_bytes = est_bytes;
	st->ntables = ntables;
	memset(r, 0, sizeof(*r));
	r->njobs = njobs;
	r->ntables = ntables;
	pthread_mutex_init(&r->lock, NULL);
	r->done = ss_xcalloc(ntables ? ntables : 1, sizeof(*r->done));
	r->current = ss_xcalloc(njobs > 0 ? (size_t)njobs : 1, sizeof(*r->current));
}

void ss_sync_run_release(struct ss_sync_run *r)
{
	free(r->done);
	free(r->current);
	r->done = NULL;
	r->current = NULL;
	pthread_mutex_destroy(&r->lock);
}

void ss_sync_run_fail(struct ss_sync_run *r, const struct ss_error *err)
{
	pthread_mutex_lock(&r->lock);
	if (!r->failed) {
		r->err = *err;
		r->failed = 1;
	}
	pthread_mutex_unlock(&r->lock);
	atomic_store(&r->abort, 1);
}

void ss_sync_run_table_done(struct ss_sync_run *r, void *t)
{
	pthread_mutex_lock(&r->lock);
	r->done[r->ndone++] = t;
	pthread_mutex_unlock(&r->lock);
}

/* Hand the tables finished since last time to the hooks; bring st up to date. */
static void report(struct ss_sync_run *r, const struct ss_sync_hooks *hooks,
		   struct ss_sync_stats *st, double t0)
{
	pthread_mutex_lock(&r->lock);
	while (r->nreported < r->ndone) {
		void *t = r->done[r->nreported++];

		st->tables_done++;
		if (hooks && hooks->table_done) {
			pthread_mutex_unlock(&r->lock);
			hooks->table_done(hooks->arg, t);
			pthread_mutex_lock(&r->lock);
		}
	}
	st->current = NULL;
	for (int i = 0; i < r->njobs; i++)
		if (r->current[i])
			st->current = r->current[i];
	pthread_mutex_unlock(&r->lock);
	st->rows = atomic_load(&r->rows);
	st->bytes = atomic_load(&r->bytes);
	st->elapsed = ss_sync_now() - t0;
}

/* Start the workers with SIGINT/SIGTERM blocked: the coordinator takes them. */
static int start_workers(struct ss_sync_run *r, const struct ss_sync_driver *d, char *workers,
			 size_t wsize, pthread_t *tid, int *started, struct ss_error *err)
{
	sigset_t block, old;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (int i = 0; i < r->njobs; i++) {
		if (pthread_create(&tid[i], NULL, d->worker_main, workers + (size_t)i * wsize)) {
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			return ss_error_set(err, SS_FAILED, "cannot start worker thread");
		}
		(*started)++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

int ss_sync_run_workers(struct ss_sync_run *r, const struct ss_sync_driver *d, void *workers,
			size_t wsize, const struct ss_sync_hooks *hooks,
			volatile sig_atomic_t *abort, struct ss_sync_stats *st,
			struct ss_error *err)
{
	pthread_t *tid = ss_xcalloc(r->njobs > 0 ? (size_t)r->njobs : 1, sizeof(*tid));
	double t0 = ss_sync_now(), last = 0;
	int started = 0, stopping = 0, rounds = 0;
	struct ss_error serr;

	if (start_workers(r, d, workers, wsize, tid, &started, &serr) < 0)
		ss_sync_run_fail(r, &serr);
	for (;;) {
		int done;

		if (abort && *abort && !atomic_load(&r->abort)) {
			ss_error_set(&serr, SS_FAILED, "interrupted");
			ss_sync_run_fail(r, &serr);
		}
		if (atomic_load(&r->abort)) {
			/* again now and then: a worker may have just started a statement */
			d->stop(d->arg, stopping++, started);
			if (atomic_load(&r->exited) == started)
				break;
		}
		pthread_mutex_lock(&r->lock);
		done = r->ndone == r->ntables;
		pthread_mutex_unlock(&r->lock);
		if (!done && !atomic_load(&r->abort) && d->check &&
		    d->check(d->arg, ++rounds, started, &serr) < 0)
			ss_sync_run_fail(r, &serr);
		report(r, hooks, st, t0);
		if (done && atomic_load(&r->exited) == started)
			break;
		if (hooks && hooks->progress && st->elapsed - last >= 0.2) {
			hooks->progress(hooks->arg, st);
			last = st->elapsed;
		}
		nap(d->nap_ms);
	}
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	report(r, hooks, st, t0);
	free(tid);
	if (r->failed) {
		*err = r->err;
		return -1;
	}
	return 0;
}

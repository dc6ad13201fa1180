/*
 * sync_run.h - the driver-neutral part of a parallel sql-sync copy, shared
 * by the MySQL (lib/mysql/sync) and PostgreSQL (lib/pg/sync) engines:
 * the progress figures, the state the workers share with the coordinator,
 * the workers' start with SIGINT/SIGTERM blocked, and the coordinator's
 * loop (failures, interruption, finished tables, progress reports).
 *
 * An engine embeds struct ss_sync_run in its own run state and gives the
 * loop what only it knows through struct ss_sync_driver: its worker thread,
 * how to interrupt its connections, how to check they are alive.  Also the
 * engines' table-list matching.
 */
#ifndef SS_SYNC_RUN_H
#define SS_SYNC_RUN_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>

#include <sitesync/error.h>

/* What a run has done so far (reported to the engines' progress hooks). */
struct ss_sync_stats {
	long long rows, bytes;          /* copied so far */
	long long est_rows, est_bytes;
	size_t tables_done, ntables;
	const char *current;            /* a table being copied, or NULL */
	double elapsed;
};

/* What the workers share with the coordinator. */
struct ss_sync_run {
	int njobs;                  /* workers */
	size_t ntables;             /* tables to finish */
	atomic_int abort;           /* nonzero: everyone stops */
	atomic_int exited;          /* workers that returned */
	atomic_llong rows, bytes;
	pthread_mutex_t lock;       /* guards the fields below */
	struct ss_error err;        /* the first failure */
	int failed;
	void **done;                /* the engine's tables finished, in order (owned) */
	size_t ndone, nreported;
	const char **current;       /* per worker: table being copied (owned array) */
};

/*
 * Start a run of ntables tables with njobs workers: zero r and size its
 * arrays (release with ss_sync_run_release()); zero st but for the totals.
 */
void ss_sync_run_init(struct ss_sync_run *r, size_t ntables, int njobs, long long est_rows,
		      long long est_bytes, struct ss_sync_stats *st);
void ss_sync_run_release(struct ss_sync_run *r);

/* Record the run's first failure and stop everyone (any thread). */
void ss_sync_run_fail(struct ss_sync_run *r, const struct ss_error *err);

/* A worker finished table t (any thread). */
void ss_sync_run_table_done(struct ss_sync_run *r, void *t);

/* What an engine tells its caller while it runs (the caller fills it). */
struct ss_sync_hooks {
	/* called from the coordinating thread about every 200 ms */
	void (*progress)(void *arg, const struct ss_sync_stats *st);
	/*
	 * called from the coordinating thread when a table is complete: t is
	 * the engine's table (const struct ss_mysync_table * or
	 * const struct ss_pgsync_table *)
	 */
	void (*table_done)(void *arg, const void *t);
	/* warnings ("no RELOAD privilege: ..."); MySQL only */
	void (*warn)(void *arg, const char *msg);
	void *arg;
};

/* What the coordinator's loop asks of the engine. */
struct ss_sync_driver {
	void *(*worker_main)(void *arg);  /* a worker thread: arg is &workers[i] */
	/*
	 * Interrupt the workers' statements: called at every round of the loop
	 * while the run is stopping (round 0, 1, ...); started is how many
	 * workers run.  The engine decides on which rounds to act.
	 */
	void (*stop)(void *arg, int round, int started);
	/*
	 * Optional: called at every round while tables are left and nothing
	 * failed (round 1, 2, ...); -1 with err stops the run.
	 */
	int (*check)(void *arg, int round, int started, struct ss_error *err);
	void *arg;                  /* of stop and check */
	long nap_ms;                /* the loop's pause between rounds */
};

/*
 * Start r->njobs worker threads on workers[i] (elements of wsize bytes,
 * filled by the engine) with SIGINT/SIGTERM blocked, and coordinate them
 * until all have returned: abort (set by a signal handler) stops the run as
 * "interrupted"; finished tables and progress go to hooks (may be NULL).
 * -1 with the first failure in err.
 */
int ss_sync_run_workers(struct ss_sync_run *r, const struct ss_sync_driver *d, void *workers,
			size_t wsize, const struct ss_sync_hooks *hooks,
			volatile sig_atomic_t *abort, struct ss_sync_stats *st,
			struct ss_error *err);

/* One unit of work: range `chunk` of table `table`, or (chunk -1) the whole table. */
struct ss_sync_work {
	size_t table;               /* index into the engine's plan->tables */
	int chunk;
	long long weight;
};

/*
 * The work of ntables tables, table i in nchunks[i] ranges (0: one item,
 * chunk -1) of bytes[i] in all, heaviest first (a split table's ranges
 * early); *n gets how many.  Caller frees (sync_work.c).
 */
struct ss_sync_work *ss_sync_work_build(size_t ntables, const int *nchunks,
					const long long *bytes, size_t *n);

/*
 * Nonzero when one of the comma-separated * patterns of list matches name;
 * a pattern with a dot matches qualified ("schema.t") instead, when given
 * (sync_match.c).
 */
int ss_sync_match(const char *list, const char *name, const char *qualified);

/* Monotonic seconds. */
double ss_sync_now(void);

#endif

/*
 * plugins/serve/store.h - the durable job store: an SQLite database in the
 * state directory (jobs, their stages, their log), so that a restart of
 * serve loses no job.  One connection, guarded by a mutex; every change
 * bumps a generation counter that readers (the live log) wait on.
 *
 * Job states: pending -> running -> completed | failed | cancelled.
 */
#ifndef SERVE_STORE_H
#define SERVE_STORE_H

#include <stddef.h>

#include <sitesync/error.h>

struct store;

/* A job as stored.  Strings owned (job_release). */
struct job {
	long long id;
	char *site;
	char *kind;              /* "database", "files", "both" */
	char *source, *target;   /* environment names: "prod", "stage" */
	char *source_alias, *target_alias; /* "@example.prod" */
	char *state;
	char *stage, *stage_detail;
	char *error;
	char *token;             /* name of the token that asked (never the token) */
	long long bytes, bytes_total, rows, rows_total, files, files_total;
	double percent;          /* < 0: unknown */
	double eta;              /* seconds; < 0: unknown */
	double created, started, finished;  /* epoch seconds; 0: not yet */
	int cancel_requested;
	int exit_status;         /* of the last step; -1: none */
	long long version;       /* bumped on every change */
};
void job_release(struct job *j);

/* A stage of a job: what the child said it entered, with the hook commands. */
struct stage {
	long long seq;
	char *name, *detail;
	double started, finished;  /* finished 0: current */
};
void stages_free(struct stage *v, size_t n);

/* A line of a job's log. */
struct log_line {
	long long seq;
	double at;
	char *stream;            /* "stdout", "stderr", "serve" */
	char *text;
};
void log_lines_free(struct log_line *v, size_t n);

int store_open(const char *path, struct store **out, struct ss_error *err);
void store_close(struct store *s);

/* Jobs left "running" by a serve that stopped become failed with reason; their ids (owned). */
int store_recover(struct store *s, const char *reason, long long **ids, size_t *n,
		  struct ss_error *err);

struct job_request {
	const char *site, *kind, *source, *target, *source_alias, *target_alias;
	const char *token;       /* token name */
	const char *idem_key;    /* Idempotency-Key, or NULL */
	long queue_max;          /* pending jobs allowed at most */
};

enum submit_result {
	SUBMIT_CREATED,          /* *id: the new job */
	SUBMIT_REPLAYED,         /* the same Idempotency-Key and request: *id, the job made then */
	SUBMIT_BUSY,             /* *id: the pending or running job on that target */
	SUBMIT_FULL,             /* queue_max jobs are pending */
	SUBMIT_KEY_REUSED,       /* that key came with another request: *id, its job */
};
/* Atomically: a job for the request, unless one of the cases above; -1 with err. */
int store_submit(struct store *s, const struct job_request *r, long long *id,
		 struct ss_error *err);

/* Job id into *out: 0, 1 when there is none, -1 with err. */
int store_job(struct store *s, long long id, struct job *out, struct ss_error *err);
int store_stages(struct store *s, long long id, struct stage **v, size_t *n,
		 struct ss_error *err);

/* The jobs of site, newest first, at most limit with id < before (0: from the newest). */
int store_history(struct store *s, const char *site, long long before, int limit,
		  struct job **v, size_t *n, struct ss_error *err);
void jobs_free(struct job *v, size_t n);

/* The oldest pending job whose target_alias is none of busy[]: 0, 1 when none. */
int store_next_pending(struct store *s, char *const *busy, size_t nbusy, struct job *out,
		       struct ss_error *err);

/* The runner's updates. */
int store_start(struct store *s, long long id);
int store_stage(struct store *s, long long id, const char *name, const char *detail);
struct job_progress {
	long long bytes, bytes_total, rows, rows_total, files, files_total;
	double percent, eta;
};
int store_progress(struct store *s, long long id, const struct job_progress *p);
int store_finish(struct store *s, long long id, const char *state, const char *error,
		 long long bytes, long long rows, int exit_status);
int store_log(struct store *s, long long id, const char *stream, const char *text);

/* Lines of a job's log after seq `after`, at most limit, oldest first. */
int store_log_read(struct store *s, long long id, long long after, int limit,
		   struct log_line **v, size_t *n, struct ss_error *err);

enum cancel_result { CANCEL_DONE, CANCEL_REQUESTED, CANCEL_TOO_LATE, CANCEL_NO_JOB };
/* A pending job is cancelled now; a running one gets cancel_requested. */
int store_cancel(struct store *s, long long id, enum cancel_result *res, struct ss_error *err);

/* Counts by state, for the status of serve. */
int store_count(struct store *s, const char *state, long long *n);

/* The generation now, and waiting (up to ms) until it is not gen any more; 1 on timeout. */
unsigned long long store_generation(struct store *s);
int store_wait(struct store *s, unsigned long long gen, int ms);
/* Wake every waiter (shutdown). */
void store_wake(struct store *s);

#endif

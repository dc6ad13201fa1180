/*
 * plugins/serve/runner.h - the job queue.  One thread starts pending jobs
 * (oldest first) while fewer than --jobs run, never two on one target, a
 * child `sitesync` per step (spawn.h), and reads them all in one poll loop:
 * log lines and events into the store, the end of a step into the job's
 * state.  The thread that forks them outlives them (their parent-death
 * signal is tied to it).
 *
 * A cancel sends SIGTERM to the step's process group: the command line's
 * own interrupt, which leaves the target as it was unless the swap had
 * committed (the job then completes, and says the cancel came too late).
 * Stopping serve does the same to every step and waits for them; their
 * jobs fail "serve stopped while the job ran", pending ones stay pending.
 */
#ifndef SERVE_RUNNER_H
#define SERVE_RUNNER_H

#include <sitesync/error.h>

struct serve;
struct runner;

int runner_start(struct serve *sv, struct runner **out, struct ss_error *err);
/* A job was submitted. */
void runner_wake(struct runner *r);
/* Job id (running) is to be cancelled. */
void runner_cancel(struct runner *r, long long id);
/* Stop every step, wait for them, join the thread, free r. */
void runner_stop(struct runner *r);

/* What a job that was running when serve stopped is failed with. */
#define SERVE_STOPPED_REASON "serve stopped while the job ran"

#endif

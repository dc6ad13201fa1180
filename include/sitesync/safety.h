/*
 * sitesync/safety.h - the safety model every destructive command shares:
 * role policy, the confirmation prompt, the per-target lock and the history.
 */
#ifndef SITESYNC_SAFETY_H
#define SITESYNC_SAFETY_H

#include <time.h>
#include <sitesync/alias.h>
#include <sitesync/error.h>

struct ss_ctx;
struct ss_conn;

/*
 * Refuse (SS_REFUSED) a destructive operation `what` ("sql-sync", "sql-drop",
 * "rsync", "schema-diff --apply") into target: a production target, a target
 * whose role is above the source's, or a source that is the target itself.
 * source may be NULL for commands without one.
 */
int ss_policy_check(const struct ss_alias *source, const struct ss_alias *target,
		    const char *what, struct ss_error *err);

/*
 * Ask `question` (one line, e.g. "@prod (h/db) → default (h/db): replace 65
 * tables, ~470 MB?").  -y answers yes, -n no; without a terminal and without
 * -y the answer is no.  Returns 0 for yes, -1 with SS_REFUSED otherwise.
 */
int ss_confirm(struct ss_ctx *ctx, const char *question, struct ss_error *err);

/*
 * The per-target lock, held in the target database server itself (MySQL
 * GET_LOCK, PostgreSQL pg_try_advisory_lock) on its own connection, so it
 * holds across machines.  Busy → SS_BUSY naming who holds it.
 * The caller owns *out and releases it with ss_lock_release().
 */
struct ss_lock;
int ss_lock_acquire(struct ss_ctx *ctx, const struct ss_alias *target,
		    const char *operation, struct ss_lock **out, struct ss_error *err);
void ss_lock_release(struct ss_lock *lock);

/* One run, as `sitesync history` shows it. */
struct ss_history_entry {
	const char *command;   /* "sql-sync" */
	const char *source;    /* "@prod", or NULL */
	const char *target;    /* "default" */
	const char *status;    /* "ok", "failed", "refused", "busy", "simulated" */
	long long bytes;
	long long rows;        /* or files, for rsync */
	double seconds;
	time_t started;
	const char *error;     /* NULL when ok */
};

/*
 * Append an entry to the history file ($SITESYNC_HISTORY, else
 * $XDG_STATE_HOME/sitesync/history.jsonl).  No secret ever goes there.
 */
int ss_history_append(const struct ss_history_entry *e, struct ss_error *err);

/* Path of the history file (static storage, valid until the next call). */
const char *ss_history_path(void);

/*
 * Run the hook `event` of alias (e.g. "pre-sql-sync"): each command in turn
 * in the alias's root with its env-vars, on its host when remote.  Stops at
 * the first command that fails.
 */
int ss_hooks_run(struct ss_ctx *ctx, const struct ss_alias *alias,
		 const char *event, struct ss_error *err);

#endif

/*
 * sitesync/safety.h - the safety model every destructive command shares:
 * role policy, the confirmation prompt, the per-target lock and the history.
 */
#ifndef SITESYNC_SAFETY_H
#define SITESYNC_SAFETY_H

#include <stddef.h>
#include <time.h>
#include <sitesync/alias.h>
#include <sitesync/buf.h>
#include <sitesync/error.h>
#include <sitesync/json.h>

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
 * How messages name an alias: "default" for the site you stand in, else its
 * canonical name ("@example.prod").  Static or owned by the alias.
 */
const char *ss_target_name(const struct ss_alias *a);

/*
 * Append where an alias's database lives, "localhost/drupal" (db host or
 * the alias's host, then the database name), for messages and questions.
 */
void ss_target_where(const struct ss_alias *a, struct ss_buf *out);

/*
 * Nonzero when a and b are the same database: the same alias, or the same
 * driver, server (host, port or socket, on the same machine) and name.
 */
int ss_same_database(const struct ss_alias *a, const struct ss_alias *b);

/*
 * Ask `question` (one line, e.g. "@prod (h/db) → default (h/db): replace 65
 * tables, ~470 MB?").  -y answers yes, -n no; without a terminal and without
 * -y the answer is no.  Returns 0 for yes, -1 with SS_REFUSED otherwise
 * ("not confirmed: answered no", "not confirmed: no terminal to ask on; run
 * with -y to answer yes"; callers put the operation in front with
 * ss_error_prefix).  The question goes to stderr, the answer is read from
 * /dev/tty, never from stdin (which may carry data).  With -s (simulate) a
 * command shows its plan and does not call this at all.
 */
int ss_confirm(struct ss_ctx *ctx, const char *question, struct ss_error *err);

/*
 * The per-target lock, held in the target database server itself (MySQL
 * GET_LOCK, PostgreSQL pg_try_advisory_lock) on its own connection, so it
 * holds across machines.  Busy → SS_BUSY naming who holds it.
 * The caller owns *out and releases it with ss_lock_release().
 *
 * On a MySQL target, a swap that a killed run left unfinished is completed
 * first (rolled forward after its RENAME, back before it), with a warning
 * "recovered an interrupted swap from <time>" and a history record;
 * ss_lock_recovered() then returns nonzero (what the caller read of the
 * target before is stale).  A recovery that fails fails the acquisition.
 */
struct ss_lock;
int ss_lock_acquire(struct ss_ctx *ctx, const struct ss_alias *target,
		    const char *operation, struct ss_lock **out, struct ss_error *err);
int ss_lock_recovered(const struct ss_lock *lock);
void ss_lock_release(struct ss_lock *lock);

/*
 * The 64-bit PostgreSQL advisory lock key of a database name: FNV-1a of
 * "sitesync:" followed by the name, stable across runs, hosts and versions.
 */
long long ss_lock_key(const char *db_name);

/* One run, as `sitesync history` shows it. */
struct ss_history_entry {
	const char *command;   /* "sql-sync" */
	const char *source;    /* "@prod", or NULL */
	const char *target;    /* "default" */
	const char *status;    /* "ok", "failed", "refused", "busy", "simulated", "interrupted" */
	long long bytes;
	long long rows;        /* or files, for rsync */
	double seconds;
	time_t started;
	const char *error;     /* NULL when ok */
	const char *sanitize;  /* what sanitize rules did: a JSON array sitesync wrote
				* ([{"table","column","rule",...,"values"}...]), or NULL */
	/*
	 * sql-sync --incremental (all 0 otherwise): chunks compared and how
	 * many differed, the size of the tables synced (what a full copy
	 * moves, about) and the sums, keys and row hashes read to compare.
	 */
	long long chunks, chunks_differing, table_bytes, compare_bytes;
};

/*
 * Write e's members into the JSON object j has open: started (epoch
 * seconds), started_at (ISO 8601, UTC), command, source, target, status,
 * rows, bytes, seconds, chunks, chunks_differing, table_bytes and
 * compare_bytes (when chunks or table_bytes is set: --incremental), error
 * (anything like a password masked) and, when set, sanitize.  The
 * history file and `sitesync history --format=json` share this format.
 */
void ss_history_json_fields(struct ss_json *j, const struct ss_history_entry *e);

/*
 * Append an entry to the history file ($SITESYNC_HISTORY, else
 * $XDG_STATE_HOME/sitesync/history.jsonl).  No secret ever goes there.
 * A run that failed after SIGINT or SIGTERM came is recorded with status
 * "interrupted".
 */
int ss_history_append(const struct ss_history_entry *e, struct ss_error *err);

/*
 * Announce the run this command will record (its command, source, target
 * and started are copied; the rest is ignored): when a signal ends the run
 * before it appended its entry, the entry is appended then, with status
 * "interrupted" (sitesync/interrupt.h).  ss_history_append() ends the
 * announcement.
 */
void ss_history_begin(const struct ss_history_entry *e);

/* Path of the history file (static storage, valid until the next call). */
const char *ss_history_path(void);

/* Seconds since t0 on the monotonic clock. */
double ss_elapsed(const struct timespec *t0);

/*
 * End a run of a command: set h's status, error (err's message when rc is
 * not SS_OK) and seconds since t0, append h to the history (a failure there
 * is only a warning) and return rc, with err recorded through ctx when the
 * run failed.  The caller fills the other fields of h.
 */
int ss_history_finish(struct ss_ctx *ctx, struct ss_history_entry *h,
		      const struct timespec *t0, const char *status, int rc,
		      const struct ss_error *err);

/*
 * The last `limit` entries of the history (all when limit is 0), oldest
 * first.  A missing file is an empty history; lines that are not records
 * (a torn write, another tool's) are skipped and counted in nskipped.
 * The struct owns its entries and their strings: ss_history_release().
 */
struct ss_history {
	struct ss_history_entry *entries;
	size_t n;
	size_t nskipped;
};
int ss_history_load(size_t limit, struct ss_history *out, struct ss_error *err);
void ss_history_release(struct ss_history *h);

/*
 * Run the hook `event` of alias (e.g. "pre-sql-sync"): each command in turn
 * in the alias's root with its env-vars, on its host when remote.  Stops at
 * the first command that fails.  Local commands run with /bin/sh -c, with
 * stdout and stderr passed through; the variable named by db.password-env is
 * taken out of their environment and no password is ever put in.  Remote
 * ones run through the alias's SSH session (ss_ssh_exec: cd root, export the
 * env-vars, the remote login shell), output streamed.  No hook for the event
 * is success.
 */
int ss_hooks_run(struct ss_ctx *ctx, const struct ss_alias *alias,
		 const char *event, struct ss_error *err);

#endif

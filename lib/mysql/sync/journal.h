/*
 * journal.h - the swap journal of the MySQL engine (internal).
 *
 * MySQL DDL is not transactional: a swap is a sequence of statements (drop
 * the views and triggers in the way, one atomic RENAME TABLE, create the
 * objects the new tables need) and a process killed in the middle would
 * leave the target neither old nor new.  So before its first statement a
 * swap writes all of them, in order, into a journal table beside the
 * backup (SS_MYSYNC_JOURNAL, InnoDB: the rows are durable once the COMMIT
 * returns), marks each step done as it completes (SS_MYSYNC_JOURNAL_DONE,
 * a MEMORY table: a mark costs no disk flush inside the swap; a server
 * restart forgets the marks, and then every step of the phase runs again,
 * which is safe), and marks the head row finished at the end (InnoDB).  Whoever finds an unfinished journal (the next
 * command, under the target's lock) completes it: before the RENAME it
 * rolls back (what the steps dropped is created again from the journal),
 * after it rolls forward (the steps not done are run).  Every step can be
 * run twice, so a recovery can itself be killed and run again.
 *
 * Phases, in the order they run:
 *   B  before the RENAME: drops; `undo` creates again what `sql` dropped
 *   R  the RENAME TABLE; check_db.check_table exists before it, not after
 *   A  after it: creates (CREATE OR REPLACE where the server has it) and drops
 *   F  cleanups once the swap is complete (the empty shadow database)
 *   U  cleanups of a roll-back (the shadow, the fresh backup's record)
 *
 * While a swap runs, its connection holds the server lock
 * "sitesync-swap:<sha1 of the target database>", so a live swap is never
 * taken for an interrupted one, and a recovery waits until the statement a
 * killed process left running is over.
 */
#ifndef SS_MYSQL_SYNC_JOURNAL_H
#define SS_MYSQL_SYNC_JOURNAL_H

#include <stddef.h>
#include <mysql.h>

#include <sitesync/buf.h>
#include <sitesync/error.h>

#include "lib/mysql/catalog.h"

struct ss_mystep {
	int seq;              /* 1, 2, ... in the order they run */
	char phase;           /* 'B', 'R', 'A', 'F', 'U' */
	char *label;          /* "drop-view:v", "rename": the stop point is "<op>:<label>" */
	char *sql;            /* the statement */
	char *undo;           /* B: the CREATE putting back what sql dropped; else NULL */
	char *sql_mode, *charset, *collation, *time_zone; /* session of a CREATE */
	char *check_db, *check_table; /* R: a table that exists before it, not after */
	int done;
};

struct ss_myjournal {
	char *db;             /* the database the journal table is in */
	char *table;          /* its name (with the backup prefix in prefix mode) */
	char *marks;          /* the name of the table of marks */
	char *target_db;      /* the steps run with this default database */
	char op[16];          /* "swap" or "restore" */
	double started;       /* when the swap began (Unix time, server clock) */
	int finished;
	char *outcome;        /* how it finished: "ok", "rolled back", ... */
	struct ss_mystep *steps;
	size_t n, cap;
	int recovering;       /* run by a recovery: a CREATE finding its object is done */
};

/* An empty journal for target_db, to be written in db (table name prefix + SS_MYSYNC_JOURNAL). */
void ss_myjournal_init(struct ss_myjournal *j, const char *db, const char *prefix,
		       const char *target_db, const char *op);
void ss_myjournal_release(struct ss_myjournal *j);

/* Append a step running sql (owned by the journal from now on); returns it. */
struct ss_mystep *ss_myjournal_add(struct ss_myjournal *j, char phase, char *label, char *sql);

/* Append a step creating o (SHOW CREATE text in sql, o's session). */
struct ss_mystep *ss_myjournal_add_object(struct ss_myjournal *j, char phase, const char *verb,
					  const struct ss_my_object *o, char *sql);

/* The verb and kind of a step label: "drop-view:v". */
char *ss_myjournal_label(const char *verb, const struct ss_my_object *o);

/*
 * Write the journal (replacing any finished one): the table, then every
 * row in one transaction.  Its start time comes from the server.
 */
int ss_myjournal_write(MYSQL *m, struct ss_myjournal *j, struct ss_error *err);

/*
 * Find the journal of target_db (in the backup database, else prefixed in
 * target_db) and read it: *found is 0 when there is none, or when it holds
 * no head row (killed while it was written: no step ran).
 */
int ss_myjournal_read(MYSQL *m, const char *target_db, struct ss_myjournal *j, int *found,
		      struct ss_error *err);

/* Append the statement marking s done. */
void ss_myjournal_add_mark(struct ss_buf *q, const struct ss_myjournal *j,
			   const struct ss_mystep *s);

/* Mark step seq done / the journal finished with outcome. */
int ss_myjournal_mark(MYSQL *m, struct ss_myjournal *j, struct ss_mystep *s,
		      struct ss_error *err);
int ss_myjournal_finish(MYSQL *m, struct ss_myjournal *j, const char *outcome,
			struct ss_error *err);

/* Drop the journal table. */
int ss_myjournal_drop(MYSQL *m, const char *db, const char *prefix, struct ss_error *err);

/* Nonzero when table (without prefix) is one of the engine's own: store, journal. */
int ss_myjournal_is_meta(const char *table);

/*
 * The swap lock of target_db on m: wait 0 tries once, else waits that many
 * seconds.  1 taken, 0 held by another connection (its id in *holder),
 * -1 error.
 */
int ss_myjournal_lock(MYSQL *m, const char *target_db, int wait, long long *holder,
		      struct ss_error *err);
void ss_myjournal_unlock(MYSQL *m, const char *target_db);

/*
 * Before a swap: refuse when an interrupted one is not recovered, else
 * take the swap lock (released with ss_myjournal_unlock).
 */
int ss_myjournal_begin(MYSQL *m, const char *target_db, struct ss_error *err);

/*
 * Run the steps of each of phases ("BR", "A", ...) not done yet, marking
 * each; a stop point follows each (then one step per round trip, else as
 * many as fit in one).
 */
int ss_myjournal_forward(MYSQL *m, struct ss_myjournal *j, const char *phases,
			 struct ss_error *err);

/* Undo every B step (last first), then run the U steps. */
int ss_myjournal_back(MYSQL *m, struct ss_myjournal *j, struct ss_error *err);

/* Whether the R step happened (no R step: 1). */
int ss_myjournal_renamed(MYSQL *m, const struct ss_myjournal *j, int *renamed,
			 struct ss_error *err);

/*
 * Run a written journal as a live swap: B, R, A, F, then finish it.  The
 * caller holds the swap lock.  On failure *state says what is left
 * (SS_MYSYNC_SWAP_*): a failure before the RENAME is rolled back
 * (unchanged); after it the journal is finished as failed (renamed); when
 * the server is gone it stays for the next command (open).
 */
int ss_myjournal_run(MYSQL *m, struct ss_myjournal *j, int *state, struct ss_error *err);

/* "2024-05-01 12:00:03", the local time of t. */
void ss_myjournal_time(double t, char *out, size_t size);

#endif

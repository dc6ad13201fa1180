/* recover.c - an interrupted swap found from its journal, and completed or undone. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/sync/journal.h"
#include "lib/mysql/util.h"

/* Seconds a recovery waits for the statement a killed run left running. */
#define RECOVER_WAIT 120

static const char *command_of(const char *op)
{
	return !strcmp(op, "restore") ? "sql-sync --restore-backup" : "sql-sync";
}

/* What j says, into out (renamed left to the caller). */
static void describe(const struct ss_myjournal *j, struct ss_mysync_interrupted *out)
{
	out->found = 1;
	snprintf(out->command, sizeof(out->command), "%s", command_of(j->op));
	ss_myjournal_time(j->started, out->when, sizeof(out->when));
	out->steps = j->n;
	for (size_t i = 0; i < j->n; i++) {
		if (j->steps[i].phase == 'U')
			out->steps--;
		else if (j->steps[i].done)
			out->done++;
		else if (!out->next[0])
			snprintf(out->next, sizeof(out->next), "%s", j->steps[i].label);
	}
}

/* Read the journal: 1 with an unfinished one in j, 0 without. */
static int read_open(MYSQL *m, const char *target_db, struct ss_myjournal *j,
		     struct ss_error *err)
{
	int found;

	if (ss_myjournal_read(m, target_db, j, &found, err) < 0)
		return -1;
	if (found && j->finished) {
		ss_myjournal_release(j);
		found = 0;
	}
	return found;
}

int ss_mysync_interrupted(MYSQL *m, const char *target_db, struct ss_mysync_interrupted *out,
			  struct ss_error *err)
{
	struct ss_myjournal j;
	long long holder;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = read_open(m, target_db, &j, err);
	if (rc <= 0)
		return rc;
	describe(&j, out);
	rc = ss_myjournal_renamed(m, &j, &out->renamed, err);
	/* a swap running now holds the lock: try it, and give it back at once */
	if (rc == 0) {
		rc = ss_myjournal_lock(m, target_db, 0, &holder, err);
		if (rc == 1)
			ss_myjournal_unlock(m, target_db);
		out->running = rc == 0;
		out->holder = holder;
		rc = rc < 0 ? -1 : 0;
	}
	ss_myjournal_release(&j);
	return rc;
}

/*
 * Take the swap lock.  The caller holds the target's lock, so a holder is
 * a connection of a killed run, maybe still in its last statement: it is
 * killed, and the lock waited for until that statement is over.
 */
static int take_over(MYSQL *m, const char *target_db, struct ss_error *err)
{
	long long holder;
	char sql[64];
	int rc = ss_myjournal_lock(m, target_db, 0, &holder, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (holder) {
		snprintf(sql, sizeof(sql), "KILL CONNECTION %lld", holder);
		mysql_query(m, sql);  /* gone meanwhile: fine */
	}
	rc = ss_myjournal_lock(m, target_db, RECOVER_WAIT, &holder, err);
	if (rc == 0)
		return ss_error_set(err, SS_BUSY, "the connection %lld of the interrupted swap into"
				    " '%s' does not end", holder, target_db);
	return rc < 0 ? -1 : 0;
}

/*
 * Before the RENAME: undo.  After it: the steps after it that are not
 * marked done (every step before it ran, marked or not: running one of
 * those again could drop what a later step created).
 */
static int complete(MYSQL *m, struct ss_myjournal *j, int renamed, struct ss_error *err)
{
	j->recovering = 1;
	if (!renamed)
		return ss_myjournal_back(m, j, err) < 0 ? -1
			: ss_myjournal_finish(m, j, "rolled back by a recovery", err);
	if (ss_myjournal_forward(m, j, "AF", err) < 0)
		return -1;
	return ss_myjournal_finish(m, j, "rolled forward by a recovery", err);
}

int ss_mysync_recover(MYSQL *m, const char *target_db, struct ss_mysync_interrupted *out,
		      struct ss_error *err)
{
	struct ss_myjournal j;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = read_open(m, target_db, &j, err);
	if (rc <= 0)
		return rc;
	ss_myjournal_release(&j);
	if (take_over(m, target_db, err) < 0)
		return ss_error_prefix(err, "recovering the interrupted swap of '%s'", target_db);
	if (ss_mysync_target_session(m, err) < 0) {
		ss_myjournal_unlock(m, target_db);
		return -1;
	}
	/* again, under the lock: the killed connection may have gone further */
	rc = read_open(m, target_db, &j, err);
	if (rc > 0) {
		describe(&j, out);
		rc = ss_myjournal_renamed(m, &j, &out->renamed, err);
		if (rc == 0)
			rc = complete(m, &j, out->renamed, err);
		if (rc < 0)
			ss_error_prefix(err, "recovering the %s into '%s' of %s (journal `%s`.`%s`)"
					" failed", out->command, target_db, out->when, j.db, j.table);
		ss_myjournal_release(&j);
	}
	ss_myjournal_unlock(m, target_db);
	return rc < 0 ? -1 : 0;
}

int ss_myjournal_begin(MYSQL *m, const char *target_db, struct ss_error *err)
{
	struct ss_mysync_interrupted was;
	long long holder;
	int rc;

	if (ss_mysync_interrupted(m, target_db, &was, err) < 0)
		return -1;
	if (was.found)
		return ss_error_set(err, SS_FAILED, "the %s into '%s' of %s was interrupted and is"
				    " not recovered yet", was.command, target_db, was.when);
	rc = ss_myjournal_lock(m, target_db, 0, &holder, err);
	if (rc == 0)
		ss_error_set(err, SS_BUSY, "another swap into '%s' is running (connection %lld)",
			     target_db, holder);
	return rc > 0 ? 0 : -1;
}

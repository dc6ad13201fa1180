/* journal_run.c - running the steps of a swap journal: forward, back, and a live swap. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/core/debug.h"
#include "lib/mysql/sync/internal.h"
#include "lib/mysql/sync/journal.h"
#include "lib/mysql/util.h"

static const char *const kind_words[] = { "view", "trigger", "procedure", "function", "event" };

/* The object a CREATE step makes ("create-view:v"), for its session and messages. */
static void step_object(const struct ss_mystep *s, struct ss_my_object *o)
{
	const char *dash = strchr(s->label, '-'), *colon = strchr(s->label, ':');

	memset(o, 0, sizeof(*o));
	o->kind = SS_MY_VIEW;
	for (size_t k = 0; dash && colon && k < sizeof(kind_words) / sizeof(*kind_words); k++)
		if ((size_t)(colon - dash - 1) == strlen(kind_words[k]) &&
		    !strncmp(dash + 1, kind_words[k], strlen(kind_words[k])))
			o->kind = (enum ss_my_object_kind)k;
	o->name = (char *)(colon ? colon + 1 : s->label);
	o->sql_mode = s->sql_mode;
	o->charset = s->charset;
	o->collation = s->collation;
	o->time_zone = s->time_zone;
}

/*
 * Run sql of step s: 0 done, 1 later (a missing dependency), -1 failed.
 * A CREATE whose object exists counts as done when exists_ok.
 */
static int run_sql(MYSQL *m, const struct ss_mystep *s, const char *sql, int exists_ok,
		   struct ss_error *err)
{
	struct ss_my_object o;
	int rc;

	if (strncmp(sql, "CREATE", 6)) {
		if (ss_my_exec(m, "target", sql, err) < 0)
			return ss_error_prefix(err, "%s", s->label);
		return 0;
	}
	step_object(s, &o);
	rc = ss_mysync_exec_create(m, sql, &o, err);
	if (rc == 2)
		rc = exists_ok ? 0 : -1;
	return rc;
}

static int use_target(MYSQL *m, const struct ss_myjournal *j, struct ss_error *err)
{
	if (mysql_select_db(m, j->target_db))
		return ss_my_error(m, "target", err);
	return 0;
}

/* Statements of one round trip: up to about this many bytes. */
#define BATCH_BYTES (512u << 10)

/* Steps sent in one round trip: each its statements and its mark. */
struct batch {
	struct ss_buf sql;
	size_t *steps, nsteps;   /* indexes into j->steps */
	size_t *owner, nstmts;   /* per statement: its step's index in steps[] */
};

static void batch_stmt(struct batch *b, size_t k)
{
	ss_buf_adds(&b->sql, ";\n");
	b->owner[b->nstmts++] = k;
}

static void batch_add(struct batch *b, MYSQL *m, const struct ss_myjournal *j, size_t i)
{
	const struct ss_mystep *s = &j->steps[i];
	size_t k = b->nsteps++;

	b->steps[k] = i;
	if (!strncmp(s->sql, "CREATE", 6)) {
		struct ss_my_object o;

		step_object(s, &o);
		ss_mysync_add_session(&b->sql, m, &o);
		batch_stmt(b, k);
	}
	ss_buf_adds(&b->sql, s->sql);
	batch_stmt(b, k);
	ss_myjournal_add_mark(&b->sql, j, s);
	batch_stmt(b, k);
}

/*
 * Send b in one round trip (the connection takes several statements): the
 * server runs them in order and stops at the first that fails.  Returns how
 * many of b's steps ran whole, their marks included.
 */
static size_t batch_run(MYSQL *m, struct batch *b)
{
	size_t ran = 0;
	int status = mysql_real_query(m, b->sql.data, b->sql.len);

	while (status == 0) {
		MYSQL_RES *res = mysql_store_result(m);

		if (res)
			mysql_free_result(res);
		ran++;
		status = mysql_next_result(m);
	}
	return status < 0 ? b->nsteps : b->owner[ran];
}

/* Run step i alone; 0 done (and marked), 1 later, -1 failed. */
static int run_one(MYSQL *m, struct ss_myjournal *j, size_t i, struct ss_error *err)
{
	struct ss_mystep *s = &j->steps[i];
	int r = run_sql(m, s, s->sql, j->recovering, err);

	if (r != 0)
		return r;
	ss_debug_stop2(j->op, s->label);
	return ss_myjournal_mark(m, j, s, err);
}

/*
 * Run the steps of phase not done yet, in rounds: a step that waits for a
 * later one (a view on a view) is tried again in the next round.  Unless
 * stop points are asked for, the steps go in batches, one round trip each;
 * a step that fails in a batch is run alone (the definer fallback, a
 * dependency for a later round).
 */
static int forward_phase(MYSQL *m, struct ss_myjournal *j, char phase, struct batch *b,
			 struct ss_error *err)
{
	char *pending = ss_xcalloc(j->n + 1, 1);
	size_t left = 0;
	int rc = 0, progress = 1;

	for (size_t i = 0; i < j->n; i++)
		if (j->steps[i].phase == phase && !j->steps[i].done) {
			pending[i] = 1;
			left++;
		}
	while (left && progress && rc == 0) {
		size_t i = 0;

		progress = 0;
		while (i < j->n && rc == 0) {
			int r;

			if (!pending[i]) {
				i++;
				continue;
			}
			if (b) {
				size_t k, ran;

				ss_buf_reset(&b->sql);
				b->nsteps = b->nstmts = 0;
				for (k = i; k < j->n && b->sql.len < BATCH_BYTES; k++)
					if (pending[k])
						batch_add(b, m, j, k);
				ran = batch_run(m, b);
				for (size_t x = 0; x < ran; x++) {
					j->steps[b->steps[x]].done = 1;
					pending[b->steps[x]] = 0;
					left--;
					progress = 1;
				}
				if (ran == b->nsteps) {
					i = k;
					continue;
				}
				i = b->steps[ran];
			}
			r = run_one(m, j, i, err);
			if (r < 0)
				rc = -1;
			if (r == 0) {
				pending[i] = 0;
				left--;
				progress = 1;
			}
			i++;
		}
	}
	free(pending);
	if (rc == 0 && left)
		rc = -1;  /* err holds the last dependency failure */
	return rc;
}

int ss_myjournal_forward(MYSQL *m, struct ss_myjournal *j, const char *phases,
			 struct ss_error *err)
{
	struct batch b, *batch = NULL;
	int rc;

	if (use_target(m, j, err) < 0)
		return -1;
	if (!ss_debug_active() && !mysql_set_server_option(m, MYSQL_OPTION_MULTI_STATEMENTS_ON)) {
		memset(&b, 0, sizeof(b));
		b.steps = ss_xcalloc(j->n + 1, sizeof(*b.steps));
		b.owner = ss_xcalloc(3 * j->n + 1, sizeof(*b.owner));
		batch = &b;
	}
	rc = 0;
	for (const char *p = phases; *p && rc == 0; p++)
		rc = forward_phase(m, j, *p, batch, err);
	if (batch) {
		mysql_set_server_option(m, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
		ss_buf_release(&b.sql);
		free(b.steps);
		free(b.owner);
	}
	ss_mysync_end_objects(m);
	return rc;
}

/* Undo every B step that has an undo (last first, in rounds), then run the U steps. */
int ss_myjournal_back(MYSQL *m, struct ss_myjournal *j, struct ss_error *err)
{
	char *pending = ss_xcalloc(j->n + 1, 1);
	size_t left = 0;
	int rc = 0, progress = 1;

	if (use_target(m, j, err) < 0) {
		free(pending);
		return -1;
	}
	for (size_t i = 0; i < j->n; i++)
		if (j->steps[i].phase == 'B' && j->steps[i].undo) {
			pending[i] = 1;
			left++;
		}
	while (left && progress && rc == 0) {
		progress = 0;
		for (size_t k = j->n; k-- > 0 && rc == 0;) {
			struct ss_mystep *s = &j->steps[k];
			char *label;
			int r;

			if (!pending[k])
				continue;
			r = run_sql(m, s, s->undo, 1, err);
			if (r < 0)
				rc = -1;
			if (r != 0)
				continue;
			label = ss_xasprintf("undo-%s", s->label);
			ss_debug_stop2(j->op, label);
			free(label);
			pending[k] = 0;
			left--;
			progress = 1;
		}
	}
	free(pending);
	ss_mysync_end_objects(m);
	if (rc == 0 && left)
		rc = -1;
	if (rc == 0)
		rc = ss_myjournal_forward(m, j, "U", err);
	return rc;
}

int ss_myjournal_renamed(MYSQL *m, const struct ss_myjournal *j, int *renamed,
			 struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	int rc;

	*renamed = 1;
	for (size_t i = 0; i < j->n; i++) {
		const struct ss_mystep *s = &j->steps[i];

		if (s->phase != 'R' || !s->check_db || !s->check_table)
			continue;
		ss_buf_adds(&q, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ");
		ss_my_add_literal(&q, m, s->check_db);
		ss_buf_adds(&q, " AND TABLE_NAME = ");
		ss_my_add_literal(&q, m, s->check_table);
		rc = ss_my_select(m, "target", q.data, &res, err);
		ss_buf_release(&q);
		if (rc < 0)
			return -1;
		*renamed = mysql_num_rows(res) == 0;
		mysql_free_result(res);
		break;
	}
	return 0;
}

/* The server is gone: nothing more can be done on it now. */
static int lost(MYSQL *m)
{
	return ss_my_conn_lost(mysql_errno(m));
}

/* After a failure before or in the RENAME: back when it did not happen. */
static int fail_early(MYSQL *m, struct ss_myjournal *j, int *state, struct ss_error *err)
{
	struct ss_error e2;
	char *why = ss_xstrdup(err->msg), *outcome;
	int renamed;

	*state = SS_MYSYNC_SWAP_OPEN;
	if (lost(m) || ss_myjournal_renamed(m, j, &renamed, &e2) < 0) {
		free(why);
		return -1;
	}
	if (renamed) {
		free(why);
		return 1;  /* the RENAME went through after all: go on */
	}
	if (ss_myjournal_back(m, j, &e2) < 0) {
		ss_error_set(err, SS_FAILED, "%s; rolling it back failed too: %s", why, e2.msg);
		free(why);
		return -1;
	}
	outcome = ss_xasprintf("rolled back: %s", why);
	if (ss_myjournal_finish(m, j, outcome, &e2) == 0)
		*state = SS_MYSYNC_SWAP_UNCHANGED;
	free(outcome);
	free(why);
	return -1;
}

int ss_myjournal_run(MYSQL *m, struct ss_myjournal *j, int *state, struct ss_error *err)
{
	struct ss_error e2;
	char *outcome;
	int rc;

	*state = SS_MYSYNC_SWAP_OPEN;
	ss_debug_stop2(j->op, "journal");
	if (ss_myjournal_forward(m, j, "BR", err) < 0) {
		rc = fail_early(m, j, state, err);
		if (rc < 0)
			return -1;
	}
	if (ss_myjournal_forward(m, j, "A", err) < 0) {
		if (lost(m))
			return -1;
		outcome = ss_xasprintf("failed after the rename: %s", err->msg);
		if (ss_myjournal_finish(m, j, outcome, &e2) == 0)
			*state = SS_MYSYNC_SWAP_RENAMED;
		free(outcome);
		return -1;
	}
	/* cleanups: a failure there leaves the target as it should be */
	if (ss_myjournal_forward(m, j, "F", &e2) < 0 && lost(m))
		return ss_error_set(err, SS_FAILED, "%s", e2.msg);
	if (ss_myjournal_finish(m, j, "ok", err) < 0)
		return -1;
	*state = SS_MYSYNC_SWAP_UNCHANGED;
	return 0;
}

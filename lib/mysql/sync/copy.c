/* copy.c - the coordinator: shadow tables, snapshot, workers, progress. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

int ss_mysync_source_session(MYSQL *m, struct ss_error *err)
{
	/* bytes leave the server as stored: no conversion of any column */
	if (ss_my_exec(m, "source",
		       "SET NAMES utf8mb4, character_set_results = binary,"
		       " time_zone = '+00:00', SESSION net_write_timeout = 86400", err) < 0)
		return -1;
	return ss_my_exec(m, "source", "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
			  err);
}

int ss_mysync_target_session(MYSQL *m, struct ss_error *err)
{
	unsigned long version;
	int mariadb = ss_my_is_mariadb(m, &version);

	if (ss_my_exec(m, "target",
		       "SET NAMES utf8mb4, time_zone = '+00:00', foreign_key_checks = 0,"
		       " sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION',"
		       " SESSION net_read_timeout = 86400", err) < 0)
		return -1;
	/* unique_checks=0 takes table locks for bulk loads on MariaDB >= 10.6 */
	if (!(mariadb && version >= 100600) &&
	    ss_my_exec(m, "target", "SET unique_checks = 0", err) < 0)
		return -1;
	/* not replicated when the user may say so; fine when it may not */
	if (mysql_query(m, "SET sql_log_bin = 0") && !ss_my_denied(mysql_errno(m)))
		return ss_my_error(m, "target", err);
	return 0;
}

/* Prefixed shadow tables left over in the target database by a killed run. */
static int drop_prefixed(MYSQL *tgt, struct ss_mysync_plan *plan, const char *prefix,
			 struct ss_error *err)
{
	for (size_t i = 0; i < plan->target.ntables; i++) {
		const char *name = plan->target.tables[i].name;
		struct ss_buf q = SS_BUF_INIT;
		int rc;

		if (strncmp(name, prefix, strlen(prefix)))
			continue;
		ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
		ss_my_add_qualified(&q, plan->target_db, name);
		rc = ss_my_exec(tgt, "target", q.data, err);
		ss_buf_release(&q);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The shadow database, or prefix mode when CREATE DATABASE is denied. */
static int create_shadow(MYSQL *tgt, struct ss_mysync_plan *plan,
			 const struct ss_sync_hooks *hooks, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	ss_buf_adds(&q, "DROP DATABASE IF EXISTS ");
	ss_my_add_ident(&q, plan->shadow_db);
	rc = mysql_query(tgt, q.data);
	if (!rc) {
		ss_buf_reset(&q);
		ss_buf_adds(&q, "CREATE DATABASE ");
		ss_my_add_ident(&q, plan->shadow_db);
		rc = mysql_query(tgt, q.data);
	}
	ss_buf_release(&q);
	if (!rc)
		return 0;
	if (!ss_my_denied(mysql_errno(tgt)))
		return ss_my_error(tgt, "target", err);
	if (hooks && hooks->warn)
		hooks->warn(hooks->arg, "target user may not create databases: shadow and"
			    " backup tables go into the target database with prefixes");
	free(plan->shadow_db);
	free(plan->backup_db);
	plan->shadow_db = ss_xstrdup(plan->target_db);
	plan->backup_db = ss_xstrdup(plan->target_db);
	plan->shadow_prefix = SS_MYSYNC_SHADOW_PREFIX;
	plan->backup_prefix = SS_MYSYNC_BACKUP_PREFIX;
	return drop_prefixed(tgt, plan, plan->shadow_prefix, err);
}

static int create_tables(MYSQL *tgt, struct ss_mysync_plan *plan, struct ss_error *err)
{
	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_mysync_table *t = &plan->tables[i];

		if (ss_my_ddl_split(t->src->create_sql, plan->shadow_db, plan->shadow_prefix,
				    t->src->name, &t->ddl, err) < 0 ||
		    ss_my_exec(tgt, "target", t->ddl.create, err) < 0)
			return ss_error_prefix(err, "creating shadow table '%s'", t->src->name);
	}
	return 0;
}

void ss_mysync_drop_shadow(MYSQL *tgt, struct ss_mysync_plan *plan)
{
	struct ss_buf q = SS_BUF_INIT;

	if (!*plan->shadow_prefix) {
		ss_buf_adds(&q, "DROP DATABASE IF EXISTS ");
		ss_my_add_ident(&q, plan->shadow_db);
		mysql_query(tgt, q.data);
		ss_buf_release(&q);
		return;
	}
	for (size_t i = 0; i < plan->ntables; i++) {
		char *name = ss_xasprintf("%s%s", plan->shadow_prefix, plan->tables[i].src->name);

		ss_buf_reset(&q);
		ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
		ss_my_add_qualified(&q, plan->shadow_db, name);
		mysql_query(tgt, q.data);
		free(name);
	}
	ss_buf_release(&q);
}

static void build_work(struct ss_myrun *run)
{
	struct ss_mysync_plan *plan = run->plan;
	int *nchunks = ss_xcalloc(plan->ntables + 1, sizeof(*nchunks));
	long long *bytes = ss_xcalloc(plan->ntables + 1, sizeof(*bytes));

	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_mysync_table *t = &plan->tables[i];

		nchunks[i] = t->nchunks;
		bytes[i] = t->src->data_bytes;
		atomic_store(&t->chunks_left, t->nchunks ? t->nchunks : 1);
	}
	run->work = ss_sync_work_build(plan->ntables, nchunks, bytes, &run->nwork);
	run->taken = ss_xcalloc(run->nwork ? run->nwork : 1, 1);
	free(nchunks);
	free(bytes);
}

/* Stop what the workers are running now: their source reads and target loads. */
static void kill_workers(MYSQL *src, MYSQL *tgt, struct ss_myworker *w, int n)
{
	char q[64];

	for (int i = 0; i < n; i++) {
		snprintf(q, sizeof(q), "KILL QUERY %lu", w[i].src_id);
		mysql_query(src, q);
		snprintf(q, sizeof(q), "KILL QUERY %lu", w[i].tgt_id);
		mysql_query(tgt, q);
	}
}

/*
 * A worker can stay blocked after KILL QUERY: a source still "Writing to
 * net" to a client that no longer reads, or a client waiting for the end of
 * a killed LOAD DATA LOCAL, until the net timeouts (a minute).  Shutting the
 * workers' sockets down wakes them at once; the servers roll back as for a
 * lost client.  The handles stay open (and unusable) until the caller
 * closes them.
 */
static void cut_workers(struct ss_mysync_conns *c, int n)
{
	for (int i = 0; i < n; i++) {
		my_socket s = mysql_get_socket(c->wsrc[i]);

		if (s != (my_socket)-1)
			shutdown(s, SHUT_RDWR);
		s = mysql_get_socket(c->wtgt[i]);
		if (s != (my_socket)-1)
			shutdown(s, SHUT_RDWR);
	}
}

/*
 * A worker connection the server dropped (KILL CONNECTION) can leave its
 * worker blocked in a write for minutes, its peer gone but the socket not
 * yet reset.  Once a second the coordinator looks for every worker
 * connection of one side (source: 0, target: 1) in that server's process
 * list; -1 with err when one is missing.  A list that cannot be read says
 * nothing: a broken coordinator connection shows up elsewhere.
 */
static int check_alive(MYSQL *m, const struct ss_myworker *w, int n, int side,
		       struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	char *seen = ss_xcalloc((size_t)n, 1);
	int rc = 0;

	ss_buf_adds(&q, "SELECT ID FROM information_schema.PROCESSLIST WHERE ID IN (");
	for (int i = 0; i < n; i++)
		ss_buf_addf(&q, "%s%lu", i ? "," : "", side ? w[i].tgt_id : w[i].src_id);
	ss_buf_adds(&q, ")");
	if (mysql_real_query(m, q.data, q.len) || !(res = mysql_store_result(m))) {
		ss_buf_release(&q);
		free(seen);
		return 0;
	}
	while ((row = mysql_fetch_row(res)))
		for (int i = 0; i < n; i++)
			if (row[0] && strtoul(row[0], NULL, 10) == (side ? w[i].tgt_id : w[i].src_id))
				seen[i] = 1;
	mysql_free_result(res);
	for (int i = 0; i < n && rc == 0; i++)
		if (!seen[i])
			rc = ss_error_set(err, SS_FAILED, "%s: the server closed the connection of"
					  " worker %d (killed?)", side ? "target" : "source", i + 1);
	ss_buf_release(&q);
	free(seen);
	return rc;
}

/* The shared loop's view of a MySQL run. */
struct coord {
	struct ss_myrun *run;
	struct ss_myworker *w;
};

static void coord_stop(void *arg, int round, int started)
{
	struct coord *k = arg;

	if (round % 10 == 0)
		kill_workers(k->run->c->src, k->run->c->tgt, k->w, started);
	if (round == 5)
		cut_workers(k->run->c, started);
}

static int coord_check(void *arg, int round, int started, struct ss_error *err)
{
	struct coord *k = arg;

	if (round % 10)
		return 0;
	if (check_alive(k->run->c->src, k->w, started, 0, err) < 0 ||
	    check_alive(k->run->c->tgt, k->w, started, 1, err) < 0)
		return -1;
	return 0;
}

static int run_workers(struct ss_myrun *run, const struct ss_sync_hooks *hooks,
		       volatile sig_atomic_t *abort, struct ss_sync_stats *st,
		       struct ss_error *err)
{
	struct ss_myworker *w = ss_xcalloc((size_t)run->s.njobs, sizeof(*w));
	struct coord k = { run, w };
	struct ss_sync_driver d = {
		.worker_main = ss_myworker_main,
		.stop = coord_stop,
		.check = coord_check,
		.arg = &k,
		.nap_ms = 100,
	};
	int rc;

	for (int i = 0; i < run->s.njobs; i++) {
		w[i].run = run;
		w[i].index = i;
		w[i].src_id = mysql_thread_id(run->c->wsrc[i]);
		w[i].tgt_id = mysql_thread_id(run->c->wtgt[i]);
	}
	rc = ss_sync_run_workers(&run->s, &d, w, sizeof(*w), hooks, abort, st, err);
	free(w);
	return rc;
}

int ss_mysync_copy(struct ss_mysync_conns *c, struct ss_mysync_plan *plan,
		   const struct ss_sync_hooks *hooks, volatile sig_atomic_t *abort,
		   struct ss_sync_stats *stats, int *jobs_used, struct ss_error *err)
{
	struct ss_myrun run;
	char why[256];
	int rc = -1;

	memset(&run, 0, sizeof(run));
	ss_sync_run_init(&run.s, plan->ntables, c->njobs, plan->est_rows, plan->est_bytes,
			 stats);
	run.plan = plan;
	run.c = c;

	for (int i = 0; i < c->njobs; i++)
		if (ss_mysync_source_session(c->wsrc[i], err) < 0 ||
		    ss_mysync_sanitize_session(c->wsrc[i], plan, err) < 0 ||
		    ss_mysync_target_session(c->wtgt[i], err) < 0 ||
		    /* keys read back from the shadow as stored, like the source's */
		    (plan->incremental &&
		     ss_my_exec(c->wtgt[i], "target", "SET character_set_results = binary", err) < 0))
			goto out;
	if (create_shadow(c->tgt, plan, hooks, err) < 0)
		goto out;
	if (create_tables(c->tgt, plan, err) < 0 ||
	    ss_mysync_snapshot(c->src, c->wsrc, &run.s.njobs, why, sizeof(why), err) < 0)
		goto drop;
	if (why[0] && hooks && hooks->warn)
		hooks->warn(hooks->arg, why);
	*jobs_used = run.s.njobs;
	build_work(&run);
	if (abort && *abort) {
		ss_error_set(err, SS_FAILED, "interrupted");
		goto drop;
	}
	if (run_workers(&run, hooks, abort, stats, err) < 0)
		goto drop;
	rc = 0;
	goto out;
drop:
	ss_mysync_drop_shadow(c->tgt, plan);
out:
	/* end the snapshot transactions */
	for (int i = 0; i < c->njobs; i++)
		mysql_query(c->wsrc[i], "COMMIT");
	free(run.work);
	free(run.taken);
	ss_sync_run_release(&run.s);
	return rc;
}

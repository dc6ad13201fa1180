/*
 * sql_sync.c - `sitesync sql-sync SOURCE TARGET`: copy a MySQL/MariaDB
 * database into a shadow on the target server from one consistent snapshot
 * with parallel streamed loads, then swap it in atomically.  PostgreSQL
 * pairs go to pg_run.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sitesync/sitesync.h>

#include "lib/mysql_sync.h"
#include "lib/mysql_util.h"
#include "plugins/sql-sync/sql_sync.h"
#include "plugins/sql-sync/sql_sync_pg.h"

static const struct ss_option options[] = {
	{ "jobs", 'j', SS_OPT_INT, "N", "parallel workers (default: cores, at least 2)" },
	{ "tables-list", 0, SS_OPT_STRING, "LIST", "copy only these tables (comma list, * wildcards)" },
	{ "skip-tables-list", 0, SS_OPT_STRING, "LIST", "leave these tables out" },
	{ "structure-tables-list", 0, SS_OPT_STRING, "LIST", "copy these tables without rows" },
	{ "tables-key", 0, SS_OPT_STRING, "KEY", "the tables list named KEY in the settings" },
	{ "skip-tables-key", 0, SS_OPT_STRING, "KEY", "the skip list named KEY in the settings" },
	{ "structure-tables-key", 0, SS_OPT_STRING, "KEY", "the structure list named KEY in the settings" },
	{ "create-db", 0, SS_OPT_FLAG, NULL, "create the target database when missing" },
	{ "no-backup", 0, SS_OPT_FLAG, NULL, "drop the previous target tables at the end" },
	{ "keep-extra-tables", 0, SS_OPT_FLAG, NULL, "keep tables that exist only in the target" },
	{ "restore-backup", 0, SS_OPT_FLAG, NULL, "swap the backup of the last sync back into TARGET" },
	{ "schemas", 0, SS_OPT_STRING, "LIST", "PostgreSQL: the schemas to copy (default: all)" },
	{ "skip-unsupported", 0, SS_OPT_FLAG, NULL, "PostgreSQL: leave out objects that cannot be copied" },
	{ 0 }
};

/* Everything one run holds, released by run_release(). */
struct run {
	struct ss_ctx *ctx;
	const struct ss_alias *source, *target;
	struct sync_lists lists;
	struct sync_conns conns;
	struct ss_mysync_plan plan;
	int have_plan;
	struct ss_lock *lock;
	struct ss_mysync_stats stats;
	int jobs;
	double t0;
	time_t started;
};

static void record(struct run *r, const char *status, const char *error)
{
	struct ss_history_entry e = {
		.command = "sql-sync",
		.source = r->source ? r->source->name : NULL,
		.target = r->target ? r->target->name : NULL,
		.status = status,
		.bytes = r->stats.bytes,
		.rows = r->stats.rows,
		.seconds = ss_mysync_now() - r->t0,
		.started = r->started,
		.error = error,
	};
	struct ss_error err;

	if (ss_history_append(&e, &err) < 0)
		ss_warn(r->ctx, "%s", err.msg);
}

/* Fail the run: history and the host's error report. */
static int fail(struct run *r, const char *status, struct ss_error *err)
{
	record(r, status, err->msg);
	return ss_fail_err(r->ctx, err);
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 2 ? 2 : n > 64 ? 64 : (int)n;
}

static int check_aliases(struct run *r, struct ss_error *err)
{
	const struct ss_alias *a[2] = { r->source, r->target };

	for (int i = 0; i < 2; i++) {
		if (!a[i]->has_db || a[i]->db.driver == SS_DB_NONE)
			return ss_error_set(err, SS_FAILED, "alias '%s' has no database (db: key)",
					    a[i]->name);
		if (!a[i]->db.name || !*a[i]->db.name)
			return ss_error_set(err, SS_FAILED, "alias '%s' names no database (db.name)",
					    a[i]->name);
	}
	if (r->source->db.driver != r->target->db.driver)
		return ss_error_set(err, SS_FAILED, "cannot sync between %s '%s' and %s '%s'",
				    ss_db_driver_name(r->source->db.driver), r->source->name,
				    ss_db_driver_name(r->target->db.driver), r->target->name);
	return 0;
}

static void on_warn(void *arg, const char *msg)
{
	struct sync_report *rep = arg;

	sync_report_clear(rep);
	ss_warn(rep->ctx, "%s", msg);
}

/* Create the target database when missing and allowed to. */
static int ensure_target_db(struct run *r, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	if (r->plan.target_exists)
		return 0;
	ss_buf_adds(&q, "CREATE DATABASE IF NOT EXISTS ");
	ss_my_add_ident(&q, r->plan.target_db);
	rc = ss_my_exec(r->conns.my.tgt, "target", q.data, err);
	ss_buf_release(&q);
	return rc;
}

static int do_sync(struct run *r)
{
	struct ss_ctx *ctx = r->ctx;
	const struct ss_global *g = ss_ctx_global(ctx);
	struct ss_mysync_select sel = { 0 };
	struct sync_report rep = { .ctx = ctx };
	struct ss_mysync_hooks hooks;
	struct ss_error err;
	char size[32], *question;
	int used = 0, rc;

	if (check_aliases(r, &err) < 0)
		return fail(r, "failed", &err);
	if (r->source->db.driver == SS_DB_PGSQL)
		return sync_pg_run(ctx, r->source, r->target, r->jobs, r->t0, r->started);
	if (ss_policy_check(r->source, r->target, "sql-sync", &err) < 0)
		return fail(r, err.status == SS_REFUSED ? "refused" : "failed", &err);
	if (sync_lists_load(ctx, r->source, r->target, &r->lists, &err) < 0)
		return fail(r, "failed", &err);
	sel.tables = r->lists.tables;
	sel.skip = r->lists.skip;
	sel.structure = r->lists.structure;
	sel.keep_extra = ss_opt_flag(ctx, "keep-extra-tables");

	if (sync_conns_open_coord(ctx, r->source, r->target, &r->conns, &err) < 0 ||
	    ss_mysync_source_session(r->conns.my.src, &err) < 0 ||
	    ss_mysync_target_session(r->conns.my.tgt, &err) < 0 ||
	    ss_mysync_plan_build(r->conns.my.src, r->source->db.name, r->conns.my.tgt,
				 r->target->db.name, &sel, r->jobs, &r->plan, &err) < 0)
		return fail(r, "failed", &err);
	r->have_plan = 1;
	if (!r->plan.target_exists && !ss_opt_flag(ctx, "create-db")) {
		ss_error_set(&err, SS_FAILED, "target database '%s' does not exist on '%s'"
			     " (--create-db creates it)", r->target->db.name, sync_where(r->target));
		return fail(r, "failed", &err);
	}
	if (g->simulate) {
		sync_print_plan(ctx, r->source, r->target, &r->plan);
		record(r, "simulated", NULL);
		return SS_OK;
	}

	question = ss_xasprintf("%s (%s) → %s (%s): replace %zu tables, ~%s?", r->source->name,
				sync_where(r->source), r->target->name, sync_where(r->target),
				r->plan.ntables,
				ss_format_bytes(r->plan.est_bytes, size, sizeof(size)));
	rc = ss_confirm(ctx, question, &err);
	free(question);
	if (rc < 0)
		return fail(r, "refused", &err);
	if (ss_lock_acquire(ctx, r->target, "sql-sync", &r->lock, &err) < 0)
		return fail(r, err.status == SS_BUSY ? "busy" : "failed", &err);
	if (ss_hooks_run(ctx, r->target, "pre-sql-sync", &err) < 0)
		return fail(r, "failed", &err);
	if (ss_opt_flag(ctx, "create-db") && ensure_target_db(r, &err) < 0)
		return fail(r, "failed", &err);
	if (sync_conns_open_workers(ctx, r->source, r->target, r->jobs, &r->conns, &err) < 0)
		return fail(r, "failed", &err);

	rep.progress = g->progress && !g->quiet && !ss_ctx_json(ctx);
	sync_report_hooks(&rep, &hooks);
	hooks.warn = on_warn;
	sync_signals_install();
	rc = ss_mysync_copy(&r->conns.my, &r->plan, &hooks, &sync_stop, &r->stats, &used, &err);
	sync_report_clear(&rep);
	if (rc == 0 && sync_stop) {
		ss_mysync_drop_shadow(r->conns.my.tgt, &r->plan);
		ss_error_set(&err, SS_FAILED, "interrupted");
		rc = -1;
	}
	if (rc == 0)
		rc = ss_mysync_swap(r->conns.my.tgt, &r->plan, &err);
	sync_signals_restore();
	if (rc < 0) {
		ss_mysync_drop_shadow(r->conns.my.tgt, &r->plan);
		ss_error_prefix(&err, "sql-sync failed, '%s' is unchanged", r->target->name);
		return fail(r, "failed", &err);
	}
	if (ss_mysync_objects(r->conns.my.tgt, &r->plan, &hooks, &err) < 0)
		return fail(r, "failed", sync_roll_back(r->conns.my.tgt, &r->plan, r->target, &err));
	if (ss_opt_flag(ctx, "no-backup") &&
	    ss_mysync_drop_backup(r->conns.my.tgt, &r->plan, &err) < 0)
		return fail(r, "failed", &err);
	if (ss_hooks_run(ctx, r->target, "post-sql-sync", &err) < 0)
		return fail(r, "failed", &err);
	record(r, "ok", NULL);
	sync_print_summary(ctx, r->source, r->target, &r->plan, &r->stats, used,
			   ss_mysync_now() - r->t0, ss_opt_flag(ctx, "no-backup"));
	return SS_OK;
}

static void run_release(struct run *r)
{
	if (r->have_plan)
		ss_mysync_plan_release(&r->plan);
	sync_conns_close(&r->conns);
	if (r->lock)
		ss_lock_release(r->lock);
	sync_lists_release(&r->lists);
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	struct run r;
	struct ss_error err;
	long jobs = ss_opt_int(ctx, "jobs", 0);
	int rc;

	if (ss_opt_flag(ctx, "restore-backup")) {
		if (argc != 2)
			return ss_fail(ctx, SS_USAGE, "--restore-backup takes one alias: the target");
		return sync_restore(ctx, argv[1]);
	}
	if (argc != 3)
		return ss_fail(ctx, SS_USAGE, "sql-sync takes two aliases: SOURCE TARGET");
	if (ss_opt_str(ctx, "jobs") && (jobs < 1 || jobs > 64))
		return ss_fail(ctx, SS_USAGE, "--jobs must be between 1 and 64");
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.jobs = jobs ? (int)jobs : default_jobs();
	r.t0 = ss_mysync_now();
	r.started = time(NULL);
	mysql_library_init(0, NULL, NULL);
	if (ss_ctx_alias(ctx, argv[1], &r.source, &err) < 0 ||
	    ss_ctx_alias(ctx, argv[2], &r.target, &err) < 0)
		return ss_fail_err(ctx, &err);
	rc = do_sync(&r);
	run_release(&r);
	return rc;
}

static const struct ss_command sql_sync = {
	SITESYNC_COMMAND_HEADER,
	.name = "sql-sync",
	.summary = "copy a database into another environment's, atomically",
	.usage = "SOURCE TARGET [options]\n"
		 "       --restore-backup TARGET\n\n"
		 "Rows stream from SOURCE into a shadow on TARGET's server, several tables\n"
		 "at once from one consistent snapshot; the shadow is swapped in with one\n"
		 "RENAME TABLE (PostgreSQL: one transaction renaming schemas) and the\n"
		 "previous tables are kept as the backup.",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(sql_sync)

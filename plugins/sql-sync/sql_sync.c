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

#include "lib/mysql/sync/sync.h"
#include "lib/mysql/util.h"
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
	{ "incremental", 0, SS_OPT_FLAG, NULL, "move only the rows that differ from the target's copy" },
	{ "compress", 0, SS_OPT_STRING, "HOW", "none, fast or best: compress links to remote sites (default: fast over ssh)" },
	{ "restore-backup", 0, SS_OPT_FLAG, NULL, "swap the backup of the last sync back into TARGET" },
	{ "schemas", 0, SS_OPT_STRING, "LIST", "PostgreSQL: the schemas to copy (default: all)" },
	{ "skip-unsupported", 0, SS_OPT_FLAG, NULL, "PostgreSQL: leave out objects that cannot be copied" },
	{ "sanitize", 0, SS_OPT_STRING, "PROFILE", "rewrite personal data on the way (drupal, wordpress)" },
	{ "sanitize-prefix", 0, SS_OPT_STRING, "PREFIX", "the table prefix of the sanitize profiles" },
	{ "no-sanitize", 0, SS_OPT_FLAG, NULL, "copy as it is (refused where sanitizing is required)" },
	{ 0 }
};

/* Everything one run holds, released by run_release(). */
struct run {
	struct sync_base b;
	struct sync_conns conns;
	struct ss_mysync_plan plan;
	int have_plan;
};

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 2 ? 2 : n > 64 ? 64 : (int)n;
}

static int check_aliases(struct run *r, struct ss_error *err)
{
	const struct ss_alias *a[2] = { r->b.source, r->b.target };

	for (int i = 0; i < 2; i++) {
		if (ss_alias_need_transport(a[i], err) < 0)
			return -1;
		if (!a[i]->has_db || a[i]->db.driver == SS_DB_NONE)
			return ss_error_set(err, SS_FAILED, "alias '%s' has no database (db: key)",
					    a[i]->name);
		if (!a[i]->db.name || !*a[i]->db.name)
			return ss_error_set(err, SS_FAILED, "alias '%s' names no database (db.name)",
					    a[i]->name);
	}
	if (r->b.source->db.driver != r->b.target->db.driver)
		return ss_error_set(err, SS_FAILED, "cannot sync between %s '%s' and %s '%s'",
				    ss_db_driver_name(r->b.source->db.driver), r->b.source->name,
				    ss_db_driver_name(r->b.target->db.driver), r->b.target->name);
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

/* The rows of the copied tables went through their column rules. */
static void sync_my_sanitized(struct ss_mysync_plan *plan)
{
	for (size_t i = 0; plan->sanitize && i < plan->ntables; i++)
		if (plan->tables[i].san)
			ss_san_plan_copied(plan->sanitize, plan->tables[i].san,
					   atomic_load(&plan->tables[i].rows));
}

static int build_plan(struct run *r, const struct ss_mysync_select *sel, struct ss_error *err)
{
	if (r->have_plan)
		ss_mysync_plan_release(&r->plan);
	r->have_plan = 0;
	if (ss_mysync_plan_build(r->conns.my.src, r->b.source->db.name, r->conns.my.tgt,
				 r->b.target->db.name, sel, r->b.jobs, &r->plan, err) < 0)
		return -1;
	r->have_plan = 1;
	if (r->b.sanitizing &&
	    ss_mysync_sanitize(r->conns.my.src, &r->plan, &r->b.rules, err) < 0)
		return -1;
	r->b.san = r->plan.sanitize;
	/* after the rules: the tables they rewrite are copied whole */
	return ss_mysync_plan_incremental(r->conns.my.src, r->conns.my.tgt, &r->plan, err);
}

/* What a failed swap left, said and recorded. */
static int swap_failed(struct run *r, struct ss_error *err)
{
	const char *name = r->b.target->name;

	switch (r->plan.swap_state) {
	case SS_MYSYNC_SWAP_RENAMED:
		return sync_base_fail(&r->b, "failed",
				      sync_roll_back(r->conns.my.tgt, &r->plan, r->b.target, err));
	case SS_MYSYNC_SWAP_OPEN:
		ss_error_prefix(err, "sql-sync into '%s' was interrupted in its swap, the next"
				" sitesync command on '%s' completes or undoes it", name, name);
		return sync_base_fail(&r->b, "failed", err);
	default:
		ss_mysync_drop_shadow(r->conns.my.tgt, &r->plan);
		ss_error_prefix(err, "sql-sync failed, '%s' is unchanged", name);
		return sync_base_fail(&r->b, "failed", err);
	}
}

/*
 * Copy into the shadow and swap it in (the journaled swap also creates the
 * views, triggers, routines and events), signals deferred by the caller, so
 * that a signal stops the copy cleanly (the target unchanged) and never the
 * swap half-way.
 */
static int copy_and_swap(struct run *r, int *used, struct ss_error *err)
{
	const struct ss_global *g = ss_ctx_global(r->b.ctx);
	struct sync_report rep = { .ctx = r->b.ctx };
	struct ss_sync_hooks hooks;
	int rc;

	rep.progress = g->progress && !g->quiet && !ss_ctx_json(r->b.ctx);
	sync_report_hooks(&rep, &hooks);
	hooks.warn = on_warn;
	ss_event_stage("copying", NULL);
	rc = ss_mysync_copy(&r->conns.my, &r->plan, &hooks, ss_interrupt_flag(), &r->b.stats,
			    used, err);
	sync_report_clear(&rep);
	sync_my_totals(&r->plan, &r->b.inc);
	if (rc == 0)
		sync_report_copied(&rep);
	if (rc == 0 && ss_interrupted())
		rc = ss_error_set(err, SS_FAILED, "interrupted");
	if (rc == 0)
		sync_my_sanitized(&r->plan);
	if (rc == 0) {
		ss_event_stage("swapping", NULL);
		rc = ss_mysync_swap(r->conns.my.tgt, &r->plan, &hooks, err);
	}
	return rc;
}

static int do_sync(struct run *r)
{
	struct ss_ctx *ctx = r->b.ctx;
	const struct ss_global *g = ss_ctx_global(ctx);
	struct ss_mysync_select sel = { 0 };
	struct ss_error err;
	int used = 0, rc;

	if (check_aliases(r, &err) < 0)
		return sync_base_fail(&r->b, err.status == SS_REFUSED ? "refused" : "failed", &err);
	if (r->b.source->db.driver == SS_DB_PGSQL)
		return sync_pg_run(ctx, r->b.source, r->b.target, r->b.jobs, r->b.t0, r->b.started);
	if (ss_policy_check(r->b.source, r->b.target, "sql-sync", &err) < 0)
		return sync_base_fail(&r->b, err.status == SS_REFUSED ? "refused" : "failed", &err);
	ss_event_stage("planning", NULL);
	if (sync_lists_load(ctx, r->b.source, r->b.target, &r->b.lists, &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	if (sync_sanitize_load(ctx, r->b.source, r->b.target, &r->b.rules, &r->b.sanitizing,
			       &err) < 0)
		return sync_base_fail(&r->b, err.status == SS_REFUSED ? "refused" : "failed", &err);
	sel.tables = r->b.lists.tables;
	sel.skip = r->b.lists.skip;
	sel.structure = r->b.lists.structure;
	sel.keep_extra = ss_opt_flag(ctx, "keep-extra-tables");
	sel.incremental = ss_opt_flag(ctx, "incremental");

	if (sync_conns_open_coord(ctx, r->b.source, r->b.target, &r->conns, &err) < 0 ||
	    ss_mysync_source_session(r->conns.my.src, &err) < 0 ||
	    ss_mysync_target_session(r->conns.my.tgt, &err) < 0 || build_plan(r, &sel, &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	if (!r->plan.target_exists && !ss_opt_flag(ctx, "create-db")) {
		ss_error_set(&err, SS_FAILED, "target database '%s' does not exist on '%s'"
			     " (--create-db creates it)", r->b.target->db.name,
			     sync_where(r->b.target));
		return sync_base_fail(&r->b, "failed", &err);
	}
	if (g->simulate) {
		sync_print_plan(ctx, r->b.source, r->b.target, &r->plan);
		sync_base_record(&r->b, "simulated", NULL);
		return SS_OK;
	}

	if (sync_base_confirm(&r->b, r->plan.ntables, r->plan.est_bytes, &err) < 0)
		return sync_base_fail(&r->b, "refused", &err);
	ss_event_stage("locking", NULL);
	if (ss_lock_acquire(ctx, r->b.target, "sql-sync", &r->b.lock, &err) < 0)
		return sync_base_fail(&r->b, err.status == SS_BUSY ? "busy" : "failed", &err);
	/* the recovery of an interrupted swap changed the target: read it again */
	if (ss_lock_recovered(r->b.lock) && build_plan(r, &sel, &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	if (ss_hooks_run(ctx, r->b.target, "pre-sql-sync", &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	if (ss_opt_flag(ctx, "create-db") && ensure_target_db(r, &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	if (sync_conns_open_workers(ctx, r->b.source, r->b.target, r->b.jobs, &r->conns, &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);

	ss_interrupt_defer();
	rc = copy_and_swap(r, &used, &err);
	ss_interrupt_undefer();
	if (rc < 0)
		return swap_failed(r, &err);
	ss_event_stage("finishing", NULL);
	if (sync_base_after_swap(&r->b, &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	if (ss_opt_flag(ctx, "no-backup") &&
	    ss_mysync_drop_backup(r->conns.my.tgt, &r->plan, &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	if (ss_hooks_run(ctx, r->b.target, "post-sql-sync", &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	sync_base_record(&r->b, "ok", NULL);
	sync_print_summary(ctx, r->b.source, r->b.target, &r->plan, &r->b.stats, used,
			   ss_sync_now() - r->b.t0, ss_opt_flag(ctx, "no-backup"));
	return SS_OK;
}

static void run_release(struct run *r)
{
	if (r->have_plan)
		ss_mysync_plan_release(&r->plan);
	sync_conns_close(&r->conns);
	sync_base_release(&r->b);
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	struct run r;
	struct ss_error err;
	long jobs = ss_opt_int(ctx, "jobs", 0);
	enum ss_compress how;
	int rc;

	if (ss_compress_parse(ss_opt_str(ctx, "compress") ? ss_opt_str(ctx, "compress") : "auto",
			      &how) < 0)
		return ss_fail(ctx, SS_USAGE, "--compress must be none, fast or best, not '%s'",
			       ss_opt_str(ctx, "compress"));
	ss_ctx_set_compress(ctx, how);
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
	r.b.ctx = ctx;
	r.b.jobs = jobs ? (int)jobs : default_jobs();
	r.b.t0 = ss_sync_now();
	r.b.started = time(NULL);
	mysql_library_init(0, NULL, NULL);
	if (ss_ctx_alias(ctx, argv[1], &r.b.source, &err) < 0 ||
	    ss_ctx_alias(ctx, argv[2], &r.b.target, &err) < 0)
		return ss_fail_err(ctx, &err);
	sync_base_begin(&r.b);
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

/*
 * pg_run.c - `sitesync sql-sync` between PostgreSQL aliases: plan, confirm,
 * lock, hooks, the engine's copy into shadow schemas, swap, history.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/pg/quote.h"
#include "plugins/sql-sync/sql_sync.h"
#include "plugins/sql-sync/sql_sync_pg.h"

/* Everything one run holds, released by sync_pg_run(). */
struct pgrun {
	struct sync_base b;
	struct sync_pg_conns conns;
	struct ss_pgsync_plan plan;
	int have_plan;
};

/* CREATE DATABASE on the target server, then the coordinator's connection to it. */
static int create_db(struct pgrun *r, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	PGresult *res;
	int rc = 0;

	ss_buf_adds(&q, "CREATE DATABASE ");
	ss_pg_add_ident(&q, r->b.target->db.name);
	res = PQexec(ss_conn_pg(r->conns.maint), q.data);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		const char *msg = PQresultErrorMessage(res);

		rc = ss_error_set(err, SS_FAILED, "cannot create database '%s' on '%s': %.*s",
				  r->b.target->db.name, sync_where(r->b.target),
				  (int)strcspn(msg, "\n"), msg);
	}
	PQclear(res);
	ss_buf_release(&q);
	if (rc < 0 ||
	    sync_connect(r->b.ctx, r->b.target, SS_DB_PGSQL, 0, &r->conns.set.tgt, err) < 0)
		return -1;
	r->conns.pg.tgt = ss_conn_pg(r->conns.set.tgt);
	/* a new database has a "public" schema already */
	return ss_pgsync_plan_target(r->conns.pg.tgt, &r->plan, err);
}

static int plan(struct pgrun *r, struct ss_error *err)
{
	struct ss_ctx *ctx = r->b.ctx;
	struct ss_pgsync_select sel = {
		.schemas = ss_opt_str(ctx, "schemas"),
		.tables = r->b.lists.tables,
		.skip = r->b.lists.skip,
		.structure = r->b.lists.structure,
		.keep_extra = ss_opt_flag(ctx, "keep-extra-tables"),
		.skip_unsupported = ss_opt_flag(ctx, "skip-unsupported"),
		.incremental = ss_opt_flag(ctx, "incremental"),
	};
	int exists = 0;

	if (sync_pg_open_coord(ctx, r->b.source, r->b.target, &r->conns, &exists, err) < 0)
		return -1;
	if (ss_pgsync_plan_build(r->conns.pg.src, r->conns.pg.tgt, r->b.target->db.name, &sel,
				 r->b.jobs, &r->plan, err) < 0)
		return ss_error_prefix(err, "source '%s'", r->b.source->name);
	r->have_plan = 1;
	if (r->b.sanitizing &&
	    ss_pgsync_sanitize(r->conns.pg.src, &r->plan, &r->b.rules, err) < 0)
		return -1;
	r->b.san = r->plan.sanitize;
	/* after the rules: the tables they rewrite are copied whole */
	if (ss_pgsync_plan_incremental(r->conns.pg.src, r->conns.pg.tgt, &r->plan, err) < 0)
		return ss_error_prefix(err, "source '%s'", r->b.source->name);
	/* up front, before the target changes: what depends on the schemas it swaps */
	if (r->conns.pg.tgt && ss_pgsync_check_target(r->conns.pg.tgt, &r->plan, err) < 0)
		return ss_error_prefix(err, "target '%s'", r->b.target->name);
	if (!exists && !ss_opt_flag(ctx, "create-db"))
		return ss_error_set(err, SS_FAILED, "target database '%s' does not exist on '%s'"
				    " (--create-db creates it)", r->b.target->db.name,
				    sync_where(r->b.target));
	return 0;
}

/* Copy, swap; a failure drops the shadow and leaves the target as it was. */
static int copy_and_swap(struct pgrun *r, struct ss_error *err)
{
	const struct ss_global *g = ss_ctx_global(r->b.ctx);
	struct sync_report rep = { .ctx = r->b.ctx };
	struct ss_sync_hooks hooks;
	int rc;

	rep.progress = g->progress && !g->quiet && !ss_ctx_json(r->b.ctx);
	sync_pg_report_hooks(&rep, &hooks);
	/* a signal stops the copy cleanly, never the swap half-way */
	ss_interrupt_defer();
	ss_event_stage("copying", NULL);
	rc = ss_pgsync_copy(&r->conns.pg, &r->plan, &hooks, ss_interrupt_flag(), &r->b.stats,
			    err);
	sync_report_clear(&rep);
	sync_pg_totals(&r->plan, &r->b.inc);
	if (rc == 0)
		sync_report_copied(&rep);
	if (rc == 0 && ss_interrupted()) {
		ss_pgsync_drop_shadow(r->conns.pg.tgt, &r->plan);
		rc = ss_error_set(err, SS_FAILED, "interrupted");
	}
	for (size_t i = 0; rc == 0 && r->plan.sanitize && i < r->plan.ntables; i++)
		if (r->plan.tables[i].san)
			ss_san_plan_copied(r->plan.sanitize, r->plan.tables[i].san,
					   atomic_load(&r->plan.tables[i].rows));
	if (rc == 0)
		ss_event_stage("swapping", NULL);
	if (rc == 0 && ss_pgsync_swap(r->conns.pg.tgt, &r->plan, err) < 0) {
		ss_pgsync_drop_shadow(r->conns.pg.tgt, &r->plan);
		rc = -1;
	}
	ss_interrupt_undefer();
	if (rc < 0)
		return ss_error_prefix(err, "sql-sync failed, '%s' is unchanged",
				       r->b.target->name);
	if (sync_base_after_swap(&r->b, err) < 0)
		return -1;
	for (size_t i = 0; i < r->plan.owner_notes.n; i++)
		ss_warn(r->b.ctx, "%s", r->plan.owner_notes.items[i]);
	for (size_t i = 0; i < r->plan.nskipped; i++)
		ss_warn(r->b.ctx, "left out (--skip-unsupported): %s", r->plan.skipped[i]);
	return 0;
}

static int pg_sync(struct pgrun *r)
{
	struct ss_ctx *ctx = r->b.ctx;
	struct ss_error err;
	int rc;

	if (ss_policy_check(r->b.source, r->b.target, "sql-sync", &err) < 0)
		return sync_base_fail(&r->b, err.status == SS_REFUSED ? "refused" : "failed", &err);
	ss_event_stage("planning", NULL);
	if (sync_lists_load(ctx, r->b.source, r->b.target, &r->b.lists, &err) < 0 ||
	    sync_sanitize_load(ctx, r->b.source, r->b.target, &r->b.rules, &r->b.sanitizing,
			       &err) < 0 ||
	    plan(r, &err) < 0)
		return sync_base_fail(&r->b, err.status == SS_REFUSED ? "refused" : "failed", &err);
	if (ss_ctx_global(ctx)->simulate) {
		sync_pg_print_plan(ctx, r->b.source, r->b.target, &r->plan);
		sync_base_record(&r->b, "simulated", NULL);
		return SS_OK;
	}
	if (sync_base_confirm(&r->b, r->plan.ntables, r->plan.est_bytes, &err) < 0)
		return sync_base_fail(&r->b, "refused", &err);
	if (!r->plan.target_exists && create_db(r, &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	ss_event_stage("locking", NULL);
	if (ss_lock_acquire(ctx, r->b.target, "sql-sync", &r->b.lock, &err) < 0)
		return sync_base_fail(&r->b, err.status == SS_BUSY ? "busy" : "failed", &err);
	if (ss_hooks_run(ctx, r->b.target, "pre-sql-sync", &err) < 0 ||
	    sync_pg_open_workers(ctx, r->b.source, r->b.target, r->b.jobs, &r->conns, &err) < 0 ||
	    copy_and_swap(r, &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	ss_event_stage("finishing", NULL);
	rc = ss_opt_flag(ctx, "no-backup");
	if (rc && ss_pgsync_drop_backup(r->conns.pg.tgt, &r->plan, &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	if (ss_hooks_run(ctx, r->b.target, "post-sql-sync", &err) < 0)
		return sync_base_fail(&r->b, "failed", &err);
	sync_base_record(&r->b, "ok", NULL);
	sync_pg_print_summary(ctx, r->b.source, r->b.target, &r->plan, &r->b.stats, r->b.jobs,
			      ss_sync_now() - r->b.t0, rc);
	return SS_OK;
}

int sync_pg_run(struct ss_ctx *ctx, const struct ss_alias *source, const struct ss_alias *target,
		int jobs, double t0, time_t started)
{
	struct pgrun r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.b.ctx = ctx;
	r.b.source = source;
	r.b.target = target;
	r.b.jobs = jobs;
	r.b.t0 = t0;
	r.b.started = started;
	rc = pg_sync(&r);
	if (r.have_plan)
		ss_pgsync_plan_release(&r.plan);
	sync_pg_conns_close(&r.conns);
	sync_base_release(&r.b);
	return rc;
}

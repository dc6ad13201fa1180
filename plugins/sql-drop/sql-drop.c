/* sql-drop.c - `sitesync sql-drop ALIAS`: empty an alias's database, safely. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sitesync/sitesync.h>

#include "plugins/sql-drop/objects.h"

static const struct ss_option options[] = {
	{ "schemas", 0, SS_OPT_STRING, "LIST",
	  "PostgreSQL: drop these schemas (comma list; default: every non-system schema you own)" },
	{ 0 },
};

/* One run: what the history records about it. */
struct run {
	struct ss_history_entry h;
	struct timespec t0;
	char *target_name;
};

/*
 * Record the run and return its exit status (err, when not SS_OK, goes to
 * the host); a failure writing the history is only a warning.
 */
static int finish(struct ss_ctx *ctx, struct run *r, const char *status, int rc,
		  const struct ss_error *err)
{
	return ss_history_finish(ctx, &r->h, &r->t0, status, rc, err);
}

static int fail_status(const struct ss_error *err)
{
	return err->status ? err->status : SS_FAILED;
}

static const char *status_name(int rc)
{
	return rc == SS_REFUSED ? "refused" : rc == SS_BUSY ? "busy" : "failed";
}

/* -s: the objects that would go, on stdout. */
static void print_plan(struct ss_ctx *ctx, const struct ss_alias *a, const struct objects *o)
{
	struct ss_buf b = SS_BUF_INIT;

	if (ss_ctx_json(ctx)) {
		struct ss_json j;

		ss_json_init(&j, &b, 1);
		ss_json_obj_begin(&j);
		ss_json_key(&j, "target");
		ss_json_str(&j, ss_target_name(a));
		ss_json_key(&j, "simulated");
		ss_json_bool(&j, 1);
		ss_json_key(&j, "schemas");
		ss_json_arr_begin(&j);
		for (size_t i = 0; i < o->nschemas; i++)
			ss_json_str(&j, o->schemas[i]);
		ss_json_arr_end(&j);
		ss_json_key(&j, "objects");
		ss_json_arr_begin(&j);
		for (size_t i = 0; i < o->n; i++) {
			ss_json_obj_begin(&j);
			ss_json_key(&j, "type");
			ss_json_str(&j, obj_kind_name(o->v[i].kind));
			ss_json_key(&j, "schema");
			ss_json_str(&j, o->v[i].schema);
			ss_json_key(&j, "name");
			ss_json_str(&j, o->v[i].name);
			ss_json_key(&j, "detail");
			ss_json_str(&j, o->v[i].detail);
			ss_json_obj_end(&j);
		}
		ss_json_arr_end(&j);
		ss_json_obj_end(&j);
		printf("%s\n", b.data);
		ss_buf_release(&b);
		return;
	}
	objects_summary(o, &b);
	printf("would drop %s in %s (", b.data, ss_target_name(a));
	ss_buf_reset(&b);
	ss_target_where(a, &b);
	printf("%s); nothing changed (simulated)\n", b.data);
	for (size_t i = 0; i < o->nschemas; i++)
		printf("  schema %s%s\n", o->schemas[i],
		       !strcmp(o->schemas[i], "public") ? " (recreated empty)" : "");
	for (size_t i = 0; i < o->n; i++)
		printf("  %-10s %s%s%s%s%s%s\n", obj_kind_name(o->v[i].kind),
		       o->nschemas ? o->v[i].schema : "", o->nschemas ? "." : "", o->v[i].name,
		       o->v[i].detail ? " (" : "", o->v[i].detail ? o->v[i].detail : "",
		       o->v[i].detail ? ")" : "");
	ss_buf_release(&b);
}

/* "drop 65 tables, 3 views, 2 routines in default (localhost/drupal)?" */
static char *question(const struct ss_alias *a, const struct objects *o)
{
	struct ss_buf q = SS_BUF_INIT;

	ss_buf_adds(&q, "drop ");
	objects_summary(o, &q);
	if (o->nschemas) {
		ss_buf_addf(&q, " (schema%s ", o->nschemas == 1 ? "" : "s");
		for (size_t i = 0; i < o->nschemas; i++)
			ss_buf_addf(&q, "%s%s", i ? ", " : "", o->schemas[i]);
		ss_buf_addc(&q, ')');
	}
	ss_buf_addf(&q, " in %s (", ss_target_name(a));
	ss_target_where(a, &q);
	ss_buf_adds(&q, ")?");
	return ss_buf_detach(&q);
}

static int inventory(struct ss_ctx *ctx, struct ss_conn *conn, struct objects *o,
		     struct ss_error *err)
{
	if (ss_conn_driver(conn) == SS_DB_PGSQL)
		return drop_pg_inventory(conn, ss_opt_str(ctx, "schemas"), o, err);
	return drop_mysql_inventory(conn, o, err);
}

/* The hooks, the drop itself, and a check that nothing is left. */
static int drop_all(struct ss_ctx *ctx, const struct ss_alias *a, struct ss_conn *conn,
		    const struct objects *o, struct ss_error *err)
{
	struct objects left = { 0 };
	struct ss_buf what = SS_BUF_INIT;
	int rc;

	if (ss_hooks_run(ctx, a, "pre-sql-drop", err) < 0)
		return -1;
	if (ss_conn_driver(conn) == SS_DB_PGSQL)
		rc = drop_pg_run(conn, o, err);
	else
		rc = drop_mysql_run(conn, o, err);
	if (rc < 0)
		return -1;
	/* PostgreSQL: look again in the same schemas (public exists again, empty) */
	if (ss_conn_driver(conn) == SS_DB_PGSQL) {
		rc = 0;
		for (size_t i = 0; i < o->nschemas && rc == 0; i++)
			if (!strcmp(o->schemas[i], "public"))
				rc = drop_pg_inventory(conn, "public", &left, err);
	} else {
		rc = drop_mysql_inventory(conn, &left, err);
	}
	if (rc == 0 && left.n) {
		objects_summary(&left, &what);
		rc = ss_error_set(err, SS_FAILED, "%s still in '%s' after the drop (created meanwhile?)",
				  what.data, ss_target_name(a));
	}
	ss_buf_release(&what);
	objects_release(&left);
	if (rc < 0)
		return -1;
	ss_info(ctx, "dropped %zu objects in '%s'", o->n, ss_target_name(a));
	return ss_hooks_run(ctx, a, "post-sql-drop", err);
}

/*
 * Policy, lock, inventory, then the plan (-s), the question and the drop.
 * Returns the exit status; err is filled when it is not SS_OK.
 */
static int drop_target(struct ss_ctx *ctx, const struct ss_alias *a, struct run *r,
		       struct ss_error *err)
{
	const struct ss_global *g = ss_ctx_global(ctx);
	struct ss_connect_opts copts = { .app_name = "sitesync sql-drop" };
	struct ss_lock *lock = NULL;
	struct ss_conn *conn = NULL;
	struct objects o = { 0 };
	char *q = NULL;
	int rc = SS_OK;

	if (ss_policy_check(NULL, a, "sql-drop", err) < 0)
		return fail_status(err);
	/* -s changes nothing, so it takes no lock */
	if (!g->simulate && ss_lock_acquire(ctx, a, "sql-drop", &lock, err) < 0)
		return fail_status(err);
	if (ss_db_connect(ctx, a, &copts, &conn, err) < 0 || inventory(ctx, conn, &o, err) < 0) {
		rc = fail_status(err);
	} else if (g->simulate) {
		print_plan(ctx, a, &o);
	} else if (!o.n && !o.nschemas) {
		struct ss_buf where = SS_BUF_INIT;

		ss_target_where(a, &where);
		if (!g->quiet)
			printf("nothing to drop in %s (%s)\n", ss_target_name(a), where.data);
		ss_buf_release(&where);
	} else {
		q = question(a, &o);
		if (ss_confirm(ctx, q, err) < 0) {
			ss_error_prefix(err, "sql-drop of '%s'", ss_target_name(a));
			rc = fail_status(err);
		} else if (drop_all(ctx, a, conn, &o, err) < 0) {
			rc = fail_status(err);
		}
	}
	r->h.rows = (long long)o.n;
	free(q);
	objects_release(&o);
	ss_conn_close(conn);
	ss_lock_release(lock);
	return rc;
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	const struct ss_alias *a;
	struct ss_error err;
	struct run r;
	int rc;

	if (argc != 2)
		return ss_fail(ctx, SS_USAGE, "sql-drop takes one alias, e.g. 'sitesync sql-drop @dev'");
	if (ss_ctx_alias(ctx, argv[1], &a, &err) < 0)
		return ss_fail_err(ctx, &err);
	/* usage errors are not runs: no history record */
	if (ss_opt_str(ctx, "schemas") && a->has_db && a->db.driver != SS_DB_PGSQL)
		return ss_fail(ctx, SS_USAGE, "--schemas is for PostgreSQL; '%s' is a %s database",
			       ss_target_name(a), ss_db_driver_name(a->db.driver));
	memset(&r, 0, sizeof(r));
	clock_gettime(CLOCK_MONOTONIC, &r.t0);
	r.h.command = "sql-drop";
	r.h.target = ss_target_name(a);
	r.h.started = time(NULL);
	ss_history_begin(&r.h);
	if (ss_alias_need_transport(a, &err) < 0) {
		rc = SS_REFUSED;
	} else if (!a->has_db) {
		ss_error_set(&err, SS_FAILED, "alias '%s' has no database (add db: to %s)",
			     ss_target_name(a), a->file ? a->file : "its alias file");
		rc = SS_FAILED;
	} else {
		rc = drop_target(ctx, a, &r, &err);
	}
	if (rc == SS_OK)
		return finish(ctx, &r, ss_ctx_global(ctx)->simulate ? "simulated" : "ok", rc, NULL);
	return finish(ctx, &r, status_name(rc), rc, &err);
}

static const struct ss_command cmd = {
	SITESYNC_COMMAND_HEADER,
	.name = "sql-drop",
	.summary = "drop every table, view, routine and event of an alias's database",
	.usage = "ALIAS [--schemas=LIST]\n"
		 "MySQL/MariaDB: views, tables (with their triggers), sequences, routines and\n"
		 "events of the database go (foreign key checks off while dropping).\n"
		 "PostgreSQL: the selected schemas are dropped with everything in them, in one\n"
		 "transaction, and an empty 'public' is recreated as before (owner, privileges,\n"
		 "comment).  Asks first (-y answers yes); -s lists what would go and changes\n"
		 "nothing.  A production alias is refused; a target another sitesync run holds\n"
		 "is busy (exit 4).  Hooks pre-sql-drop and post-sql-drop of the alias run around it.",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(cmd)

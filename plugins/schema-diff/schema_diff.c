/*
 * schema_diff.c - the schema-diff command: compare two live PostgreSQL
 * databases and write (or apply) the ALTER script that makes the target
 * match the source.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include <sitesync/sitesync.h>

#include "lib/pg/catalog.h"
#include "lib/pg/diff/diff.h"
#include "plugins/schema-diff/apply.h"
#include "plugins/schema-diff/endpoint.h"
#include "plugins/schema-diff/script.h"

static const struct ss_option options[] = {
	{ "source-host", 0, SS_OPT_STRING, "HOST", "source server (default localhost; SOURCE_DB_HOST)" },
	{ "source-port", 0, SS_OPT_STRING, "PORT", "source port (default 5432; SOURCE_DB_PORT)" },
	{ "source-database", 0, SS_OPT_STRING, "NAME", "source database (SOURCE_DB_NAME)" },
	{ "source-username", 0, SS_OPT_STRING, "USER", "source user (SOURCE_DB_USER)" },
	{ "source-password", 0, SS_OPT_STRING, "PASSWORD", "source password (SOURCE_DB_PASSWORD)" },
	{ "source-schema", 0, SS_OPT_STRING, "SCHEMA", "compare only this source schema (SOURCE_DB_SCHEMA)" },
	{ "target-host", 0, SS_OPT_STRING, "HOST", "target server (default localhost; TARGET_DB_HOST)" },
	{ "target-port", 0, SS_OPT_STRING, "PORT", "target port (default 5432; TARGET_DB_PORT)" },
	{ "target-database", 0, SS_OPT_STRING, "NAME", "target database (TARGET_DB_NAME)" },
	{ "target-username", 0, SS_OPT_STRING, "USER", "target user (TARGET_DB_USER)" },
	{ "target-password", 0, SS_OPT_STRING, "PASSWORD", "target password (TARGET_DB_PASSWORD)" },
	{ "target-schema", 0, SS_OPT_STRING, "SCHEMA", "compare only this target schema (TARGET_DB_SCHEMA)" },
	{ "env", 0, SS_OPT_STRING, "FILE", "read SOURCE_DB_*, TARGET_DB_*, OUTPUT_FILE here (default ./.env)" },
	{ "output", 'o', SS_OPT_STRING, "FILE", "write the ALTER script here (default alter.sql; OUTPUT_FILE)" },
	{ "cleanup-output", 0, SS_OPT_STRING, "FILE", "write the DROPs of preserved objects here (default alter.cleanup.sql)" },
	{ "dry-run", 0, SS_OPT_FLAG, NULL, "print the script on stdout; write and change nothing" },
	{ "drop", 0, SS_OPT_FLAG, NULL, "drop objects only in the target instead of renaming them" },
	{ "apply", 0, SS_OPT_FLAG, NULL, "run the script on the target in one transaction and verify" },
	{ "allow-lossy", 0, SS_OPT_FLAG, NULL, "let --apply run changes that may lose data" },
	{ "exit-code", 0, SS_OPT_FLAG, NULL, "exit with status 1 when the schemas differ" },
	{ "with-privileges", 0, SS_OPT_FLAG, NULL, "also compare privileges (GRANT) and default privileges" },
	{ "no-transaction", 0, SS_OPT_FLAG, NULL, "write no BEGIN/COMMIT (run it with psql -1 or your own transaction)" },
	{ 0 }
};

struct run {
	struct ss_ctx *ctx;
	struct sd_endpoint src, tgt;
	struct sd_env env;
	struct ss_pg_catalog *scat, *tcat;
	struct ss_pg_diff diff;
	struct ss_pg_diff_opts dopts;
	struct sd_script_info info;
	struct ss_error err;
};

/* Write data to path atomically enough (whole file or an error). */
static int write_file(const char *path, const struct ss_buf *b, struct ss_error *err)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return ss_error_set(err, SS_FAILED, "cannot write '%s': %s", path, strerror(errno));
	if (fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0)
		return ss_error_set(err, SS_FAILED, "cannot write '%s': %s", path, strerror(errno));
	return 0;
}

/* One side's catalog, read on its own thread. */
struct side {
	struct sd_endpoint *ep;
	struct ss_pg_catalog *cat;
	struct ss_error err;
	int rc;
};

static void *load_side(void *arg)
{
	struct side *sd = arg;
	struct sd_endpoint *ep = sd->ep;
	const char *const *schemas = ep->schema ? (const char *const *)&ep->schema : NULL;

	sd->rc = ss_pg_catalog_load(ep->conn, schemas, ep->schema ? 1 : 0, &sd->cat, &sd->err);
	if (sd->rc < 0)
		ss_error_prefix(&sd->err, "reading %s %s failed", ep->label, ep->where);
	return NULL;
}

/* Read both sides' catalogs at once (two connections); errors name the side. */
static int load_both(struct run *r)
{
	struct side sides[2] = { { .ep = &r->src }, { .ep = &r->tgt } };
	pthread_t th;
	int threaded = pthread_create(&th, NULL, load_side, &sides[1]) == 0;

	load_side(&sides[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		load_side(&sides[1]);
	r->scat = sides[0].cat;
	r->tcat = sides[1].cat;
	for (int i = 0; i < 2; i++) {
		if (sides[i].rc < 0) {
			r->err = sides[i].err;
			return -1;
		}
		ss_debug(r->ctx, "%s: %zu objects, %zu dependencies in %d catalog queries",
			 sides[i].ep->label, sides[i].cat->nobjs, sides[i].cat->ndeps,
			 sides[i].cat->queries);
	}
	return 0;
}

static int endpoints_from_options(struct run *r)
{
	const char *envfile = ss_opt_str(r->ctx, "env");

	if (sd_env_read(&r->env, envfile ? envfile : ".env", envfile != NULL, &r->err) < 0 ||
	    sd_endpoint_from_options(&r->src, r->ctx, &r->env, &r->err) < 0 ||
	    sd_endpoint_from_options(&r->tgt, r->ctx, &r->env, &r->err) < 0)
		return -1;
	/* one schema named: compare that schema on both sides */
	if (r->src.schema && !r->tgt.schema)
		r->tgt.schema = ss_xstrdup(r->src.schema);
	if (r->tgt.schema && !r->src.schema)
		r->src.schema = ss_xstrdup(r->tgt.schema);
	if (sd_endpoint_connect(&r->src, &r->err) < 0 || sd_endpoint_connect(&r->tgt, &r->err) < 0)
		return -1;
	return 0;
}

/* Write the outputs (or print them); returns 0 or -1 with r->err. */
static int output(struct run *r)
{
	struct ss_ctx *ctx = r->ctx;
	struct ss_buf script = SS_BUF_INIT, cleanup = SS_BUF_INIT;
	const char *out = ss_opt_str(ctx, "output");
	const char *cout = ss_opt_str(ctx, "cleanup-output");
	int has_cleanup, rc = 0;

	if (!out)
		out = sd_env_get(&r->env, "OUTPUT_FILE");
	if (!out)
		out = "alter.sql";
	if (!cout)
		cout = "alter.cleanup.sql";
	if (ss_ctx_json(ctx)) {
		struct ss_buf j = SS_BUF_INIT;

		sd_script_render_json(&j, &r->diff, &r->info);
		fputs(j.data, stdout);
		ss_buf_release(&j);
	}
	sd_script_render(&script, &r->diff, &r->info);
	has_cleanup = sd_script_render_cleanup(&cleanup, &r->diff, &r->info);
	if (ss_opt_flag(ctx, "dry-run")) {
		if (!ss_ctx_json(ctx)) {
			fputs(script.data, stdout);
			if (has_cleanup) {
				fputs("\n-- ---- cleanup script (would be written to ", stdout);
				fputs(cout, stdout);
				fputs(") ----\n", stdout);
				fputs(cleanup.data, stdout);
			}
		}
	} else {
		rc = write_file(out, &script, &r->err);
		if (rc == 0 && has_cleanup)
			rc = write_file(cout, &cleanup, &r->err);
		if (rc == 0 && !ss_ctx_json(ctx) && !ss_ctx_global(ctx)->quiet) {
			printf("%zu changes (%zu lossy) written to %s\n", r->diff.n,
			       sd_script_lossy(&r->diff), out);
			if (has_cleanup)
				printf("preserved objects: their DROPs are in %s, to run after checking\n",
				       cout);
		}
	}
	ss_buf_release(&script);
	ss_buf_release(&cleanup);
	return rc;
}

/* The policy of --apply: production is never a target; nor is the source itself. */
static int apply_policy(struct run *r)
{
	if (r->src.alias && r->tgt.alias)
		return ss_policy_check(r->src.alias, r->tgt.alias, "schema-diff --apply", &r->err);
	if (!strcmp(r->src.host, r->tgt.host) && !strcmp(r->src.port, r->tgt.port) &&
	    !strcmp(r->src.db, r->tgt.db))
		return ss_error_set(&r->err, SS_REFUSED,
				    "schema-diff --apply refused: the target %s is the source", r->tgt.where);
	return 0;
}

static void record(struct run *r, const char *status, double seconds, time_t started)
{
	struct ss_history_entry e = {
		.command = "schema-diff --apply",
		.source = r->src.alias ? ss_target_name(r->src.alias) : r->src.where,
		.target = r->tgt.alias ? ss_target_name(r->tgt.alias) : r->tgt.where,
		.status = status,
		.rows = (long long)r->diff.n,
		.seconds = seconds,
		.started = started,
		.error = strcmp(status, "ok") ? r->err.msg : NULL,
	};
	struct ss_error herr;

	if (ss_history_append(&e, &herr) < 0)
		ss_warn(r->ctx, "%s", herr.msg);
}

static int do_apply(struct run *r)
{
	size_t lossy = sd_script_lossy(&r->diff);
	struct ss_lock *lock = NULL;
	time_t started = time(NULL);
	char *question;
	int rc;

	if (ss_opt_flag(r->ctx, "dry-run") || ss_ctx_global(r->ctx)->simulate)
		return 0;
	if (apply_policy(r) < 0)
		goto refused;
	if (lossy && !ss_opt_flag(r->ctx, "allow-lossy")) {
		ss_error_set(&r->err, SS_REFUSED,
			     "%zu changes may lose data (see the -- LOSSY: lines in the script); --allow-lossy applies them",
			     lossy);
		goto refused;
	}
	if (!r->diff.n)
		return 0;
	/* a signal from here on still records the run */
	ss_history_begin(&(struct ss_history_entry){
		.command = "schema-diff --apply",
		.source = r->src.alias ? ss_target_name(r->src.alias) : r->src.where,
		.target = r->tgt.alias ? ss_target_name(r->tgt.alias) : r->tgt.where,
		.started = started });
	if (r->tgt.alias)
		rc = ss_lock_acquire(r->ctx, r->tgt.alias, "schema-diff --apply", &lock, &r->err);
	else
		rc = sd_apply_lock(&r->tgt, &r->err);
	if (rc < 0) {
		record(r, r->err.status == SS_BUSY ? "busy" : "failed", 0, started);
		return -1;
	}
	question = ss_xasprintf("%s → %s: apply %zu schema changes (%zu lossy)?", r->src.where,
				r->tgt.where, r->diff.n, lossy);
	rc = ss_confirm(r->ctx, question, &r->err);
	free(question);
	if (rc < 0) {
		ss_error_prefix(&r->err, "schema-diff --apply");
		ss_lock_release(lock);
		goto refused;
	}
	rc = sd_apply(r->ctx, &r->tgt, r->scat, &r->diff, &r->dopts, &r->err);
	ss_lock_release(lock);
	record(r, rc < 0 ? "failed" : "ok", difftime(time(NULL), started), started);
	if (rc < 0)
		return -1;
	if (!ss_ctx_json(r->ctx) && !ss_ctx_global(r->ctx)->quiet)
		printf("applied %zu changes to %s; the target now matches the source\n", r->diff.n,
		       r->tgt.where);
	return 0;
refused:
	record(r, "refused", 0, started);
	return -1;
}

static int run_diff(struct run *r)
{
	if (load_both(r) < 0)
		return -1;
	if (r->src.schema && r->tgt.schema && strcmp(r->src.schema, r->tgt.schema))
		ss_pg_catalog_remap(r->scat, r->src.schema, r->tgt.schema);
	r->dopts.drop = ss_opt_flag(r->ctx, "drop");
	r->dopts.privileges = ss_opt_flag(r->ctx, "with-privileges");
	r->dopts.now = time(NULL);
	ss_pg_diff(r->scat, r->tcat, &r->dopts, &r->diff);
	for (size_t i = 0; i < r->diff.nwarnings; i++)
		ss_warn(r->ctx, "%s", r->diff.warnings[i]);
	ss_info(r->ctx, "catalog queries: %d (source), %d (target)", r->scat->queries,
		r->tcat->queries);
	r->info.source = r->src.where;
	r->info.target = r->tgt.where;
	r->info.source_schema = r->src.schema;
	r->info.target_schema = r->tgt.schema;
	r->info.now = r->dopts.now;
	r->info.no_transaction = ss_opt_flag(r->ctx, "no-transaction");
	if (output(r) < 0)
		return -1;
	if (ss_opt_flag(r->ctx, "apply"))
		return do_apply(r);
	return 0;
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	struct run r = { .ctx = ctx };
	int rc = 0, status = SS_OK;

	r.src.label = "source";
	r.tgt.label = "target";
	if (argc == 3) {
		if (sd_endpoint_from_alias(&r.src, ctx, argv[1], &r.err) < 0 ||
		    sd_endpoint_from_alias(&r.tgt, ctx, argv[2], &r.err) < 0)
			rc = -1;
		/* one schema named: compare that schema on both sides */
		if (rc == 0 && r.src.schema && !r.tgt.schema)
			r.tgt.schema = ss_xstrdup(r.src.schema);
		if (rc == 0 && r.tgt.schema && !r.src.schema)
			r.src.schema = ss_xstrdup(r.tgt.schema);
	} else if (argc == 1) {
		rc = endpoints_from_options(&r);
	} else {
		return ss_fail(ctx, SS_USAGE,
			       "schema-diff takes two aliases (SOURCE TARGET) or the --source-*/--target-* options");
	}
	if (rc == 0)
		rc = run_diff(&r);
	if (rc < 0)
		status = ss_fail_err(ctx, &r.err);
	else if (r.diff.n && ss_opt_flag(ctx, "exit-code"))
		status = ss_fail(ctx, SS_FAILED, "the schemas differ: %zu changes", r.diff.n);
	ss_pg_diff_release(&r.diff);
	ss_pg_catalog_free(r.scat);
	ss_pg_catalog_free(r.tcat);
	sd_endpoint_release(&r.src);
	sd_endpoint_release(&r.tgt);
	sd_env_release(&r.env);
	return status;
}

static const struct ss_command schema_diff = {
	SITESYNC_COMMAND_HEADER,
	.name = "schema-diff",
	.summary = "compare two PostgreSQL schemas; write or apply the ALTER script",
	.usage = "SOURCE TARGET | --source-database=DB --source-username=U --target-database=DB ...\n"
		 "Writes alter.sql (and alter.cleanup.sql for preserved objects); --dry-run prints it.",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(schema_diff)

/* copy.c - the coordinator of a PostgreSQL sync: shadow DDL, exported snapshot, workers, sequences. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

/* Both sides print and read values the same way, whatever the server defaults. */
#define SESSION_COMMON \
	"SET DateStyle = ISO; SET IntervalStyle = postgres; SET TimeZone = 'UTC';" \
	" SET extra_float_digits = 3; SET search_path = ''; SET statement_timeout = 0;" \
	" SET lock_timeout = 0; SET idle_in_transaction_session_timeout = 0; SET bytea_output = hex;"

#define SQL_SEQUENCES \
	"SELECT s.schemaname, s.sequencename, s.last_value::text, tc.relname, a.attname" \
	" FROM pg_catalog.pg_sequences s" \
	" JOIN pg_catalog.pg_namespace n ON n.nspname = s.schemaname" \
	" JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename" \
	" LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass" \
	"  AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass" \
	"  AND d.deptype = 'i'" \
	" LEFT JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid" \
	" LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid" \
	" WHERE s.schemaname = ANY($1::text[]) AND s.last_value IS NOT NULL"

static void quiet_notices(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static int source_session(PGconn *src, struct ss_error *err)
{
	PQsetNoticeProcessor(src, quiet_notices, NULL);
	/* a row level security policy that would hide rows is an error, never a silent filter */
	return ss_pgsync_exec(src, "source", SESSION_COMMON " SET row_security = off;", err);
}

int ss_pgsync_target_session(PGconn *tgt, struct ss_error *err)
{
	PQsetNoticeProcessor(tgt, quiet_notices, NULL);
	/* lz4 compresses long values several times faster than pglz; where built in (>= 14) */
	PQclear(PQexec(tgt, "SET default_toast_compression = 'lz4'"));
	/* bodies name the real schemas, which hold the old objects until the swap */
	return ss_pgsync_exec(tgt, "target", SESSION_COMMON
			      " SET synchronous_commit = off; SET maintenance_work_mem = '256MB';"
			      " SET check_function_bodies = off; SET client_min_messages = warning;",
			      err);
}

void ss_pgsync_drop_shadow(PGconn *tgt, const struct ss_pgsync_plan *plan)
{
	struct ss_buf q = SS_BUF_INIT;

	for (size_t i = 0; i < plan->nschemas; i++) {
		ss_buf_adds(&q, "DROP SCHEMA IF EXISTS ");
		ss_pg_add_ident(&q, plan->shadows[i]);
		ss_buf_adds(&q, " CASCADE;");
	}
	PQclear(PQexec(tgt, "ROLLBACK"));
	PQclear(PQexec(tgt, q.data));
	ss_buf_release(&q);
}

/* Shadows left by a killed run go first; then the schemas, types, tables... */
static int create_shadow(PGconn *tgt, const struct ss_pgsync_plan *plan, struct ss_error *err)
{
	ss_pgsync_drop_shadow(tgt, plan);
	if (ss_pgsync_exec(tgt, "target", plan->pre, err) < 0)
		return ss_error_prefix(err, "creating the shadow schemas");
	return 0;
}

/* Every worker's source transaction imports the coordinator's snapshot. */
static int share_snapshot(struct ss_pgsync_conns *c, struct ss_error *err)
{
	PGresult *res;
	char *lit, *sql;
	int rc = 0;

	if (ss_pgsync_exec(c->src, "source", "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
			   err) < 0)
		return -1;
	res = ss_pgsync_query(c->src, "source", "SELECT pg_catalog.pg_export_snapshot()", 0, NULL,
			      err);
	if (!res)
		return -1;
	lit = PQescapeLiteral(c->src, PQgetvalue(res, 0, 0), strlen(PQgetvalue(res, 0, 0)));
	PQclear(res);
	if (!lit)
		return ss_pgsync_error(c->src, NULL, "source", err);
	sql = ss_xasprintf("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
			   " SET TRANSACTION SNAPSHOT %s", lit);
	PQfreemem(lit);
	for (int i = 0; i < c->njobs && rc == 0; i++)
		rc = ss_pgsync_exec(c->wsrc[i], "source", sql, err);
	free(sql);
	return rc;
}

static void build_work(struct ss_pgrun *run)
{
	struct ss_pgsync_plan *plan = run->plan;
	int *nchunks = ss_xcalloc(plan->ntables + 1, sizeof(*nchunks));
	long long *bytes = ss_xcalloc(plan->ntables + 1, sizeof(*bytes));

	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_pgsync_table *t = &plan->tables[i];

		nchunks[i] = t->nchunks;
		bytes[i] = t->est_bytes;
		atomic_store(&t->chunks_left, t->nchunks ? t->nchunks : 1);
	}
	run->work = ss_sync_work_build(plan->ntables, nchunks, bytes, &run->nwork);
	atomic_store(&run->pending, plan->ntables);
	free(nchunks);
	free(bytes);
}

/* Cancel whatever the workers' connections run now. */
static void cancel_all(PGcancel **cancels, int n)
{
	char buf[256];

	for (int i = 0; i < n; i++)
		if (cancels[i])
			PQcancel(cancels[i], buf, sizeof(buf));
}

/* The shared loop's view of a PostgreSQL run. */
struct coord {
	PGcancel **cancels;         /* source and target of each worker */
	int n;
};

static void coord_stop(void *arg, int round, int started)
{
	struct coord *k = arg;

	(void)started;
	if (round % 20 == 0)
		cancel_all(k->cancels, k->n);
}

static int run_workers(struct ss_pgrun *run, const struct ss_sync_hooks *hooks,
		       volatile sig_atomic_t *abort, struct ss_sync_stats *st,
		       struct ss_error *err)
{
	int n = run->s.njobs;
	struct ss_pgworker *w = ss_xcalloc((size_t)n, sizeof(*w));
	struct coord k = { ss_xcalloc(2 * (size_t)n, sizeof(*k.cancels)), 2 * n };
	struct ss_sync_driver d = {
		.worker_main = ss_pgworker_main,
		.stop = coord_stop,
		.arg = &k,
		.nap_ms = 20,
	};
	int rc;

	for (int i = 0; i < n; i++) {
		w[i].run = run;
		w[i].index = i;
		k.cancels[2 * i] = PQgetCancel(run->c->wsrc[i]);
		k.cancels[2 * i + 1] = PQgetCancel(run->c->wtgt[i]);
	}
	rc = ss_sync_run_workers(&run->s, &d, w, sizeof(*w), hooks, abort, st, err);
	for (int i = 0; i < 2 * n; i++)
		if (k.cancels[i])
			PQfreeCancel(k.cancels[i]);
	free(k.cancels);
	free(w);
	return rc;
}

static const char *shadow_of(const struct ss_pgsync_plan *plan, const char *schema)
{
	for (size_t i = 0; i < plan->nschemas; i++)
		if (!strcmp(plan->schemas[i], schema))
			return plan->shadows[i];
	return NULL;
}

/* Sequences continue where the source's are (read once the rows are copied). */
static int set_sequences(struct ss_pgsync_conns *c, const struct ss_pgsync_plan *plan,
			 struct ss_error *err)
{
	char *arr = ss_pgsync_array(plan->schemas, plan->nschemas);
	const char *params[1] = { arr };
	PGresult *res = ss_pgsync_query(c->src, "source", SQL_SEQUENCES, 1, params, err);
	struct ss_buf q = SS_BUF_INIT, name = SS_BUF_INIT;
	int rc = 0;

	free(arr);
	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res) && rc == 0; r++) {
		const char *shadow = shadow_of(plan, PQgetvalue(res, r, 0));
		char *lit;

		if (!shadow)
			continue;
		ss_buf_reset(&name);
		ss_buf_reset(&q);
		if (!PQgetisnull(res, r, 3)) {
			/* an identity's sequence: its name in the shadow is the table's to choose */
			ss_pg_add_qname(&name, shadow, PQgetvalue(res, r, 3));
			lit = PQescapeLiteral(c->tgt, name.data, name.len);
			ss_buf_addf(&q, "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(%s, ",
				    lit);
			PQfreemem(lit);
			lit = PQescapeLiteral(c->tgt, PQgetvalue(res, r, 4), strlen(PQgetvalue(res, r, 4)));
			ss_buf_addf(&q, "%s), %s)", lit, PQgetvalue(res, r, 2));
		} else {
			ss_pg_add_qname(&name, shadow, PQgetvalue(res, r, 1));
			lit = PQescapeLiteral(c->tgt, name.data, name.len);
			ss_buf_addf(&q, "SELECT pg_catalog.setval(%s, %s)", lit, PQgetvalue(res, r, 2));
		}
		PQfreemem(lit);
		/* a sequence left out with its table (--skip-tables-list) is no error */
		rc = ss_pgsync_exec(c->tgt, "target", q.data, err);
		if (rc < 0 && strstr(err->msg, "does not exist"))
			rc = 0;
	}
	PQclear(res);
	ss_buf_release(&q);
	ss_buf_release(&name);
	return rc;
}

int ss_pgsync_copy(struct ss_pgsync_conns *c, struct ss_pgsync_plan *plan,
		   const struct ss_sync_hooks *hooks, volatile sig_atomic_t *abort,
		   struct ss_sync_stats *stats, struct ss_error *err)
{
	struct ss_pgrun run;
	int rc = -1;

	memset(&run, 0, sizeof(run));
	ss_sync_run_init(&run.s, plan->ntables, c->njobs, plan->est_rows, plan->est_bytes,
			 stats);
	run.plan = plan;
	run.c = c;

	if (source_session(c->src, err) < 0 || ss_pgsync_target_session(c->tgt, err) < 0)
		goto out;
	for (int i = 0; i < c->njobs; i++)
		if (source_session(c->wsrc[i], err) < 0 ||
		    ss_pgsync_sanitize_session(c->wsrc[i], plan, err) < 0 ||
		    ss_pgsync_target_session(c->wtgt[i], err) < 0)
			goto out;
	/* shadows a killed run left are dropped: nothing outside may go with them */
	if (ss_pgsync_refuse_dependents(c->tgt, &(struct ss_pgsync_list){ plan->shadows,
							plan->nschemas }, NULL,
					"which the sync drops", err) < 0)
		goto out;
	if (create_shadow(c->tgt, plan, err) < 0 || share_snapshot(c, err) < 0)
		goto drop;
	build_work(&run);
	if (abort && *abort) {
		ss_error_set(err, SS_FAILED, "interrupted");
		goto drop;
	}
	if (run_workers(&run, hooks, abort, stats, err) < 0)
		goto drop;
	if (abort && *abort) {
		ss_error_set(err, SS_FAILED, "interrupted");
		goto drop;
	}
	if (set_sequences(c, plan, err) < 0)
		goto drop;
	if (plan->post && *plan->post && ss_pgsync_exec(c->tgt, "target", plan->post, err) < 0) {
		ss_error_prefix(err, "foreign keys, triggers and views");
		goto drop;
	}
	/* privileges, policies: for the roles the target has */
	if (ss_pgsync_grants(c->tgt, plan, err) < 0) {
		ss_error_prefix(err, "privileges");
		goto drop;
	}
	/* last: the connecting role must own what it builds until then */
	if (ss_pgsync_owners(c->src, c->tgt, plan, err) < 0) {
		ss_error_prefix(err, "owners");
		goto drop;
	}
	rc = 0;
	goto out;
drop:
	ss_pgsync_drop_shadow(c->tgt, plan);
out:
	/* end the snapshot transactions */
	PQclear(PQexec(c->src, "COMMIT"));
	for (int i = 0; i < c->njobs; i++)
		PQclear(PQexec(c->wsrc[i], "COMMIT"));
	free(run.work);
	free(run.ready);
	ss_sync_run_release(&run.s);
	return rc;
}

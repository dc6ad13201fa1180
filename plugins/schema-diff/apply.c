/* apply.c - schema-diff --apply: one transaction on the target, verified by a second diff. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/pg/catalog.h"
#include "plugins/schema-diff/apply.h"

static int exec(PGconn *conn, const char *sql, const char *what, struct ss_error *err)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
		const char *msg = PQresultErrorMessage(res);

		ss_error_set(err, SS_FAILED, "%s failed: %.*s", what, (int)strcspn(msg, "\n"), msg);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

int sd_apply_lock(struct sd_endpoint *target, struct ss_error *err)
{
	char sql[96];
	PGresult *res;
	int got;

	snprintf(sql, sizeof(sql), "SELECT pg_catalog.pg_try_advisory_lock(%lld)",
		 ss_lock_key(target->db));
	res = PQexec(target->conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		const char *msg = PQresultErrorMessage(res);

		ss_error_set(err, SS_FAILED, "cannot take the lock on '%s': %.*s", target->where,
			     (int)strcspn(msg, "\n"), msg);
		PQclear(res);
		return -1;
	}
	got = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	if (!got)
		return ss_error_set(err, SS_BUSY,
				    "target '%s' is busy: another sitesync operation holds its lock",
				    target->where);
	return 0;
}

static void rollback(PGconn *conn)
{
	PQclear(PQexec(conn, "ROLLBACK"));
}

int sd_apply(struct ss_ctx *ctx, struct sd_endpoint *target, const struct ss_pg_catalog *src,
	     const struct ss_pg_diff *diff, const struct ss_pg_diff_opts *opts,
	     struct ss_error *err)
{
	PGconn *conn = target->conn;
	const char *const *schemas = NULL;
	struct ss_pg_catalog *after = NULL;
	struct ss_pg_diff again;
	size_t nschemas = 0;

	if (exec(conn, "BEGIN", "starting the transaction on the target", err) < 0)
		return -1;
	if (exec(conn, "SET LOCAL check_function_bodies = false", "preparing the target", err) < 0)
		goto fail;
	for (size_t i = 0; i < diff->n; i++) {
		const struct ss_pg_change *c = &diff->changes[i];
		char *what = ss_xasprintf("applying %s %s of %s \"%s\"",
					  c->section, ss_pg_action_name(c->action),
					  ss_pg_kind_name(c->kind), c->object);

		ss_debug(ctx, "%s", c->sql);
		if (exec(conn, c->sql, what, err) < 0) {
			free(what);
			goto fail;
		}
		free(what);
	}
	/* verify: the target, as changed, must now match the source */
	if (target->schema) {
		schemas = (const char *const *)&target->schema;
		nschemas = 1;
	}
	if (ss_pg_catalog_load(conn, schemas, nschemas, &after, err) < 0) {
		ss_error_prefix(err, "reading the target again");
		goto fail;
	}
	ss_pg_diff(src, after, opts, &again);
	if (again.n) {
		struct ss_buf b = SS_BUF_INIT;

		for (size_t i = 0; i < again.n && i < 5; i++)
			ss_buf_addf(&b, "%s%s %s", i ? ", " : "",
				    ss_pg_action_name(again.changes[i].action), again.changes[i].object);
		ss_error_set(err, SS_FAILED,
			     "the target still differs after applying (%zu changes: %s%s); rolled back",
			     again.n, b.data, again.n > 5 ? ", ..." : "");
		ss_buf_release(&b);
		ss_pg_diff_release(&again);
		ss_pg_catalog_free(after);
		goto fail;
	}
	ss_pg_diff_release(&again);
	ss_pg_catalog_free(after);
	return exec(conn, "COMMIT", "committing on the target", err);
fail:
	rollback(conn);
	return -1;
}

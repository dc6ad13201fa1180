/* pg_conns.c - the connections of a PostgreSQL sql-sync (through ss_db_connect). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "plugins/sql-sync/sql_sync_pg.h"

int sync_pg_connect(struct ss_ctx *ctx, const struct ss_alias *a, int no_db,
		    struct ss_conn **out, struct ss_error *err)
{
	struct ss_connect_opts opts = { .no_database = no_db, .app_name = "sitesync sql-sync" };

	if (ss_db_connect(ctx, a, &opts, out, err) < 0)
		return -1;
	if (!ss_conn_pg(*out)) {
		ss_conn_close(*out);
		*out = NULL;
		return ss_error_set(err, SS_FAILED, "alias '%s' is not a PostgreSQL database",
				    a->name);
	}
	return 0;
}

/* Does database name exist on the server of conn? */
static int db_exists(struct ss_conn *conn, const char *name, struct ss_error *err)
{
	const char *params[1] = { name };
	PGresult *res = PQexecParams(ss_conn_pg(conn),
				     "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1",
				     1, NULL, params, NULL, NULL, 0);
	int rc;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		const char *msg = PQresultErrorMessage(res);

		rc = ss_error_set(err, SS_FAILED, "%s: %.*s", ss_conn_where(conn),
				  (int)strcspn(msg, "\n"), msg);
	} else {
		rc = PQntuples(res) == 1;
	}
	PQclear(res);
	return rc;
}

int sync_pg_open_coord(struct ss_ctx *ctx, const struct ss_alias *source,
		       const struct ss_alias *target, struct sync_pg_conns *c, int *exists,
		       struct ss_error *err)
{
	if (sync_pg_connect(ctx, source, 0, &c->src, err) < 0 ||
	    sync_pg_connect(ctx, target, 1, &c->maint, err) < 0)
		return -1;
	*exists = db_exists(c->maint, target->db.name, err);
	if (*exists < 0)
		return -1;
	if (*exists && sync_pg_connect(ctx, target, 0, &c->tgt, err) < 0)
		return -1;
	c->pg.src = ss_conn_pg(c->src);
	c->pg.tgt = c->tgt ? ss_conn_pg(c->tgt) : NULL;
	return 0;
}

int sync_pg_open_workers(struct ss_ctx *ctx, const struct ss_alias *source,
			 const struct ss_alias *target, int jobs, struct sync_pg_conns *c,
			 struct ss_error *err)
{
	c->wsrc = ss_xcalloc((size_t)jobs, sizeof(*c->wsrc));
	c->wtgt = ss_xcalloc((size_t)jobs, sizeof(*c->wtgt));
	c->pg.wsrc = ss_xcalloc((size_t)jobs, sizeof(*c->pg.wsrc));
	c->pg.wtgt = ss_xcalloc((size_t)jobs, sizeof(*c->pg.wtgt));
	c->pg.njobs = jobs;
	for (int i = 0; i < jobs; i++) {
		if (sync_pg_connect(ctx, source, 0, &c->wsrc[i], err) < 0 ||
		    sync_pg_connect(ctx, target, 0, &c->wtgt[i], err) < 0)
			return -1;
		c->pg.wsrc[i] = ss_conn_pg(c->wsrc[i]);
		c->pg.wtgt[i] = ss_conn_pg(c->wtgt[i]);
	}
	return 0;
}

void sync_pg_conns_close(struct sync_pg_conns *c)
{
	for (int i = 0; i < c->pg.njobs; i++) {
		if (c->wsrc[i])
			ss_conn_close(c->wsrc[i]);
		if (c->wtgt[i])
			ss_conn_close(c->wtgt[i]);
	}
	free(c->wsrc);
	free(c->wtgt);
	free(c->pg.wsrc);
	free(c->pg.wtgt);
	if (c->src)
		ss_conn_close(c->src);
	if (c->tgt)
		ss_conn_close(c->tgt);
	if (c->maint)
		ss_conn_close(c->maint);
	memset(c, 0, sizeof(*c));
}

/* sql.c - the PostgreSQL sync's statements: errors naming the side, array literals. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

int ss_pgsync_error(PGconn *conn, const PGresult *res, const char *who, struct ss_error *err)
{
	const char *msg = res ? PQresultErrorMessage(res) : "";

	if (!msg || !*msg)
		msg = PQerrorMessage(conn);
	if (!msg || !*msg)
		msg = "connection lost";
	if (!strncmp(msg, "ERROR:  ", 8))
		msg += 8;
	return ss_error_set(err, SS_FAILED, "%s: %.*s", who, (int)strcspn(msg, "\n"), msg);
}

int ss_pgsync_exec(PGconn *conn, const char *who, const char *sql, struct ss_error *err)
{
	PGresult *res = PQexec(conn, sql);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = ss_pgsync_error(conn, res, who, err);
	PQclear(res);
	return rc;
}

PGresult *ss_pgsync_query(PGconn *conn, const char *who, const char *sql, int nparams,
			  const char *const *params, struct ss_error *err)
{
	PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		ss_pgsync_error(conn, res, who, err);
		PQclear(res);
		return NULL;
	}
	return res;
}

void ss_pgsync_list_add(struct ss_pgsync_list *l, char *item)
{
	l->items = ss_xrealloc(l->items, (l->n + 1) * sizeof(char *));
	l->items[l->n++] = item;
}

int ss_pgsync_query_list(PGconn *conn, const char *who, const char *sql, const char *param,
			 struct ss_pgsync_list *l, struct ss_error *err)
{
	const char *params[1] = { param };
	PGresult *res = ss_pgsync_query(conn, who, sql, 1, params, err);

	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++)
		ss_pgsync_list_add(l, ss_xstrdup(PQgetvalue(res, r, 0)));
	PQclear(res);
	return 0;
}

void ss_pgsync_list_release(struct ss_pgsync_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

char *ss_pgsync_array(char *const *names, size_t n)
{
	return ss_pg_text_array((const char *const *)names, n);
}

/* pg.c - PostgreSQL connections through libpq. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include <sitesync/buf.h>
#include <sitesync/context.h>

#include "lib/db/internal.h"

/* Notices ("table does not exist, skipping") are shown with -d, never printed by libpq. */
static void notice_processor(void *arg, const char *message)
{
	struct ss_conn *conn = arg;
	char line[SS_ERROR_MAX];

	if (!conn->ctx)
		return;
	ss_db_one_line(message, line, sizeof(line));
	ss_debug(conn->ctx, "%s: %s", conn->alias, line);
}

char *ss_db_pg_version_string(int v)
{
	if (v >= 100000)
		return ss_xasprintf("PostgreSQL %d.%d", v / 10000, v % 10000);
	return ss_xasprintf("PostgreSQL %d.%d.%d", v / 10000, v / 100 % 100, v % 100);
}

int ss_db_pg_connect(struct ss_conn *conn, const struct ss_db_login *login, char *reason,
		     size_t reason_size)
{
	const char *keys[12], *values[12];
	char port[16], timeout[16];
	size_t n = 0;
	PGconn *pg;

	snprintf(port, sizeof(port), "%d", login->port);
	snprintf(timeout, sizeof(timeout), "%d", login->timeout);
#define KV(k, v) do { keys[n] = (k); values[n] = (v); n++; } while (0)
	KV("host", login->socket ? login->socket : login->host);
	KV("port", port);
	KV("dbname", login->database ? login->database : "postgres");
	if (login->user)
		KV("user", login->user);
	if (login->password)
		KV("password", login->password);
	if (login->app_name)
		KV("application_name", login->app_name);
	KV("fallback_application_name", "sitesync");
	KV("connect_timeout", timeout);
	KV("client_encoding", "UTF8");
	KV(NULL, NULL);
#undef KV

	/* expand_dbname 0: a dbname is a name, never a conninfo string or URI. */
	pg = PQconnectdbParams(keys, values, 0);
	if (!pg) {
		ss_db_one_line("out of memory", reason, reason_size);
		return -1;
	}
	if (PQstatus(pg) != CONNECTION_OK) {
		ss_db_one_line(PQerrorMessage(pg), reason, reason_size);
		PQfinish(pg);
		return -1;
	}
	/* libpq keeps its copy for PQreset(), which sitesync never calls. */
	if (PQpass(pg))
		ss_secret_wipe(PQpass(pg), strlen(PQpass(pg)));
	conn->pg = pg;
	PQsetNoticeProcessor(pg, notice_processor, conn);
	conn->version = ss_db_pg_version_string(PQserverVersion(pg));
	return 0;
}

/* The primary message of a failed result, else the connection's message. */
static void result_error(PGconn *pg, PGresult *res, char *reason, size_t reason_size)
{
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	ss_db_one_line(primary ? primary : PQerrorMessage(pg), reason, reason_size);
}

/*
 * A COPY started by a statement that was meant to return nothing: end it
 * so the connection stays usable (COPY streams go through ss_conn_pg()).
 */
static void abandon_copy(PGconn *pg, ExecStatusType status)
{
	PGresult *res;
	char *data;

	if (status == PGRES_COPY_IN)
		PQputCopyEnd(pg, "sitesync: ss_conn_exec() does not feed COPY FROM STDIN");
	else
		while (PQgetCopyData(pg, &data, 0) > 0)
			PQfreemem(data);
	while ((res = PQgetResult(pg)))
		PQclear(res);
}

int ss_db_pg_exec(struct ss_conn *conn, const char *sql, char *reason, size_t reason_size)
{
	PGresult *res = PQexec(conn->pg, sql);
	ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = 0;

	switch (status) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		break;
	case PGRES_COPY_IN:
	case PGRES_COPY_OUT:
		abandon_copy(conn->pg, status);
		ss_db_one_line("a COPY statement needs the connection itself (ss_conn_pg)",
			       reason, reason_size);
		rc = -1;
		break;
	default:
		result_error(conn->pg, res, reason, reason_size);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

char *ss_db_pg_quote_literal(struct ss_conn *conn, const char *value, size_t len)
{
	char *quoted = PQescapeLiteral(conn->pg, value, len);
	char *out;

	if (!quoted)
		return NULL;
	out = ss_xstrdup(quoted);
	PQfreemem(quoted);
	return out;
}

void ss_db_pg_close(struct ss_conn *conn)
{
	PQfinish(conn->pg);
	conn->pg = NULL;
}

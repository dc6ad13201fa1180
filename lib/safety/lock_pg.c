/* lock_pg.c - the per-target lock on PostgreSQL: an advisory lock and its holder. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include <sitesync/db.h>
#include <sitesync/safety.h>

#include "lib/safety/lock.h"

/* The backend holding advisory lock `key` in this database, from pg_locks. */
static void find_holder(PGconn *pg, long long key, struct ss_lock_holder *h)
{
	unsigned long long k = (unsigned long long)key;
	char sql[1024];
	PGresult *res;

	snprintf(sql, sizeof(sql),
		 "SELECT a.pid, coalesce(a.application_name, ''), "
		 "coalesce(a.usename::text, '') || '@' || coalesce(host(a.client_addr), 'local'), "
		 "coalesce(extract(epoch FROM a.backend_start)::bigint, 0) "
		 "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
		 "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
		 "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
		 "AND l.classid::int8 = %llu AND l.objid::int8 = %llu LIMIT 1",
		 k >> 32, k & 0xffffffffULL);
	res = PQexec(pg, sql);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		h->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		snprintf(h->app, sizeof(h->app), "%s", PQgetvalue(res, 0, 1));
		snprintf(h->client, sizeof(h->client), "%s", PQgetvalue(res, 0, 2));
		h->since = (time_t)strtoll(PQgetvalue(res, 0, 3), NULL, 10);
	}
	PQclear(res);
}

int ss_lock_try_pg(struct ss_conn *conn, const char *db_name,
		   struct ss_lock_holder *holder, struct ss_error *err)
{
	PGconn *pg = ss_conn_pg(conn);
	long long key = ss_lock_key(db_name);
	char sql[128];
	PGresult *res;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT pg_try_advisory_lock(%lld)", key);
	res = PQexec(pg, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		const char *msg = PQerrorMessage(pg);

		rc = ss_error_set(err, SS_FAILED, "cannot take the lock on '%s': %.*s",
				  ss_conn_where(conn), (int)strcspn(msg, "\n"), msg);
		PQclear(res);
		return rc;
	}
	rc = !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	if (!rc)
		find_holder(pg, key, holder);
	return rc;
}

/* lock_mysql.c - the per-target lock on MySQL/MariaDB: GET_LOCK and its holder. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>

#include <sitesync/db.h>

#include "lib/safety/lock.h"

/*
 * Run a query returning one row; copy its columns (NULL as "") into cols.
 * Returns 1 with a row, 0 without one, -1 on error (err set).
 */
static int one_row(struct ss_conn *conn, const char *sql, char cols[][128], int ncols,
		   int nulls[], struct ss_error *err)
{
	MYSQL *m = ss_conn_mysql(conn);
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc = 0;

	if (mysql_query(m, sql) || !(res = mysql_store_result(m)))
		return ss_error_set(err, SS_FAILED, "lock query on '%s' failed: %s",
				    ss_conn_where(conn), mysql_error(m));
	row = mysql_fetch_row(res);
	if (row && (int)mysql_num_fields(res) >= ncols) {
		for (int i = 0; i < ncols; i++) {
			snprintf(cols[i], 128, "%s", row[i] ? row[i] : "");
			if (nulls)
				nulls[i] = !row[i];
		}
		rc = 1;
	}
	mysql_free_result(res);
	return rc;
}

/* Who holds the lock: connection id, then PROCESSLIST, then the program name. */
static void find_holder(struct ss_conn *conn, const char *lit, struct ss_lock_holder *h)
{
	char cols[3][128], sql[512];
	struct ss_error ignored;
	int nulls[3];

	snprintf(sql, sizeof(sql), "SELECT IS_USED_LOCK(%s)", lit);
	if (one_row(conn, sql, cols, 1, nulls, &ignored) != 1 || nulls[0])
		return;
	h->id = strtoll(cols[0], NULL, 10);
	snprintf(sql, sizeof(sql),
		 "SELECT USER, HOST, TIME FROM information_schema.PROCESSLIST WHERE ID = %lld",
		 h->id);
	if (one_row(conn, sql, cols, 3, NULL, &ignored) == 1) {
		snprintf(h->client, sizeof(h->client), "%s@%s", cols[0], cols[1]);
		h->since = time(NULL) - strtol(cols[2], NULL, 10);
	}
	/*
	 * The program name is there when performance_schema is on: for the
	 * sessions of our own account without any privilege, else for all
	 * with SELECT on performance_schema.
	 */
	for (int i = 0; i < 2; i++) {
		snprintf(sql, sizeof(sql),
			 "SELECT ATTR_VALUE FROM performance_schema.%s "
			 "WHERE PROCESSLIST_ID = %lld AND ATTR_NAME = 'program_name'",
			 i == 0 ? "session_account_connect_attrs" : "session_connect_attrs", h->id);
		if (one_row(conn, sql, cols, 1, NULL, &ignored) == 1) {
			snprintf(h->app, sizeof(h->app), "%s", cols[0]);
			break;
		}
	}
}

int ss_lock_try_mysql(struct ss_conn *conn, const char *db_name,
		      struct ss_lock_holder *holder, struct ss_error *err)
{
	struct ss_buf name = SS_BUF_INIT;
	char cols[1][128], *lit, *sql;
	int nulls[1], rc;

	ss_lock_mysql_name(db_name, &name);
	lit = ss_conn_quote_literal(conn, name.data, name.len);
	ss_buf_release(&name);
	if (!lit)
		return ss_error_set(err, SS_FAILED, "out of memory quoting the lock name");
	sql = ss_xasprintf("SELECT GET_LOCK(%s, 0)", lit);
	rc = one_row(conn, sql, cols, 1, nulls, err);
	free(sql);
	if (rc == 1 && nulls[0])
		rc = ss_error_set(err, SS_FAILED, "cannot take the lock on '%s': GET_LOCK failed",
				  ss_conn_where(conn));
	else if (rc == 1 && !strcmp(cols[0], "1"))
		rc = 1;
	else if (rc >= 0) {
		find_holder(conn, lit, holder);
		rc = 0;
	}
	free(lit);
	return rc;
}

/* drop_mysql.c - sql-drop on MySQL/MariaDB: list, then drop views, tables, routines, events. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "plugins/sql-drop/objects.h"

/* Run a query and hand each row to fn; -1 with err on failure. */
static int each_row(struct ss_conn *conn, const char *sql,
		    void (*fn)(struct objects *o, MYSQL_ROW row), struct objects *o,
		    struct ss_error *err)
{
	MYSQL *m = ss_conn_mysql(conn);
	MYSQL_RES *res;
	MYSQL_ROW row;

	if (mysql_query(m, sql) || !(res = mysql_store_result(m)))
		return ss_error_set(err, SS_FAILED, "cannot list the objects of '%s': %s",
				    ss_conn_where(conn), mysql_error(m));
	while ((row = mysql_fetch_row(res)))
		fn(o, row);
	mysql_free_result(res);
	return 0;
}

static void add_table(struct objects *o, MYSQL_ROW r)
{
	enum obj_kind k = OBJ_TABLE;

	if (!strcmp(r[2], "VIEW"))
		k = OBJ_VIEW;
	else if (!strcmp(r[2], "SEQUENCE"))
		k = OBJ_SEQUENCE;
	objects_add(o, k, r[0], r[1], NULL);
}

static void add_trigger(struct objects *o, MYSQL_ROW r)
{
	char *detail = ss_xasprintf("on table %s, goes with it", r[2]);

	objects_add(o, OBJ_TRIGGER, r[0], r[1], detail);
	free(detail);
}

static void add_routine(struct objects *o, MYSQL_ROW r)
{
	objects_add(o, OBJ_ROUTINE, r[0], r[1], r[2]);
}

static void add_event(struct objects *o, MYSQL_ROW r)
{
	objects_add(o, OBJ_EVENT, r[0], r[1], NULL);
}

int drop_mysql_inventory(struct ss_conn *conn, struct objects *o, struct ss_error *err)
{
	if (each_row(conn,
		     "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
		     "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME", add_table, o, err) < 0 ||
	    each_row(conn,
		     "SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE "
		     "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
		     "ORDER BY TRIGGER_NAME", add_trigger, o, err) < 0 ||
	    each_row(conn,
		     "SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE "
		     "FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() "
		     "ORDER BY ROUTINE_NAME", add_routine, o, err) < 0 ||
	    each_row(conn,
		     "SELECT EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS "
		     "WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME", add_event, o, err) < 0)
		return -1;
	return 0;
}

/*
 * DROP <what> IF EXISTS a, b, ... for every object of kind k, a batch of
 * names per statement (views: any order, they are not checked; tables: any
 * order with foreign_key_checks=0, their triggers go with them).
 */
static int drop_kind(struct ss_conn *conn, const struct objects *o, enum obj_kind k,
		     const char *what, struct ss_error *err)
{
	struct ss_buf sql = SS_BUF_INIT;
	size_t inbatch = 0;
	int rc = 0;

	for (size_t i = 0; i <= o->n && rc == 0; i++) {
		if (i < o->n && o->v[i].kind == k) {
			char *q = ss_conn_quote_ident(conn, o->v[i].name);

			if (!inbatch)
				ss_buf_addf(&sql, "DROP %s IF EXISTS ", what);
			ss_buf_addf(&sql, "%s%s", inbatch ? ", " : "", q);
			free(q);
			inbatch++;
		}
		if (inbatch && (i == o->n || sql.len > 32768)) {
			rc = ss_conn_exec(conn, sql.data, err);
			ss_buf_reset(&sql);
			inbatch = 0;
		}
	}
	ss_buf_release(&sql);
	return rc;
}

/* FUNCTION, PROCEDURE, PACKAGE, PACKAGE BODY (MariaDB), from ROUTINE_TYPE. */
static const char *routine_keyword(const char *type)
{
	static const char *const known[] = { "PROCEDURE", "PACKAGE BODY", "PACKAGE", NULL };

	for (int i = 0; type && known[i]; i++)
		if (!strcmp(type, known[i]))
			return known[i];
	return "FUNCTION";
}

/* Routines and events one at a time: DROP FUNCTION takes one name. */
static int drop_each(struct ss_conn *conn, const struct objects *o, enum obj_kind k,
		     struct ss_error *err)
{
	for (size_t i = 0; i < o->n; i++) {
		const struct obj *x = &o->v[i];
		const char *what = "EVENT";
		char *q, *sql;
		int rc;

		if (x->kind != k)
			continue;
		if (k == OBJ_ROUTINE)
			what = routine_keyword(x->detail);
		q = ss_conn_quote_ident(conn, x->name);
		sql = ss_xasprintf("DROP %s IF EXISTS %s", what, q);
		rc = ss_conn_exec(conn, sql, err);
		free(sql);
		free(q);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int drop_mysql_run(struct ss_conn *conn, const struct objects *o, struct ss_error *err)
{
	if (ss_conn_exec(conn, "SET SESSION foreign_key_checks = 0", err) < 0 ||
	    drop_kind(conn, o, OBJ_VIEW, "VIEW", err) < 0 ||
	    drop_kind(conn, o, OBJ_TABLE, "TABLE", err) < 0 ||
	    drop_kind(conn, o, OBJ_SEQUENCE, "SEQUENCE", err) < 0 ||
	    drop_each(conn, o, OBJ_ROUTINE, err) < 0 ||
	    drop_each(conn, o, OBJ_EVENT, err) < 0)
		return -1;
	return ss_conn_exec(conn, "SET SESSION foreign_key_checks = 1", err);
}

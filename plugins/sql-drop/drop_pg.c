/* drop_pg.c - sql-drop on PostgreSQL: drop the selected schemas, recreate an empty public. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "plugins/sql-drop/objects.h"

/* libpq's message, first line only. */
static int pg_error(struct ss_conn *conn, const char *doing, struct ss_error *err)
{
	const char *msg = PQerrorMessage(ss_conn_pg(conn));

	return ss_error_set(err, SS_FAILED, "cannot %s on '%s': %.*s", doing, ss_conn_where(conn),
			    (int)strcspn(msg, "\n"), msg);
}

/* Run a query, hand each row to fn; -1 with err on failure. */
static int each_row(struct ss_conn *conn, const char *sql,
		    void (*fn)(struct objects *o, PGresult *res, int row), struct objects *o,
		    struct ss_error *err)
{
	PGresult *res = PQexec(ss_conn_pg(conn), sql);

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return pg_error(conn, "list the objects", err);
	}
	for (int i = 0; i < PQntuples(res); i++)
		fn(o, res, i);
	PQclear(res);
	return 0;
}

static void add_schema(struct objects *o, PGresult *r, int i)
{
	objects_add_schema(o, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
}

static void add_relation(struct objects *o, PGresult *r, int i)
{
	enum obj_kind k;

	switch (PQgetvalue(r, i, 2)[0]) {
	case 'v': k = OBJ_VIEW; break;
	case 'm': k = OBJ_MATVIEW; break;
	case 'S': k = OBJ_SEQUENCE; break;
	case 'f': k = OBJ_FOREIGN_TABLE; break;
	default: k = OBJ_TABLE; break;
	}
	objects_add(o, k, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), NULL);
}

static void add_routine(struct objects *o, PGresult *r, int i)
{
	static const char *const kinds[] = { "f", "function", "p", "procedure", "a", "aggregate",
					     "w", "window function", NULL };
	const char *detail = NULL;

	for (int k = 0; kinds[k]; k += 2)
		if (!strcmp(PQgetvalue(r, i, 2), kinds[k]))
			detail = kinds[k + 1];
	objects_add(o, OBJ_ROUTINE, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), detail);
}

static void add_type(struct objects *o, PGresult *r, int i)
{
	objects_add(o, OBJ_TYPE, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
}

static void add_extension(struct objects *o, PGresult *r, int i)
{
	objects_add(o, OBJ_EXTENSION, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), NULL);
}

static void add_trigger(struct objects *o, PGresult *r, int i)
{
	char *detail = ss_xasprintf("on table %s, goes with it", PQgetvalue(r, i, 2));

	objects_add(o, OBJ_TRIGGER, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), detail);
	free(detail);
}

static void add_outside(struct objects *o, PGresult *r, int i)
{
	char *detail = ss_xasprintf("outside the schemas, depends on %s: dropped with them",
				    PQgetvalue(r, i, 3));

	objects_add(o, PQgetvalue(r, i, 2)[0] == 'f' ? OBJ_FOREIGN_KEY : OBJ_VIEW,
		    PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), detail);
	free(detail);
}

/*
 * What DROP SCHEMA ... CASCADE takes along from other schemas: views (and
 * materialized views) built on the selected schemas' relations, and foreign
 * keys of other tables that point into them.  Listed and counted, so the
 * question says so.
 */
static int outside_dependents(struct ss_conn *conn, const char *in, struct objects *o,
			      struct ss_error *err)
{
	struct ss_buf sql = SS_BUF_INIT;
	int rc;

	ss_buf_addf(&sql,
		    "SELECT DISTINCT dn.nspname, dc.relname, 'v', rn.nspname || '.' || rc.relname "
		    "FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid "
		    "JOIN pg_class dc ON dc.oid = w.ev_class "
		    "JOIN pg_namespace dn ON dn.oid = dc.relnamespace "
		    "JOIN pg_class rc ON rc.oid = d.refobjid "
		    "JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
		    "WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass "
		    "AND rn.nspname IN (%s) AND dn.nspname NOT IN (%s) "
		    "UNION "
		    "SELECT n.nspname, c.relname || '.' || k.conname, 'f', "
		    "rn.nspname || '.' || rc.relname "
		    "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
		    "JOIN pg_namespace n ON n.oid = c.relnamespace "
		    "JOIN pg_class rc ON rc.oid = k.confrelid "
		    "JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
		    "WHERE k.contype = 'f' AND rn.nspname IN (%s) AND n.nspname NOT IN (%s) "
		    "ORDER BY 1, 2", in, in, in, in);
	rc = each_row(conn, sql.data, add_outside, o, err);
	ss_buf_release(&sql);
	return rc;
}

/* Not part of an extension (those go with their extension). */
#define NOT_EXT(cls, oid) \
	" AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '" cls "'::regclass" \
	" AND d.objid = " oid " AND d.deptype = 'e')"

/* The default: every non-system schema owned by the connecting user (public
 * counts when it belongs to pg_database_owner and the user owns the database). */
static const char default_schemas_sql[] =
	"SELECT n.nspname, quote_ident(pg_get_userbyid(n.nspowner)) FROM pg_namespace n "
	"WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' "
	"AND (n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) "
	" OR (n.nspowner IN (SELECT oid FROM pg_roles WHERE rolname = 'pg_database_owner') "
	"  AND (SELECT datdba FROM pg_database WHERE datname = current_database()) = "
	"      (SELECT oid FROM pg_roles WHERE rolname = current_user)))"
	NOT_EXT("pg_namespace", "n.oid")
	" ORDER BY 1";

static int is_system_schema(const char *s)
{
	return !strncmp(s, "pg_", 3) || !strcmp(s, "information_schema");
}

/* The schemas of a --schemas list, each checked to exist and not be a system one. */
static int named_schemas(struct ss_conn *conn, const char *list, struct objects *o,
			 struct ss_error *err)
{
	char *copy = ss_xstrdup(list), *save = NULL;
	int rc = 0;

	for (char *s = strtok_r(copy, ",", &save); s && rc == 0; s = strtok_r(NULL, ",", &save)) {
		size_t before = o->nschemas;
		char *lit, *sql;

		while (*s == ' ')
			s++;
		s[strcspn(s, " ")] = '\0';
		if (!*s)
			continue;
		if (is_system_schema(s)) {
			rc = ss_error_set(err, SS_USAGE,
					  "schema '%s' is a system schema; sql-drop leaves it alone", s);
			break;
		}
		lit = ss_conn_quote_literal(conn, s, strlen(s));
		if (!lit) {
			rc = ss_error_set(err, SS_USAGE, "schema name '%s' is not valid text", s);
			break;
		}
		sql = ss_xasprintf("SELECT nspname, quote_ident(pg_get_userbyid(nspowner)) "
				   "FROM pg_namespace WHERE nspname = %s", lit);
		rc = each_row(conn, sql, add_schema, o, err);
		free(sql);
		free(lit);
		if (rc == 0 && o->nschemas == before)
			rc = ss_error_set(err, SS_FAILED, "schema '%s' not found in '%s'", s,
					  ss_conn_where(conn));
	}
	free(copy);
	if (rc == 0 && !o->nschemas)
		rc = ss_error_set(err, SS_USAGE, "--schemas names no schema");
	return rc;
}

/* "'a', 'b'" for an IN list of the selected schemas. */
static int schema_list(struct ss_conn *conn, const struct objects *o, struct ss_buf *out)
{
	for (size_t i = 0; i < o->nschemas; i++) {
		char *lit = ss_conn_quote_literal(conn, o->schemas[i], strlen(o->schemas[i]));

		if (!lit)
			return -1;
		ss_buf_addf(out, "%s%s", i ? ", " : "", lit);
		free(lit);
	}
	return 0;
}

int drop_pg_inventory(struct ss_conn *conn, const char *schemas, struct objects *o,
		      struct ss_error *err)
{
	struct ss_buf in = SS_BUF_INIT, sql = SS_BUF_INIT;
	int rc;

	if (schemas)
		rc = named_schemas(conn, schemas, o, err);
	else
		rc = each_row(conn, default_schemas_sql, add_schema, o, err);
	if (rc < 0 || !o->nschemas)
		return rc;
	if (schema_list(conn, o, &in) < 0) {
		ss_buf_release(&in);
		return ss_error_set(err, SS_FAILED, "cannot quote the schema names");
	}
	ss_buf_addf(&sql, "SELECT n.nspname, c.relname, c.relkind FROM pg_class c "
			  "JOIN pg_namespace n ON n.oid = c.relnamespace "
			  "WHERE n.nspname IN (%s) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
			  NOT_EXT("pg_class", "c.oid") " ORDER BY 1, 2", in.data);
	rc = each_row(conn, sql.data, add_relation, o, err);
	ss_buf_reset(&sql);
	ss_buf_addf(&sql, "SELECT n.nspname, p.proname || '(' || "
			  "pg_get_function_identity_arguments(p.oid) || ')', p.prokind "
			  "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
			  "WHERE n.nspname IN (%s)" NOT_EXT("pg_proc", "p.oid") " ORDER BY 1, 2",
		    in.data);
	if (rc == 0)
		rc = each_row(conn, sql.data, add_routine, o, err);
	ss_buf_reset(&sql);
	ss_buf_addf(&sql, "SELECT n.nspname, t.typname, CASE t.typtype WHEN 'e' THEN 'enum' "
			  "WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range' ELSE 'composite' END "
			  "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
			  "WHERE n.nspname IN (%s) AND (t.typtype IN ('e', 'd', 'r') OR "
			  "(t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))"
			  NOT_EXT("pg_type", "t.oid") " ORDER BY 1, 2", in.data);
	if (rc == 0)
		rc = each_row(conn, sql.data, add_type, o, err);
	ss_buf_reset(&sql);
	ss_buf_addf(&sql, "SELECT n.nspname, e.extname FROM pg_extension e "
			  "JOIN pg_namespace n ON n.oid = e.extnamespace "
			  "WHERE n.nspname IN (%s) ORDER BY 1, 2", in.data);
	if (rc == 0)
		rc = each_row(conn, sql.data, add_extension, o, err);
	ss_buf_reset(&sql);
	ss_buf_addf(&sql, "SELECT n.nspname, t.tgname, c.relname FROM pg_trigger t "
			  "JOIN pg_class c ON c.oid = t.tgrelid "
			  "JOIN pg_namespace n ON n.oid = c.relnamespace "
			  "WHERE n.nspname IN (%s) AND NOT t.tgisinternal ORDER BY 1, 2", in.data);
	if (rc == 0)
		rc = each_row(conn, sql.data, add_trigger, o, err);
	if (rc == 0)
		rc = outside_dependents(conn, in.data, o, err);
	ss_buf_release(&sql);
	ss_buf_release(&in);
	return rc;
}

/* Run one statement; -1 with err naming what it was doing. */
static int run_sql(struct ss_conn *conn, const char *sql, const char *doing, struct ss_error *err)
{
	PGresult *res = PQexec(ss_conn_pg(conn), sql);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;

	PQclear(res);
	return ok ? 0 : pg_error(conn, doing, err);
}

/*
 * What makes the recreated public like the old one: its privileges (GRANT
 * statements from aclexplode, role names quoted by the server) and comment.
 */
static int public_restore_sql(struct ss_conn *conn, struct ss_buf *out, struct ss_error *err)
{
	PGresult *res = PQexec(ss_conn_pg(conn),
			       "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' "
			       "ELSE quote_ident(pg_get_userbyid(a.grantee)) END, "
			       "a.privilege_type, a.is_grantable "
			       "FROM pg_namespace n, aclexplode(n.nspacl) a "
			       "WHERE n.nspname = 'public' AND a.grantee <> n.nspowner");

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return pg_error(conn, "read the privileges of schema 'public'", err);
	}
	for (int i = 0; i < PQntuples(res); i++) {
		const char *priv = PQgetvalue(res, i, 1);

		if (strcmp(priv, "USAGE") && strcmp(priv, "CREATE"))
			continue;
		ss_buf_addf(out, "GRANT %s ON SCHEMA public TO %s%s;", priv, PQgetvalue(res, i, 0),
			    !strcmp(PQgetvalue(res, i, 2), "t") ? " WITH GRANT OPTION" : "");
	}
	PQclear(res);
	res = PQexec(ss_conn_pg(conn), "SELECT obj_description(oid, 'pg_namespace') "
				       "FROM pg_namespace WHERE nspname = 'public'");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    !PQgetisnull(res, 0, 0)) {
		const char *c = PQgetvalue(res, 0, 0);
		char *lit = ss_conn_quote_literal(conn, c, strlen(c));

		if (lit)
			ss_buf_addf(out, "COMMENT ON SCHEMA public IS %s;", lit);
		free(lit);
	}
	PQclear(res);
	return 0;
}

/* Drop the schemas and recreate public, all in one transaction. */
static int drop_schemas(struct ss_conn *conn, const struct objects *o, struct ss_error *err)
{
	struct ss_buf sql = SS_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < o->nschemas && rc == 0; i++) {
		char *q = ss_conn_quote_ident(conn, o->schemas[i]);

		ss_buf_reset(&sql);
		if (!strcmp(o->schemas[i], "public"))
			rc = public_restore_sql(conn, &sql, err);
		if (rc == 0) {
			char *drop = ss_xasprintf("DROP SCHEMA %s CASCADE", q);

			rc = run_sql(conn, drop, "drop a schema", err);
			free(drop);
		}
		if (rc == 0 && !strcmp(o->schemas[i], "public")) {
			/* owner as before: o->schema_owners[] was quoted by the server */
			char *create = ss_xasprintf("CREATE SCHEMA public AUTHORIZATION %s;%s",
						    o->schema_owners[i], sql.data);

			rc = run_sql(conn, create, "recreate schema 'public'", err);
			free(create);
		}
		free(q);
	}
	ss_buf_release(&sql);
	return rc;
}

int drop_pg_run(struct ss_conn *conn, const struct objects *o, struct ss_error *err)
{
	if (!o->nschemas)
		return 0;
	if (run_sql(conn, "BEGIN", "start a transaction", err) < 0)
		return -1;
	if (drop_schemas(conn, o, err) < 0) {
		PQclear(PQexec(ss_conn_pg(conn), "ROLLBACK"));
		return -1;
	}
	return run_sql(conn, "COMMIT", "commit the drop", err);
}

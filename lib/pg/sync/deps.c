/* deps.c - dependents outside the schemas a sync swaps or drops: refused, or views rebuilt. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

#define REG(x) "'pg_catalog." x "'::pg_catalog.regclass"

/*
 * Objects in other schemas than $1 and $2 that depend on a relation, type or
 * function in them (what has no schema, a cast, goes with its types; what is
 * part of an object, its toast table, with the object; an extension's
 * objects, arrays of its types too, move with the extension, not with the
 * schema): kind, schema, name (qualified), and for a view or materialized
 * view (its _RETURN rule) its oid and whether other relations' rules use it.
 */
#define SQL_DEPENDENTS \
	"WITH s AS (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[]))," \
	" d AS (SELECT DISTINCT dp.classid, dp.objid FROM pg_catalog.pg_depend dp" \
	" WHERE dp.deptype NOT IN ('i', 'e')" \
	" AND ((dp.refclassid = " REG("pg_class") " AND dp.refobjid IN" \
	" (SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relnamespace IN (SELECT oid FROM s)))" \
	" OR (dp.refclassid = " REG("pg_type") " AND dp.refobjid IN" \
	" (SELECT t.oid FROM pg_catalog.pg_type t WHERE t.typnamespace IN (SELECT oid FROM s)" \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = " REG("pg_type") \
	" AND e.objid = t.typelem AND e.deptype = 'e')))" \
	" OR (dp.refclassid = " REG("pg_proc") " AND dp.refobjid IN" \
	" (SELECT p.oid FROM pg_catalog.pg_proc p WHERE p.pronamespace IN (SELECT oid FROM s))))" \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = dp.refclassid" \
	" AND e.objid = dp.refobjid AND e.deptype = 'e'))," \
	" o AS (SELECT d.classid, i.type, i.schema, i.identity," \
	" CASE WHEN d.classid = " REG("pg_rewrite") \
	"  THEN (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid = d.objid)" \
	" WHEN d.classid = " REG("pg_trigger") \
	"  THEN (SELECT t.tgrelid FROM pg_catalog.pg_trigger t WHERE t.oid = d.objid)" \
	" WHEN d.classid = " REG("pg_constraint") \
	"  THEN (SELECT NULLIF(k.conrelid, 0) FROM pg_catalog.pg_constraint k WHERE k.oid = d.objid)" \
	" WHEN d.classid = " REG("pg_attrdef") \
	"  THEN (SELECT a.adrelid FROM pg_catalog.pg_attrdef a WHERE a.oid = d.objid)" \
	" WHEN d.classid = " REG("pg_policy") \
	"  THEN (SELECT p.polrelid FROM pg_catalog.pg_policy p WHERE p.oid = d.objid)" \
	" WHEN d.classid = " REG("pg_class") " THEN d.objid END AS rel," \
	" d.classid = " REG("pg_rewrite") " AND (SELECT r.rulename = '_RETURN'" \
	"  FROM pg_catalog.pg_rewrite r WHERE r.oid = d.objid) AS ret" \
	" FROM d CROSS JOIN LATERAL pg_catalog.pg_identify_object(d.classid, d.objid, 0) i)," \
	" x AS (SELECT CASE WHEN o.ret AND c.relkind = 'v' THEN 'view'" \
	"  WHEN o.ret AND c.relkind = 'm' THEN 'materialized view' ELSE o.type END AS kind," \
	" COALESCE(n.nspname, o.schema) AS nsp," \
	" CASE WHEN o.ret THEN n.nspname || '.' || c.relname ELSE o.identity END AS name," \
	" CASE WHEN o.ret THEN c.oid END AS view," \
	" o.ret AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend u" \
	"  JOIN pg_catalog.pg_rewrite w ON u.classid = " REG("pg_rewrite") " AND w.oid = u.objid" \
	"  WHERE u.refclassid = " REG("pg_class") " AND u.refobjid = c.oid AND u.deptype = 'n'" \
	"  AND w.ev_class <> c.oid) AS used" \
	" FROM o LEFT JOIN pg_catalog.pg_class c ON c.oid = o.rel" \
	" LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace)" \
	" SELECT DISTINCT kind, nsp, name, view, used FROM x" \
	" WHERE NOT (nsp = ANY($1::text[]) OR nsp = ANY($2::text[]) OR nsp = 'pg_toast') ORDER BY 2, 3"

/* What a view or materialized view needs to be built again, its names qualified. */
#define SQL_VIEW \
	"SELECT c.relkind, n.nspname, c.relname, pg_catalog.pg_get_viewdef(c.oid)," \
	" pg_catalog.array_to_string(c.reloptions, ', '), c.relispopulated," \
	" pg_catalog.pg_get_userbyid(c.relowner) <> CURRENT_USER," \
	" pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(c.relowner))," \
	" pg_catalog.obj_description(c.oid, 'pg_class')," \
	" (SELECT pg_catalog.string_agg(pg_catalog.pg_get_indexdef(i.indexrelid) || ';', E'\\n')" \
	"  FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid)," \
	" (SELECT pg_catalog.string_agg('GRANT ' || a.privilege_type || ' ON ' ||" \
	"  pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) || ' TO ' ||" \
	"  CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.rolname) END ||" \
	"  CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END || ';', E'\\n')" \
	"  FROM pg_catalog.aclexplode(c.relacl) a LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee" \
	"  WHERE a.grantee <> c.relowner)" \
	" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE c.oid = $1::pg_catalog.oid"

/* At most this many objects are named in a refusal. */
#define NAMED_MAX 4

/* Append "kind schema.name" of row r to the names listed so far. */
static void name_row(struct ss_buf *names, size_t *n, PGresult *res, int r)
{
	if (*n < NAMED_MAX)
		ss_buf_addf(names, "%s%s '%s'%s", *n ? ", " : "", PQgetvalue(res, r, 0),
			    PQgetvalue(res, r, 2), PQgetvalue(res, r, 4)[0] == 't' ?
			    " (other views select from it)" : "");
	else if (*n == NAMED_MAX)
		ss_buf_adds(names, ", ...");
	(*n)++;
}

/* What outside the schemas (and the schemas skip) depends on them. */
static PGresult *dependents(PGconn *tgt, const struct ss_pgsync_list *schemas,
			    const struct ss_pgsync_list *skip, struct ss_error *err)
{
	char *arr = ss_pgsync_array(schemas->items, schemas->n);
	char *also = ss_pgsync_array(skip ? skip->items : NULL, skip ? skip->n : 0);
	const char *params[2] = { arr, also };
	PGresult *res = ss_pgsync_query(tgt, "target", SQL_DEPENDENTS, 2, params, err);

	free(arr);
	free(also);
	return res;
}

#define SQL_EXISTING \
	"SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY 1"

/* The error naming what depends on the schemas (those of them that exist). */
static int refusal(PGconn *tgt, const struct ss_pgsync_list *schemas, const char *fate,
		   const char *names, size_t named, struct ss_error *err)
{
	struct ss_pgsync_list there = { 0 };
	struct ss_buf which = SS_BUF_INIT;
	char *arr = ss_pgsync_array(schemas->items, schemas->n);
	int rc = ss_pgsync_query_list(tgt, "target", SQL_EXISTING, arr, &there, err);

	free(arr);
	for (size_t i = 0; rc == 0 && i < there.n; i++)
		ss_buf_addf(&which, "%s'%s'", i ? ", " : "", there.items[i]);
	if (rc == 0)
		ss_error_set(err, SS_REFUSED, "%s outside %s depend%s on %s, %s: drop or re-point"
			     " %s first, or add %s schema to --schemas", names, which.data,
			     named == 1 ? "s" : "", there.n == 1 ? "it" : "them", fate,
			     named == 1 ? "it" : "them",
			     named == 1 ? "its" : "their");
	ss_pgsync_list_release(&there);
	ss_buf_release(&which);
	return -1;
}

int ss_pgsync_refuse_dependents(PGconn *tgt, const struct ss_pgsync_list *schemas,
				const struct ss_pgsync_list *skip, const char *fate,
				struct ss_error *err)
{
	struct ss_buf names = SS_BUF_INIT;
	PGresult *res;
	size_t named = 0;
	int rc = 0;

	if (!schemas->n)
		return 0;
	res = dependents(tgt, schemas, skip, err);
	if (!res)
		return -1;
	/* the engine's own schemas (shadows, other backups) are not the user's */
	for (int r = 0; r < PQntuples(res); r++)
		if (!ss_pgsync_is_derived_name(PQgetvalue(res, r, 1)))
			name_row(&names, &named, res, r);
	PQclear(res);
	if (named)
		rc = refusal(tgt, schemas, fate, names.data, named, err);
	ss_buf_release(&names);
	return rc;
}

/* Strip the ';' and blanks that end pg_get_viewdef's text. */
static void add_query(struct ss_buf *q, const char *def)
{
	size_t len = strlen(def);

	while (len && (def[len - 1] == ';' || def[len - 1] == ' ' || def[len - 1] == '\n'))
		len--;
	ss_buf_addf(q, "%.*s", (int)len, def);
}

/* The statements that build view row 0 of res again where it is. */
static void rebuild(struct ss_buf *q, PGresult *res)
{
	const char *schema = PQgetvalue(res, 0, 1), *name = PQgetvalue(res, 0, 2);
	const char *opts = PQgetvalue(res, 0, 4);

	if (PQgetvalue(res, 0, 0)[0] == 'v') {
		ss_buf_adds(q, "CREATE OR REPLACE VIEW ");
		ss_pg_add_qname(q, schema, name);
		if (*opts)
			ss_buf_addf(q, " WITH (%s)", opts);
		ss_buf_adds(q, " AS ");
		add_query(q, PQgetvalue(res, 0, 3));
		ss_buf_adds(q, ";\n");
		return;
	}
	ss_buf_adds(q, "DROP MATERIALIZED VIEW ");
	ss_pg_add_qname(q, schema, name);
	ss_buf_adds(q, ";\nCREATE MATERIALIZED VIEW ");
	ss_pg_add_qname(q, schema, name);
	if (*opts)
		ss_buf_addf(q, " WITH (%s)", opts);
	ss_buf_adds(q, " AS ");
	add_query(q, PQgetvalue(res, 0, 3));
	ss_buf_addf(q, " WITH %sDATA;\n", PQgetvalue(res, 0, 5)[0] == 't' ? "" : "NO ");
	if (!PQgetisnull(res, 0, 9))
		ss_buf_addf(q, "%s\n", PQgetvalue(res, 0, 9));
	if (!PQgetisnull(res, 0, 8)) {
		ss_buf_adds(q, "COMMENT ON MATERIALIZED VIEW ");
		ss_pg_add_qname(q, schema, name);
		ss_buf_adds(q, " IS ");
		ss_pg_add_literal(q, PQgetvalue(res, 0, 8));
		ss_buf_adds(q, ";\n");
	}
	if (PQgetvalue(res, 0, 6)[0] == 't') {
		ss_buf_adds(q, "ALTER MATERIALIZED VIEW ");
		ss_pg_add_qname(q, schema, name);
		ss_buf_addf(q, " OWNER TO %s;\n", PQgetvalue(res, 0, 7));
	}
	if (!PQgetisnull(res, 0, 10))
		ss_buf_addf(q, "%s\n", PQgetvalue(res, 0, 10));
}

/* Append to q what rebuilds the view of oid (read now, under the session's empty search_path). */
static int capture(PGconn *tgt, const char *oid, struct ss_buf *q, struct ss_error *err)
{
	const char *params[1] = { oid };
	PGresult *res = ss_pgsync_query(tgt, "target", SQL_VIEW, 1, params, err);

	if (!res)
		return -1;
	if (PQntuples(res) == 1)
		rebuild(q, res);
	PQclear(res);
	return 0;
}

int ss_pgsync_repoint_views(PGconn *tgt, const struct ss_pgsync_list *schemas,
			    const struct ss_pgsync_list *skip, struct ss_buf *views,
			    struct ss_error *err)
{
	struct ss_buf names = SS_BUF_INIT, mv = SS_BUF_INIT;
	PGresult *res;
	size_t named = 0;
	int rc = 0;

	if (!schemas->n)
		return 0;
	res = dependents(tgt, schemas, skip, err);
	if (!res)
		return -1;
	/* views first: a materialized view may select from one */
	for (int r = 0; r < PQntuples(res) && rc == 0; r++) {
		const char *kind = PQgetvalue(res, r, 0);

		if (ss_pgsync_is_derived_name(PQgetvalue(res, r, 1)))
			continue;
		if (!strcmp(kind, "view"))
			rc = capture(tgt, PQgetvalue(res, r, 3), views, err);
		else if (!strcmp(kind, "materialized view") && PQgetvalue(res, r, 4)[0] == 'f')
			rc = capture(tgt, PQgetvalue(res, r, 3), &mv, err);
		else
			name_row(&names, &named, res, r);
	}
	PQclear(res);
	if (rc == 0 && named)
		rc = ss_error_set(err, SS_REFUSED, "%s outside the synced schemas depend%s on them"
				  " and would follow them to the backup: drop %s, or add %s schema%s"
				  " to --schemas", names.data, named == 1 ? "s" : "",
				  named == 1 ? "it" : "them", named == 1 ? "its" : "their",
				  named == 1 ? "" : "s");
	if (rc == 0 && mv.len)
		ss_buf_adds(views, mv.data);
	ss_buf_release(&names);
	ss_buf_release(&mv);
	return rc;
}

int ss_pgsync_check_target(PGconn *tgt, const struct ss_pgsync_plan *plan, struct ss_error *err)
{
	struct ss_pgsync_list backups = { plan->backups, plan->nschemas };
	struct ss_pgsync_list schemas = { plan->schemas, plan->nschemas };
	struct ss_buf views = SS_BUF_INIT;
	int rc;

	rc = ss_pgsync_refuse_dependents(tgt, &backups, NULL, "which the sync drops", err);
	if (rc == 0)
		rc = ss_pgsync_repoint_views(tgt, &schemas, NULL, &views, err);
	ss_buf_release(&views);
	return rc;
}

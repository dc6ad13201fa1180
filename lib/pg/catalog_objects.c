/*
 * catalog_objects.c - read the kinds of the PostgreSQL model beyond tables,
 * views, functions and types, each with one query of the same columns.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include <sitesync/buf.h>

#include "lib/pg/catalog.h"
#include "lib/pg/catalog_objects_sql.h"

/* The columns every query of catalog_objects_sql.h returns. */
enum { C_OID, C_SCHEMA, C_NAME, C_TABLE, C_ARGS, C_DEF, C_COMMENT, C_OWNER, C_ACL, C_X1, C_X2, C_X3 };

struct kind_query {
	enum ss_pg_kind kind;
	unsigned int cls;
	const char *sql;
	const char *what;
};

static const struct kind_query queries[] = {
	{ SS_PG_SERVER, SS_PG_CLASS_SERVER, SS_PG_SQL_SERVERS, "foreign servers" },
	{ SS_PG_COLLATION, SS_PG_CLASS_COLLATION, SS_PG_SQL_COLLATIONS, "collations" },
	{ SS_PG_AGGREGATE, SS_PG_CLASS_PROC, SS_PG_SQL_AGGREGATES, "aggregates" },
	{ SS_PG_OPERATOR, SS_PG_CLASS_OPERATOR, SS_PG_SQL_OPERATORS, "operators" },
	{ SS_PG_CAST, SS_PG_CLASS_CAST, SS_PG_SQL_CASTS, "casts" },
	{ SS_PG_TSDICT, SS_PG_CLASS_TSDICT, SS_PG_SQL_TSDICTS, "text search dictionaries" },
	{ SS_PG_TSCONFIG, SS_PG_CLASS_TSCONFIG, SS_PG_SQL_TSCONFIGS, "text search configurations" },
	{ SS_PG_RULE, SS_PG_CLASS_REWRITE, SS_PG_SQL_RULES, "rules" },
	{ SS_PG_POLICY, SS_PG_CLASS_POLICY, SS_PG_SQL_POLICIES, "policies" },
	{ SS_PG_STATISTICS, SS_PG_CLASS_STATEXT, SS_PG_SQL_STATISTICS, "extended statistics" },
	{ SS_PG_PUBLICATION, SS_PG_CLASS_PUB, SS_PG_SQL_PUBLICATIONS, "publications" },
	{ SS_PG_DEFACL, SS_PG_CLASS_DEFACL, SS_PG_SQL_DEFACLS, "default privileges" },
	{ SS_PG_OTHER, 0, SS_PG_SQL_OTHER, "other objects" },
};

static char *val(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : ss_xstrdup(PQgetvalue(res, row, col));
}

static const char *cval(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* A policy's statement: head, its roles, then USING and WITH CHECK. */
static char *policy_def(const char *head, char **roles, size_t n, const char *tail)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_addf(&b, "%s TO ", head);
	for (size_t i = 0; i < n; i++)
		ss_buf_addf(&b, "%s%s", i ? ", " : "", roles[i]);
	ss_buf_adds(&b, tail ? tail : "");
	return ss_buf_detach(&b);
}

/* Fill the kind's own fields of o from row r. */
static void kind_fields(struct ss_pg_object *o, const PGresult *res, int r)
{
	switch (o->kind) {
	case SS_PG_POLICY:
		o->result = val(res, r, C_X1);
		o->roles = ss_pg_parse_array(cval(res, r, C_X2), &o->nroles);
		o->options = ss_xstrdup(cval(res, r, C_X3) ? cval(res, r, C_X3) : "");
		o->def = policy_def(o->result, o->roles, o->nroles, o->options);
		break;
	case SS_PG_SERVER:
		o->result = val(res, r, C_X1);
		o->labels = ss_pg_parse_array(cval(res, r, C_X2), &o->nlabels);
		o->options = val(res, r, C_X3);
		break;
	case SS_PG_DEFACL:
		o->sub = PQgetvalue(res, r, C_X1)[0];
		o->name = ss_xstrdup(o->owner ? o->owner : "");
		break;
	case SS_PG_OTHER:
		o->result = val(res, r, C_X1);
		o->cls = (unsigned int)strtoul(PQgetvalue(res, r, C_X2), NULL, 10);
		break;
	default:
		break;
	}
}

static int load_kind(PGconn *conn, const char *schemas, const struct kind_query *q,
		     struct ss_pg_catalog *cat, struct ss_error *err)
{
	const char *params[1] = { schemas };
	const char *sql = q->sql;
	PGresult *res;

	if (q->kind == SS_PG_PUBLICATION && cat->server_version < 150000)
		sql = SS_PG_SQL_PUBLICATIONS_14;
	res = PQexecParams(conn, sql, 1, NULL, params, NULL, NULL, 0);
	cat->queries++;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		const char *msg = PQresultErrorMessage(res);

		ss_error_set(err, SS_FAILED, "reading %s from the catalog failed: %.*s", q->what,
			     (int)strcspn(msg, "\n"), msg);
		PQclear(res);
		return -1;
	}
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pg_object o = { .kind = q->kind, .cls = q->cls };

		o.oid = (unsigned int)strtoul(PQgetvalue(res, r, C_OID), NULL, 10);
		o.schema = val(res, r, C_SCHEMA);
		o.name = val(res, r, C_NAME);
		o.table = val(res, r, C_TABLE);
		o.args = val(res, r, C_ARGS);
		o.def = val(res, r, C_DEF);
		o.comment = val(res, r, C_COMMENT);
		o.owner = val(res, r, C_OWNER);
		o.acl = ss_pg_parse_array(cval(res, r, C_ACL), &o.nacl);
		kind_fields(&o, res, r);
		ss_pg_object_set_key(&o);
		ss_pg_catalog_add(cat, &o);
	}
	PQclear(res);
	return 0;
}

int ss_pg_catalog_load_objects(PGconn *conn, const char *schemas, struct ss_pg_catalog *cat,
			       struct ss_error *err)
{
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		if (load_kind(conn, schemas, &queries[i], cat, err) < 0)
			return -1;
	return 0;
}

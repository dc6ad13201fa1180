/*
 * catalog_objects.c - read the kinds of the PostgreSQL model beyond tables,
 * views, functions and types: each kind's query has the same columns, and
 * all of them run as one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include <sitesync/buf.h>

#include "lib/pg/catalog.h"
#include "lib/pg/catalog_objects_sql.h"

/* The columns every query of catalog_objects_sql.h returns. */
enum { C_OID, C_SCHEMA, C_NAME, C_TABLE, C_ARGS, C_DEF, C_COMMENT, C_OWNER, C_ACL };

struct kind_query {
	enum ss_pg_kind kind;
	unsigned int cls;
	const char *sql;
};

static const struct kind_query queries[] = {
	{ SS_PG_SERVER, SS_PG_CLASS_SERVER, SS_PG_SQL_SERVERS },
	{ SS_PG_COLLATION, SS_PG_CLASS_COLLATION, SS_PG_SQL_COLLATIONS },
	{ SS_PG_AGGREGATE, SS_PG_CLASS_PROC, SS_PG_SQL_AGGREGATES },
	{ SS_PG_OPERATOR, SS_PG_CLASS_OPERATOR, SS_PG_SQL_OPERATORS },
	{ SS_PG_CAST, SS_PG_CLASS_CAST, SS_PG_SQL_CASTS },
	{ SS_PG_TSDICT, SS_PG_CLASS_TSDICT, SS_PG_SQL_TSDICTS },
	{ SS_PG_TSCONFIG, SS_PG_CLASS_TSCONFIG, SS_PG_SQL_TSCONFIGS },
	{ SS_PG_RULE, SS_PG_CLASS_REWRITE, SS_PG_SQL_RULES },
	{ SS_PG_POLICY, SS_PG_CLASS_POLICY, SS_PG_SQL_POLICIES },
	{ SS_PG_STATISTICS, SS_PG_CLASS_STATEXT, SS_PG_SQL_STATISTICS },
	{ SS_PG_PUBLICATION, SS_PG_CLASS_PUB, SS_PG_SQL_PUBLICATIONS },
	{ SS_PG_DEFACL, SS_PG_CLASS_DEFACL, SS_PG_SQL_DEFACLS },
	{ SS_PG_OTHER, 0, SS_PG_SQL_OTHER },
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

/* Fill the kind's own fields of o from row r (its columns start at 1). */
static void kind_fields(struct ss_pg_object *o, const PGresult *res, int r)
{
	enum { C_X1 = 1 + 9, C_X2, C_X3 };

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

/*
 * One query for all the kinds: each kind's query, its columns as text,
 * behind the index of its kind in queries[] (caller frees).
 */
static char *all_kinds_sql(int server_version)
{
	struct ss_buf b = SS_BUF_INIT;

	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		const char *sql = queries[i].sql;

		if (queries[i].kind == SS_PG_PUBLICATION && server_version < 150000)
			sql = SS_PG_SQL_PUBLICATIONS_14;
		ss_buf_addf(&b, "%sSELECT %zu, c0::pg_catalog.oid, c1::text, c2::text, c3::text, c4::text,"
			    " c5::text, c6::text, c7::text, c8::text, c9::text, c10::text, c11::text"
			    " FROM (%s) AS q%zu(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11)",
			    i ? " UNION ALL " : "", i, sql, i);
	}
	ss_buf_adds(&b, " ORDER BY 1, 2");
	return ss_buf_detach(&b);
}

int ss_pg_catalog_load_objects(PGconn *conn, const char *schemas, struct ss_pg_catalog *cat,
			       struct ss_error *err)
{
	const char *params[1] = { schemas };
	char *sql = all_kinds_sql(cat->server_version);
	PGresult *res = PQexecParams(conn, sql, 1, NULL, params, NULL, NULL, 0);

	free(sql);
	cat->queries++;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		const char *msg = PQresultErrorMessage(res);

		ss_error_set(err, SS_FAILED, "reading the other objects from the catalog failed: %.*s",
			     (int)strcspn(msg, "\n"), msg);
		PQclear(res);
		return -1;
	}
	for (int r = 0; r < PQntuples(res); r++) {
		const struct kind_query *q = &queries[strtoul(PQgetvalue(res, r, 0), NULL, 10)];
		struct ss_pg_object o = { .kind = q->kind, .cls = q->cls };

		o.oid = (unsigned int)strtoul(PQgetvalue(res, r, 1 + C_OID), NULL, 10);
		o.schema = val(res, r, 1 + C_SCHEMA);
		o.name = val(res, r, 1 + C_NAME);
		o.table = val(res, r, 1 + C_TABLE);
		o.args = val(res, r, 1 + C_ARGS);
		o.def = val(res, r, 1 + C_DEF);
		o.comment = val(res, r, 1 + C_COMMENT);
		o.owner = val(res, r, 1 + C_OWNER);
		o.acl = ss_pg_parse_array(cval(res, r, 1 + C_ACL), &o.nacl);
		kind_fields(&o, res, r);
		ss_pg_object_set_key(&o);
		ss_pg_catalog_add(cat, &o);
	}
	PQclear(res);
	return 0;
}

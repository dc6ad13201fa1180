/* catalog_load.c - read the PostgreSQL catalog model with one set-based query per object kind. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include <sitesync/buf.h>

#include "lib/pg/catalog.h"
#include "lib/pg/catalog_sql.h"
#include "lib/pg/quote.h"

struct loader {
	PGconn *conn;
	unsigned int *alias_oid;  /* indexes of constraints ... */
	size_t *alias_at;         /* ... are these objects */
	size_t nalias;
	struct ss_pg_catalog *cat;
	char *schemas_param;  /* text array literal of the schemas, or NULL */
	struct ss_error *err;
};

/* Run one catalog query with the schema array as $1; NULL with err on failure. */
static PGresult *query(struct loader *l, const char *sql, const char *what)
{
	const char *params[1] = { l->schemas_param };
	PGresult *res = PQexecParams(l->conn, sql, 1, NULL, params, NULL, NULL, 0);

	l->cat->queries++;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		const char *msg = PQresultErrorMessage(res);
		size_t len = strcspn(msg, "\n");

		ss_error_set(l->err, SS_FAILED, "reading %s from the catalog failed: %.*s", what,
			     (int)len, msg);
		PQclear(res);
		return NULL;
	}
	return res;
}

/* A new copy of a value, NULL for SQL NULL. */
static char *val(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : ss_xstrdup(PQgetvalue(res, row, col));
}

static const char *cval(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static unsigned int oidval(const PGresult *res, int row, int col)
{
	return (unsigned int)strtoul(PQgetvalue(res, row, col), NULL, 10);
}

static int boolval(const PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) && PQgetvalue(res, row, col)[0] == 't';
}

static char *key2(const char *schema, const char *name)
{
	return ss_xasprintf("%s.%s", schema, name);
}

static int load_schemas(struct loader *l, const char *const *want, size_t nwant)
{
	PGresult *res = query(l, SS_PG_SQL_SCHEMAS, "schemas");
	struct ss_pg_catalog *cat = l->cat;
	int n;

	if (!res)
		return -1;
	n = PQntuples(res);
	for (size_t i = 0; i < nwant; i++) {
		int found = 0;

		for (int r = 0; r < n && !found; r++)
			found = !strcmp(PQgetvalue(res, r, 1), want[i]);
		if (!found) {
			PQclear(res);
			return ss_error_set(l->err, SS_FAILED, "schema \"%s\" does not exist", want[i]);
		}
	}
	cat->schemas = ss_xcalloc((size_t)n + 1, sizeof(char *));
	for (int r = 0; r < n; r++) {
		struct ss_pg_object o = { .kind = SS_PG_SCHEMA, .cls = SS_PG_CLASS_NAMESPACE };

		o.oid = oidval(res, r, 0);
		o.schema = val(res, r, 1);
		o.name = val(res, r, 1);
		o.key = val(res, r, 1);
		o.comment = val(res, r, 2);
		o.owner = val(res, r, 3);
		o.acl = ss_pg_parse_array(cval(res, r, 4), &o.nacl);
		cat->schemas[cat->nschemas++] = val(res, r, 1);
		ss_pg_catalog_add(cat, &o);
	}
	PQclear(res);
	free(l->schemas_param);
	l->schemas_param = ss_pg_text_array((const char *const *)cat->schemas, cat->nschemas);
	return 0;
}

static int load_extensions(struct loader *l)
{
	PGresult *res = query(l, SS_PG_SQL_EXTENSIONS, "extensions");

	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pg_object o = { .kind = SS_PG_EXTENSION, .cls = SS_PG_CLASS_EXTENSION };

		o.oid = oidval(res, r, 0);
		o.name = val(res, r, 1);
		o.key = val(res, r, 1);
		o.schema = val(res, r, 2);
		o.result = val(res, r, 3);
		o.comment = val(res, r, 4);
		/* the versions an ALTER EXTENSION ... UPDATE can reach from this one */
		o.labels = ss_pg_parse_array(cval(res, r, 5), &o.nlabels);
		ss_pg_catalog_add(l->cat, &o);
	}
	PQclear(res);
	return 0;
}

/* CREATE TYPE / CREATE DOMAIN text of a type row. */
static void type_def(struct ss_pg_object *o, const PGresult *res, int r)
{
	struct ss_buf b = SS_BUF_INIT;
	char **names, **types, **cnames, **cdefs;
	size_t nn, nt, ncn, ncd;

	switch (o->sub) {
	case 'e':
		o->labels = ss_pg_parse_array(cval(res, r, 4), &o->nlabels);
		ss_buf_adds(&b, "CREATE TYPE ");
		ss_pg_add_qname(&b, o->schema, o->name);
		ss_buf_adds(&b, " AS ENUM (");
		for (size_t i = 0; i < o->nlabels; i++) {
			ss_buf_adds(&b, i ? ", " : "");
			ss_pg_add_literal(&b, o->labels[i]);
		}
		ss_buf_addc(&b, ')');
		break;
	case 'c':
		names = ss_pg_parse_array(cval(res, r, 5), &nn);
		types = ss_pg_parse_array(cval(res, r, 6), &nt);
		ss_buf_adds(&b, "CREATE TYPE ");
		ss_pg_add_qname(&b, o->schema, o->name);
		ss_buf_adds(&b, " AS (");
		o->attrs = ss_xcalloc(2 * nn + 1, sizeof(char *));
		for (size_t i = 0; i < nn && i < nt; i++) {
			ss_buf_adds(&b, i ? ", " : "");
			ss_pg_add_ident(&b, names[i]);
			ss_buf_addf(&b, " %s", types[i]);
			o->attrs[2 * i] = names[i];
			o->attrs[2 * i + 1] = types[i];
			o->nlabels++;
		}
		for (size_t i = o->nlabels; i < nn; i++)
			free(names[i]);
		for (size_t i = o->nlabels; i < nt; i++)
			free(types[i]);
		free(names);
		free(types);
		ss_buf_addc(&b, ')');
		break;
	case 'd':
		ss_buf_adds(&b, "CREATE DOMAIN ");
		ss_pg_add_qname(&b, o->schema, o->name);
		ss_buf_addf(&b, " AS %s", cval(res, r, 7));
		if (cval(res, r, 9))
			ss_buf_addf(&b, " DEFAULT %s", cval(res, r, 9));
		if (boolval(res, r, 8))
			ss_buf_adds(&b, " NOT NULL");
		cnames = ss_pg_parse_array(cval(res, r, 10), &ncn);
		cdefs = ss_pg_parse_array(cval(res, r, 11), &ncd);
		for (size_t i = 0; i < ncn && i < ncd; i++) {
			ss_buf_adds(&b, " CONSTRAINT ");
			ss_pg_add_ident(&b, cnames[i]);
			ss_buf_addf(&b, " %s", cdefs[i]);
		}
		for (size_t i = 0; i < ncn; i++)
			free(cnames[i]);
		for (size_t i = 0; i < ncd; i++)
			free(cdefs[i]);
		free(cnames);
		free(cdefs);
		break;
	default: /* 'r' */
		ss_buf_adds(&b, "CREATE TYPE ");
		ss_pg_add_qname(&b, o->schema, o->name);
		ss_buf_addf(&b, " AS RANGE (SUBTYPE = %s)", cval(res, r, 12) ? cval(res, r, 12) : "text");
		break;
	}
	o->def = ss_buf_detach(&b);
}

static int load_types(struct loader *l)
{
	PGresult *res = query(l, SS_PG_SQL_TYPES, "types");

	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pg_object o = { .kind = SS_PG_TYPE, .cls = SS_PG_CLASS_TYPE };

		o.oid = oidval(res, r, 0);
		o.schema = val(res, r, 1);
		o.name = val(res, r, 2);
		o.key = key2(o.schema, o.name);
		o.sub = PQgetvalue(res, r, 3)[0];
		o.comment = val(res, r, 13);
		o.owner = val(res, r, 14);
		o.acl = ss_pg_parse_array(cval(res, r, 15), &o.nacl);
		type_def(&o, res, r);
		ss_pg_catalog_add(l->cat, &o);
	}
	PQclear(res);
	return 0;
}

static int load_relations(struct loader *l)
{
	PGresult *res = query(l, SS_PG_SQL_RELATIONS, "tables and views");

	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pg_object o = { .cls = SS_PG_CLASS_REL };
		char **ps, **pn;
		size_t nps, npn;

		o.oid = oidval(res, r, 0);
		o.schema = val(res, r, 1);
		o.name = val(res, r, 2);
		o.key = key2(o.schema, o.name);
		o.sub = PQgetvalue(res, r, 3)[0];
		o.kind = o.sub == 'v' ? SS_PG_VIEW : o.sub == 'm' ? SS_PG_MATVIEW :
			 o.sub == 'f' ? SS_PG_FOREIGN_TABLE : SS_PG_TABLE;
		o.persistence = PQgetvalue(res, r, 4)[0];
		o.partkey = val(res, r, 5);
		o.partbound = val(res, r, 6);
		ps = ss_pg_parse_array(cval(res, r, 7), &nps);
		pn = ss_pg_parse_array(cval(res, r, 8), &npn);
		if (nps) {
			o.parents = ss_xcalloc(nps, sizeof(char *));
			for (size_t i = 0; i < nps && i < npn; i++) {
				struct ss_buf b = SS_BUF_INIT;

				ss_pg_add_qname(&b, ps[i], pn[i]);
				o.parents[o.nparents++] = ss_buf_detach(&b);
			}
		}
		for (size_t i = 0; i < nps; i++)
			free(ps[i]);
		for (size_t i = 0; i < npn; i++)
			free(pn[i]);
		free(ps);
		free(pn);
		if (o.kind == SS_PG_VIEW || o.kind == SS_PG_MATVIEW) {
			const char *opts = cval(res, r, 11);

			/* reloptions "{a=b,c=d}" → "a=b,c=d" */
			if (opts && strlen(opts) > 2)
				o.options = ss_xstrndup(opts + 1, strlen(opts) - 2);
			o.def = val(res, r, 9);
		}
		o.comment = val(res, r, 10);
		o.owner = val(res, r, 12);
		o.acl = ss_pg_parse_array(cval(res, r, 13), &o.nacl);
		o.rls = boolval(res, r, 14);
		o.rls_force = boolval(res, r, 15);
		/* foreign table: SERVER "s" OPTIONS (...) */
		if (o.kind == SS_PG_FOREIGN_TABLE)
			o.options = val(res, r, 16);
		ss_pg_catalog_add(l->cat, &o);
	}
	PQclear(res);
	return 0;
}

/* The largest value of an identity's type: its sequence's default MAXVALUE. */
static const char *type_max(const char *type)
{
	if (!strcmp(type, "smallint"))
		return "32767";
	if (!strcmp(type, "integer"))
		return "2147483647";
	return "9223372036854775807";
}

/*
 * An identity's sequence: its name when it is not the one PostgreSQL would
 * choose, its parameters when one is not the default.  seq: the text array
 * {name,start,increment,min,max,cache,cycle,type}.
 */
static void identity_seq(const struct ss_pg_object *t, struct ss_pg_column *c, const char *seq)
{
	size_t n = 0;
	char **v = seq ? ss_pg_parse_array(seq, &n) : NULL;
	char *chosen;

	if (n == 8) {
		chosen = ss_xasprintf("%s_%s_seq", t->name, c->name);
		if (strcmp(chosen, v[0]))
			c->identity_seq = ss_xstrdup(v[0]);
		free(chosen);
		if (strcmp(v[1], "1") || strcmp(v[2], "1") || strcmp(v[3], "1") ||
		    strcmp(v[4], type_max(v[7])) || strcmp(v[5], "1") || strcmp(v[6], "false"))
			c->identity_opts = ss_xasprintf("START WITH %s INCREMENT BY %s MINVALUE %s"
							" MAXVALUE %s CACHE %s %sCYCLE", v[1], v[2],
							v[3], v[4], v[5],
							strcmp(v[6], "true") ? "NO " : "");
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int load_columns(struct loader *l)
{
	PGresult *res = query(l, SS_PG_SQL_COLUMNS, "columns");
	struct ss_pg_catalog *cat = l->cat;

	if (!res)
		return -1;
	ss_pg_catalog_index(cat);
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pg_object *t = ss_pg_catalog_find_oid(cat, SS_PG_CLASS_REL, oidval(res, r, 0));
		struct ss_pg_column *c;

		if (!t || (t->kind != SS_PG_TABLE && t->kind != SS_PG_FOREIGN_TABLE))
			continue;
		t->cols = ss_xrealloc(t->cols, (t->ncols + 1) * sizeof(*t->cols));
		c = &t->cols[t->ncols++];
		memset(c, 0, sizeof(*c));
		c->num = atoi(PQgetvalue(res, r, 1));
		c->name = val(res, r, 2);
		c->type = val(res, r, 3);
		c->notnull = boolval(res, r, 4);
		c->def = val(res, r, 5);
		c->identity = PQgetvalue(res, r, 6)[0];
		c->generated = PQgetvalue(res, r, 7)[0];
		if (cval(res, r, 8)) {
			struct ss_buf b = SS_BUF_INIT;

			ss_pg_add_qname(&b, cval(res, r, 9), cval(res, r, 8));
			c->collation = ss_buf_detach(&b);
		}
		c->comment = val(res, r, 10);
		c->local = boolval(res, r, 11);
		identity_seq(t, c, cval(res, r, 12));
		c->fdwoptions = val(res, r, 13);
		c->acl = ss_pg_parse_array(cval(res, r, 14), &c->nacl);
	}
	PQclear(res);
	return 0;
}

static long long llval(const PGresult *res, int row, int col)
{
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static int load_sequences(struct loader *l)
{
	PGresult *res = query(l, SS_PG_SQL_SEQUENCES, "sequences");

	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pg_object o = { .kind = SS_PG_SEQUENCE, .cls = SS_PG_CLASS_REL, .sub = 'S' };

		o.oid = oidval(res, r, 0);
		o.schema = val(res, r, 1);
		o.name = val(res, r, 2);
		o.key = key2(o.schema, o.name);
		o.seq_type = val(res, r, 3);
		o.seq_start = llval(res, r, 4);
		o.seq_inc = llval(res, r, 5);
		o.seq_min = llval(res, r, 6);
		o.seq_max = llval(res, r, 7);
		o.seq_cache = llval(res, r, 8);
		o.seq_cycle = boolval(res, r, 9);
		o.seq_owner = val(res, r, 10);
		o.seq_owner_col = o.seq_owner ? val(res, r, 11) : NULL;
		o.comment = val(res, r, 12);
		o.owner = val(res, r, 13);
		o.acl = ss_pg_parse_array(cval(res, r, 14), &o.nacl);
		ss_pg_catalog_add(l->cat, &o);
	}
	PQclear(res);
	return 0;
}

/* Constraints, indexes and triggers: a named thing on a table. */
static int load_table_parts(struct loader *l, enum ss_pg_kind kind)
{
	const char *sql = kind == SS_PG_CONSTRAINT ? SS_PG_SQL_CONSTRAINTS :
			  kind == SS_PG_INDEX ? SS_PG_SQL_INDEXES : SS_PG_SQL_TRIGGERS;
	PGresult *res = query(l, sql, kind == SS_PG_CONSTRAINT ? "constraints" :
				      kind == SS_PG_INDEX ? "indexes" : "triggers");

	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pg_object o = { .kind = kind };
		int c = 4;

		o.cls = kind == SS_PG_CONSTRAINT ? SS_PG_CLASS_CONSTR :
			kind == SS_PG_INDEX ? SS_PG_CLASS_REL : SS_PG_CLASS_TRIGGER;
		o.oid = oidval(res, r, 0);
		o.schema = val(res, r, 1);
		o.name = val(res, r, 2);
		o.table = val(res, r, 3);
		if (kind == SS_PG_CONSTRAINT) {
			o.sub = PQgetvalue(res, r, c++)[0];
			o.key = ss_xasprintf("%s.%s.%s", o.schema, o.table, o.name);
		} else if (kind == SS_PG_INDEX) {
			o.key = key2(o.schema, o.name);
		} else {
			o.key = ss_xasprintf("%s.%s.%s", o.schema, o.table, o.name);
		}
		o.def = val(res, r, c++);
		if (kind == SS_PG_CONSTRAINT) {
			/* the index behind a primary/unique/exclusion constraint is the constraint */
			unsigned int indid = oidval(res, r, c++);
			size_t at;

			/* a partition's copy of its parent's key: made with the partition */
			o.skip = boolval(res, r, c + 1);
			at = ss_pg_catalog_add(l->cat, &o);
			l->cat->objs[at].comment = val(res, r, c);
			if (indid && strchr("pux", o.sub)) {
				l->alias_oid = ss_xrealloc(l->alias_oid, (l->nalias + 1) * sizeof(unsigned int));
				l->alias_at = ss_xrealloc(l->alias_at, (l->nalias + 1) * sizeof(size_t));
				l->alias_oid[l->nalias] = indid;
				l->alias_at[l->nalias++] = at;
			}
			continue;
		}
		o.comment = val(res, r, c);
		/* a partition's copy of its parent's index: made with the partition */
		if (kind == SS_PG_INDEX)
			o.skip = boolval(res, r, c + 1);
		ss_pg_catalog_add(l->cat, &o);
	}
	PQclear(res);
	return 0;
}

static int load_functions(struct loader *l)
{
	PGresult *res = query(l, SS_PG_SQL_FUNCTIONS, "functions");

	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pg_object o = { .kind = SS_PG_FUNCTION, .cls = SS_PG_CLASS_PROC };

		o.oid = oidval(res, r, 0);
		o.schema = val(res, r, 1);
		o.name = val(res, r, 2);
		o.args = val(res, r, 3);
		o.key = ss_xasprintf("%s.%s(%s)", o.schema, o.name, o.args);
		o.sub = PQgetvalue(res, r, 4)[0];
		o.def = val(res, r, 5);
		o.result = val(res, r, 6);
		o.comment = val(res, r, 7);
		o.owner = val(res, r, 8);
		o.acl = ss_pg_parse_array(cval(res, r, 9), &o.nacl);
		ss_pg_catalog_add(l->cat, &o);
	}
	PQclear(res);
	return 0;
}

static int load_depends(struct loader *l)
{
	PGresult *res = query(l, SS_PG_SQL_DEPENDS, "dependencies");
	struct ss_pg_catalog *cat = l->cat;

	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pg_object *o = ss_pg_catalog_find_oid(cat, oidval(res, r, 0), oidval(res, r, 1));
		struct ss_pg_object *ref = ss_pg_catalog_find_oid(cat, oidval(res, r, 4), oidval(res, r, 5));
		struct ss_pg_dep d;

		if (!o || !ref || o == ref)
			continue;
		/* a serial's sequence is owned by its column: OWNED BY, not an order */
		if (o->kind == SS_PG_SEQUENCE && ref->kind == SS_PG_TABLE)
			continue;
		d.obj = (size_t)(o - cat->objs);
		d.obj_sub = atoi(PQgetvalue(res, r, 2));
		d.via_default = boolval(res, r, 3);
		d.ref = (size_t)(ref - cat->objs);
		d.ref_sub = atoi(PQgetvalue(res, r, 6));
		ss_pg_catalog_add_dep(cat, &d);
	}
	PQclear(res);
	return 0;
}

int ss_pg_catalog_load(PGconn *conn, const char *const *schemas, size_t nschemas,
		       struct ss_pg_catalog **out, struct ss_error *err)
{
	struct loader l = { .conn = conn, .err = err };
	PGresult *res;
	int rc = -1;

	*out = NULL;
	l.cat = ss_pg_catalog_new();
	l.cat->server_version = PQserverVersion(conn);
	/* every user object comes out schema-qualified */
	res = PQexec(conn, "SELECT pg_catalog.set_config('search_path', '', false)");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		ss_error_set(err, SS_FAILED, "setting search_path failed: %s",
			     PQresultErrorMessage(res));
		PQclear(res);
		goto out;
	}
	PQclear(res);
	if (nschemas)
		l.schemas_param = ss_pg_text_array(schemas, nschemas);
	if (load_schemas(&l, schemas, nschemas) < 0 || load_extensions(&l) < 0 ||
	    load_types(&l) < 0 || load_relations(&l) < 0 || load_columns(&l) < 0 ||
	    load_sequences(&l) < 0 || load_functions(&l) < 0 ||
	    load_table_parts(&l, SS_PG_CONSTRAINT) < 0 || load_table_parts(&l, SS_PG_INDEX) < 0 ||
	    load_table_parts(&l, SS_PG_TRIGGER) < 0 ||
	    ss_pg_catalog_load_objects(conn, l.schemas_param, l.cat, err) < 0)
		goto out;
	ss_pg_catalog_index(l.cat);
	for (size_t i = 0; i < l.nalias; i++)
		ss_pg_catalog_alias_oid(l.cat, SS_PG_CLASS_REL, l.alias_oid[i], l.alias_at[i]);
	if (load_depends(&l) < 0)
		goto out;
	*out = l.cat;
	l.cat = NULL;
	rc = 0;
out:
	ss_pg_catalog_free(l.cat);
	free(l.schemas_param);
	free(l.alias_oid);
	free(l.alias_at);
	return rc;
}

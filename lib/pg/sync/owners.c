/* owners.c - the shadow's objects given the owners they have on the source, before the swap. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

/* Not a member of an extension (those keep the extension's owner). */
#define NOT_EXT(cls, oid) \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '" cls \
	"'::pg_catalog.regclass AND e.objid = " oid " AND e.deptype = 'e')"

/*
 * The owned objects of the schemas $1 and their owners: kind (as ALTER
 * names it), schema, name, identity arguments, owner.  Sequences of serial
 * and identity columns and indexes follow their table.
 */
#define SQL_OWNERS \
	"SELECT o.kind, n.nspname, o.name, o.args, pg_catalog.pg_get_userbyid(o.owner) FROM (" \
	" SELECT 'SCHEMA' AS kind, s.oid AS nsp, s.nspname AS name, NULL::text AS args," \
	"  s.nspowner AS owner FROM pg_catalog.pg_namespace s" \
	" UNION ALL SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'" \
	"  WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'c' THEN 'TYPE' WHEN 'f' THEN 'FOREIGN TABLE'" \
	"  ELSE 'TABLE' END," \
	"  c.relnamespace, c.relname, NULL, c.relowner FROM pg_catalog.pg_class c" \
	"  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c', 'f')" NOT_EXT("pg_catalog.pg_class", "c.oid") \
	"  AND (c.relkind <> 'S' OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d" \
	"  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid" \
	"  AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')))" \
	" UNION ALL SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.typnamespace," \
	"  t.typname, NULL, t.typowner FROM pg_catalog.pg_type t WHERE t.typtype IN ('e', 'd', 'r')" \
	NOT_EXT("pg_catalog.pg_type", "t.oid") \
	" UNION ALL SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE'" \
	"  ELSE 'FUNCTION' END," \
	"  p.pronamespace, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)," \
	"  p.proowner FROM pg_catalog.pg_proc p WHERE p.prokind IN ('f', 'p', 'w', 'a')" \
	NOT_EXT("pg_catalog.pg_proc", "p.oid") \
	" UNION ALL SELECT 'OPERATOR', o.oprnamespace, o.oprname," \
	"  COALESCE(pg_catalog.format_type(NULLIF(o.oprleft, 0), NULL), 'NONE') || ', ' ||" \
	"  COALESCE(pg_catalog.format_type(NULLIF(o.oprright, 0), NULL), 'NONE'), o.oprowner" \
	"  FROM pg_catalog.pg_operator o WHERE true" NOT_EXT("pg_catalog.pg_operator", "o.oid") \
	" UNION ALL SELECT 'COLLATION', co.collnamespace, co.collname, NULL, co.collowner" \
	"  FROM pg_catalog.pg_collation co WHERE true" NOT_EXT("pg_catalog.pg_collation", "co.oid") \
	" UNION ALL SELECT 'TEXT SEARCH DICTIONARY', d.dictnamespace, d.dictname, NULL, d.dictowner" \
	"  FROM pg_catalog.pg_ts_dict d WHERE true" NOT_EXT("pg_catalog.pg_ts_dict", "d.oid") \
	" UNION ALL SELECT 'TEXT SEARCH CONFIGURATION', c.cfgnamespace, c.cfgname, NULL, c.cfgowner" \
	"  FROM pg_catalog.pg_ts_config c WHERE true" NOT_EXT("pg_catalog.pg_ts_config", "c.oid") \
	" UNION ALL SELECT 'STATISTICS', s.stxnamespace, s.stxname, NULL, s.stxowner" \
	"  FROM pg_catalog.pg_statistic_ext s" \
	") o JOIN pg_catalog.pg_namespace n ON n.oid = o.nsp WHERE n.nspname = ANY($1::text[])" \
	" ORDER BY 2, 1, 3, 4"

#define SQL_ROLES \
	"SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1::text[])"

#define SQL_ME \
	"SELECT current_user, rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user"

/* Columns of SQL_OWNERS. */
enum { C_KIND, C_SCHEMA, C_NAME, C_ARGS, C_OWNER };

/* Owners that could not be given: one group per role and reason. */
struct group {
	char *role, *reason;
	struct ss_buf objects;
	size_t n;
};

struct owners {
	PGconn *tgt;
	const struct ss_pgsync_plan *plan;
	char *me;
	int super;
	struct ss_pg_hash *roles;       /* source owners that are roles of the target */
	struct ss_pgsync_list granted;  /* "shadow\x1frole": CREATE granted for the change */
	struct group *groups;
	size_t ngroups;
};

/* The real name of a synced schema or its shadow; NULL when neither. */
static const char *real_schema(const struct ss_pgsync_plan *plan, const char *schema)
{
	for (size_t i = 0; i < plan->nschemas; i++)
		if (!strcmp(plan->schemas[i], schema) || !strcmp(plan->shadows[i], schema))
			return plan->schemas[i];
	return NULL;
}

static const char *shadow_schema(const struct ss_pgsync_plan *plan, const char *schema)
{
	for (size_t i = 0; i < plan->nschemas; i++)
		if (!strcmp(plan->shadows[i], schema))
			return plan->shadows[i];
	return NULL;
}

/* The arguments of a shadow function as the real schema names them. */
static char *real_args(const struct ss_pgsync_plan *plan, const char *args)
{
	char *a = ss_xstrdup(args), *n;

	for (size_t i = 0; i < plan->nschemas; i++) {
		n = ss_pg_remap_schema(a, plan->shadows[i], plan->schemas[i]);
		free(a);
		a = n;
	}
	return a;
}

/* The lookup key of row r: kind, real schema, name, arguments in real names. */
static char *row_key(const struct ss_pgsync_plan *plan, const PGresult *res, int r)
{
	const char *schema = real_schema(plan, PQgetvalue(res, r, C_SCHEMA));
	const char *name = PQgetvalue(res, r, C_NAME);
	char *args = real_args(plan, PQgetvalue(res, r, C_ARGS)), *key;

	/* a schema's row names the schema itself */
	if (!strcmp(PQgetvalue(res, r, C_KIND), "SCHEMA"))
		name = real_schema(plan, name);
	key = ss_xasprintf("%s\x1f%s\x1f%s\x1f%s", PQgetvalue(res, r, C_KIND), schema ? schema : "",
			   name ? name : "", args);
	free(args);
	return key;
}

static struct ss_pg_hash *index_rows(const struct ss_pgsync_plan *plan, const PGresult *res)
{
	struct ss_pg_hash *h = ss_pg_hash_new((size_t)PQntuples(res) + 1);

	for (int r = 0; r < PQntuples(res); r++) {
		char *key = row_key(plan, res, r);

		ss_pg_hash_put(h, key, 0, (size_t)r);
		free(key);
	}
	return h;
}

static PGresult *owners_of(PGconn *conn, const char *who, char *const *schemas, size_t n,
			   struct ss_error *err)
{
	char *arr = ss_pgsync_array(schemas, n);
	const char *params[1] = { arr };
	PGresult *res = ss_pgsync_query(conn, who, SQL_OWNERS, 1, params, err);

	free(arr);
	return res;
}

/* Which source owners are roles of the target. */
static int load_roles(struct owners *o, const PGresult *src, struct ss_error *err)
{
	char **names = ss_xcalloc((size_t)PQntuples(src) + 1, sizeof(char *));
	const char *params[1];
	PGresult *res;
	char *arr;

	for (int r = 0; r < PQntuples(src); r++)
		names[r] = PQgetvalue(src, r, C_OWNER);
	arr = ss_pgsync_array(names, (size_t)PQntuples(src));
	free(names);
	params[0] = arr;
	res = ss_pgsync_query(o->tgt, "target", SQL_ROLES, 1, params, err);
	free(arr);
	if (!res)
		return -1;
	o->roles = ss_pg_hash_new((size_t)PQntuples(res) + 1);
	for (int r = 0; r < PQntuples(res); r++)
		ss_pg_hash_put(o->roles, PQgetvalue(res, r, 0), 0, 0);
	PQclear(res);
	res = ss_pgsync_query(o->tgt, "target", SQL_ME, 0, NULL, err);
	if (!res)
		return -1;
	o->me = ss_xstrdup(PQntuples(res) ? PQgetvalue(res, 0, 0) : "");
	o->super = PQntuples(res) && PQgetvalue(res, 0, 1)[0] == 't';
	PQclear(res);
	return 0;
}

/* "table app.t", "function app.f(integer)": the object of row r for messages. */
static char *describe(const struct ss_pgsync_plan *plan, const PGresult *res, int r)
{
	const char *kind = PQgetvalue(res, r, C_KIND), *schema = PQgetvalue(res, r, C_SCHEMA);
	char *lower = ss_xstrdup(kind), *args, *d;

	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (!strcmp(kind, "SCHEMA")) {
		d = ss_xasprintf("schema %s", real_schema(plan, schema));
	} else {
		args = real_args(plan, PQgetvalue(res, r, C_ARGS));
		d = ss_xasprintf("%s %s.%s%s%s%s", lower, real_schema(plan, schema),
				 PQgetvalue(res, r, C_NAME), PQgetisnull(res, r, C_ARGS) ? "" : "(",
				 args, PQgetisnull(res, r, C_ARGS) ? "" : ")");
		free(args);
	}
	free(lower);
	return d;
}

static void note(struct owners *o, const char *role, const char *reason, const char *object)
{
	struct group *g = NULL;

	for (size_t i = 0; i < o->ngroups && !g; i++)
		if (!strcmp(o->groups[i].role, role) && !strcmp(o->groups[i].reason, reason))
			g = &o->groups[i];
	if (!g) {
		o->groups = ss_xrealloc(o->groups, (o->ngroups + 1) * sizeof(*o->groups));
		g = &o->groups[o->ngroups++];
		memset(g, 0, sizeof(*g));
		g->role = ss_xstrdup(role);
		g->reason = ss_xasprintf("%.*s", (int)strcspn(reason, "\n"), reason);
		ss_buf_init(&g->objects);
	}
	if (g->n < 5)
		ss_buf_addf(&g->objects, "%s%s", g->n ? ", " : "", object);
	g->n++;
}

/* ALTER <kind> "shadow"."name"(args) OWNER TO "role" for row r of the shadow. */
static void alter_owner(struct ss_buf *b, const PGresult *res, int r, const char *role)
{
	ss_buf_addf(b, "ALTER %s ", PQgetvalue(res, r, C_KIND));
	if (!strcmp(PQgetvalue(res, r, C_KIND), "SCHEMA")) {
		ss_pg_add_ident(b, PQgetvalue(res, r, C_NAME));
	} else if (!strcmp(PQgetvalue(res, r, C_KIND), "OPERATOR")) {
		/* an operator's name is never quoted */
		ss_pg_add_ident(b, PQgetvalue(res, r, C_SCHEMA));
		ss_buf_addf(b, ".%s", PQgetvalue(res, r, C_NAME));
	} else {
		ss_pg_add_qname(b, PQgetvalue(res, r, C_SCHEMA), PQgetvalue(res, r, C_NAME));
	}
	if (!PQgetisnull(res, r, C_ARGS))
		ss_buf_addf(b, "(%s)", PQgetvalue(res, r, C_ARGS));
	ss_buf_adds(b, " OWNER TO ");
	ss_pg_add_ident(b, role);
	ss_buf_adds(b, ";\n");
}

/*
 * A role that is not a superuser can give an object away only to a role
 * with CREATE on its schema: granted on the shadow for the change, revoked
 * after.  Appended to b, once per schema and role.
 */
static void grant_create(struct owners *o, struct ss_buf *b, const char *shadow, const char *role)
{
	char *pair;

	if (o->super || !strcmp(role, o->me))
		return;
	pair = ss_xasprintf("%s\x1f%s", shadow, role);
	for (size_t i = 0; i < o->granted.n; i++)
		if (!strcmp(o->granted.items[i], pair)) {
			free(pair);
			return;
		}
	ss_pgsync_list_add(&o->granted, pair);
	ss_buf_adds(b, "GRANT CREATE ON SCHEMA ");
	ss_pg_add_ident(b, shadow);
	ss_buf_adds(b, " TO ");
	ss_pg_add_ident(b, role);
	ss_buf_adds(b, ";\n");
}

static void revoke_create(struct owners *o)
{
	struct ss_buf b = SS_BUF_INIT;

	for (size_t i = 0; i < o->granted.n; i++) {
		const char *pair = o->granted.items[i], *sep = strchr(pair, '\x1f');
		char *schema = ss_xasprintf("%.*s", (int)(sep - pair), pair);

		ss_buf_adds(&b, "REVOKE CREATE ON SCHEMA ");
		ss_pg_add_ident(&b, schema);
		ss_buf_adds(&b, " FROM ");
		ss_pg_add_ident(&b, sep + 1);
		ss_buf_adds(&b, ";\n");
		free(schema);
	}
	if (b.len)
		PQclear(PQexec(o->tgt, b.data));
	ss_buf_release(&b);
	ss_pgsync_list_release(&o->granted);
}

/* What one shadow object should be given: up to two roles to try, in order. */
struct want {
	int row;                /* in the shadow's result */
	const char *role[2];
	char *object;           /* for messages */
};

/* Does the connecting role have the privileges of role (its schema can be renamed)? */
static int inherits(struct owners *o, const char *role)
{
	const char *params[1] = { role };
	struct ss_error err;
	PGresult *res = ss_pgsync_query(o->tgt, "target",
					"SELECT pg_catalog.pg_has_role(current_user, $1, 'USAGE')",
					1, params, &err);
	int yes = res && PQntuples(res) && PQgetvalue(res, 0, 0)[0] == 't';

	PQclear(res);
	return yes;
}

/*
 * The swap renames the schema and a failed sync drops it: a schema goes
 * only to a role whose privileges the connecting role has.  Returns how
 * many of w's roles are left.
 */
static int schema_roles(struct owners *o, struct want *w, int n)
{
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (o->super || !strcmp(w->role[i], o->me) || inherits(o, w->role[i]))
			w->role[k++] = w->role[i];
		else
			note(o, w->role[i], "the sync's role does not have its privileges, needed"
			     " to swap the schema in", w->object);
	}
	for (int i = k; i < n; i++)
		w->role[i] = NULL;
	return k;
}

/* The roles to try for shadow row r; 0 when it keeps the connecting role. */
static int wanted(struct owners *o, const PGresult *shadow, int r, const PGresult *src,
		  struct ss_pg_hash *src_ix, const PGresult *prev, struct ss_pg_hash *prev_ix,
		  struct want *w)
{
	char *key = row_key(o->plan, shadow, r);
	size_t s, p;
	int have_src = ss_pg_hash_get(src_ix, key, 0, &s);
	int have_prev = ss_pg_hash_get(prev_ix, key, 0, &p);
	const char *owner;
	int n = 0;

	free(key);
	memset(w, 0, sizeof(*w));
	w->row = r;
	if (!have_src)
		return 0;
	owner = PQgetvalue(src, (int)s, C_OWNER);
	w->object = describe(o->plan, shadow, r);
	if (ss_pg_hash_get(o->roles, owner, 0, &s))
		w->role[n++] = owner;
	else
		note(o, owner, "no role of that name on the target", w->object);
	if (have_prev && (!n || strcmp(w->role[0], PQgetvalue(prev, (int)p, C_OWNER))))
		w->role[n++] = PQgetvalue(prev, (int)p, C_OWNER);
	if (!strcmp(PQgetvalue(shadow, r, C_KIND), "SCHEMA"))
		n = schema_roles(o, w, n);
	if (n && !strcmp(w->role[0], o->me))
		n = 0;
	if (!n) {
		free(w->object);
		w->object = NULL;
	}
	return n;
}

/* The server's one-line reason for a failed statement. */
static const char *reason_of(PGconn *conn, const PGresult *res)
{
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

	return msg ? msg : PQerrorMessage(conn);
}

/* Give one object its owner, trying each role; what fails is noted. */
static void give_one(struct owners *o, const PGresult *shadow, const struct want *w)
{
	struct ss_buf b = SS_BUF_INIT;

	for (int i = 0; i < 2 && w->role[i]; i++) {
		PGresult *res;

		if (!strcmp(w->role[i], o->me))
			break;
		ss_buf_reset(&b);
		alter_owner(&b, shadow, w->row, w->role[i]);
		res = PQexec(o->tgt, b.data);
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			break;
		}
		note(o, w->role[i], reason_of(o->tgt, res), w->object);
		PQclear(res);
	}
	ss_buf_release(&b);
}

/*
 * Give the objects of w their owners: all in one transaction when every
 * first choice is allowed, else one by one with the second choices.
 */
static void give(struct owners *o, const PGresult *shadow, const struct want *w, size_t n)
{
	struct ss_buf b = SS_BUF_INIT, grants = SS_BUF_INIT;
	PGresult *res;
	int ok;

	if (!n)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *sh = shadow_schema(o->plan, PQgetvalue(shadow, w[i].row, C_SCHEMA));

		for (int k = 0; k < 2 && w[i].role[k]; k++)
			if (sh && strcmp(PQgetvalue(shadow, w[i].row, C_KIND), "SCHEMA"))
				grant_create(o, &grants, sh, w[i].role[k]);
	}
	if (grants.len)
		PQclear(PQexec(o->tgt, grants.data));
	ss_buf_adds(&b, "BEGIN;\n");
	for (size_t i = 0; i < n; i++)
		alter_owner(&b, shadow, w[i].row, w[i].role[0]);
	ss_buf_adds(&b, "COMMIT;");
	res = PQexec(o->tgt, b.data);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!ok) {
		PQclear(PQexec(o->tgt, "ROLLBACK"));
		for (size_t i = 0; i < n; i++)
			give_one(o, shadow, &w[i]);
	}
	ss_buf_release(&b);
	ss_buf_release(&grants);
}

/* The groups as notes of the plan: one line per role and reason. */
static void add_notes(struct owners *o, struct ss_pgsync_plan *plan)
{
	for (size_t i = 0; i < o->ngroups; i++) {
		struct group *g = &o->groups[i];
		char more[48] = "";

		if (g->n > 5)
			snprintf(more, sizeof(more), " and %zu more", g->n - 5);
		ss_pgsync_list_add(&plan->owner_notes,
				   ss_xasprintf("owner \"%s\" not kept on %s%s: %s", g->role,
						g->objects.data, more, g->reason));
		free(g->role);
		free(g->reason);
		ss_buf_release(&g->objects);
	}
	free(o->groups);
}

int ss_pgsync_owners(PGconn *src, PGconn *tgt, struct ss_pgsync_plan *plan, struct ss_error *err)
{
	struct owners o = { .tgt = tgt, .plan = plan };
	PGresult *s = NULL, *p = NULL, *sh = NULL;
	struct ss_pg_hash *six = NULL, *pix = NULL;
	struct want *objs = NULL, *schemas = NULL;
	size_t nobjs = 0, nschemas = 0;
	int rc = -1;

	if (!(s = owners_of(src, "source", plan->schemas, plan->nschemas, err)) ||
	    !(p = owners_of(tgt, "target", plan->schemas, plan->nschemas, err)) ||
	    !(sh = owners_of(tgt, "target", plan->shadows, plan->nschemas, err)) ||
	    load_roles(&o, s, err) < 0)
		goto out;
	six = index_rows(plan, s);
	pix = index_rows(plan, p);
	objs = ss_xcalloc((size_t)PQntuples(sh) + 1, sizeof(*objs));
	schemas = ss_xcalloc((size_t)PQntuples(sh) + 1, sizeof(*schemas));
	for (int r = 0; r < PQntuples(sh); r++) {
		int schema = !strcmp(PQgetvalue(sh, r, C_KIND), "SCHEMA");
		struct want *w = schema ? &schemas[nschemas] : &objs[nobjs];

		if (wanted(&o, sh, r, s, six, p, pix, w))
			*(schema ? &nschemas : &nobjs) += 1;
	}
	give(&o, sh, objs, nobjs);
	revoke_create(&o);
	give(&o, sh, schemas, nschemas);
	add_notes(&o, plan);
	rc = 0;
out:
	for (size_t i = 0; i < nobjs; i++)
		free(objs[i].object);
	for (size_t i = 0; i < nschemas; i++)
		free(schemas[i].object);
	free(objs);
	free(schemas);
	if (six)
		ss_pg_hash_free(six);
	if (pix)
		ss_pg_hash_free(pix);
	if (o.roles)
		ss_pg_hash_free(o.roles);
	free(o.me);
	PQclear(s);
	PQclear(p);
	PQclear(sh);
	return rc;
}

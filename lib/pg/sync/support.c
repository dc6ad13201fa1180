/* support.c - what a PostgreSQL sync can copy: objects it refuses, extensions it keeps live or creates. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/sync/internal.h"

/* What the catalog model leaves out and a copy cannot carry. */
#define SQL_UNSUPPORTED \
	"SELECT 'large objects', pg_catalog.count(*)::text FROM pg_catalog.pg_largeobject_metadata" \
	" HAVING pg_catalog.count(*) > 0" \
	" UNION ALL SELECT 'event trigger', pg_catalog.quote_ident(evtname)" \
	" FROM pg_catalog.pg_event_trigger WHERE $1::text[] IS NOT NULL"

#define SQL_EXTENSIONS \
	"SELECT e.extname, n.nspname FROM pg_catalog.pg_extension e" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'"

/* The names of an extension's types, functions, operators and operator classes. */
#define SQL_EXTENSION_OBJECTS \
	"SELECT DISTINCT COALESCE(t.typname, p.proname, o.oprname, c.opcname, f.opfname)::text" \
	" FROM pg_catalog.pg_depend d" \
	" LEFT JOIN pg_catalog.pg_type t ON d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass" \
	"  AND t.oid = d.objid" \
	" LEFT JOIN pg_catalog.pg_proc p ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass" \
	"  AND p.oid = d.objid" \
	" LEFT JOIN pg_catalog.pg_operator o ON d.classid = 'pg_catalog.pg_operator'::pg_catalog.regclass" \
	"  AND o.oid = d.objid" \
	" LEFT JOIN pg_catalog.pg_opclass c ON d.classid = 'pg_catalog.pg_opclass'::pg_catalog.regclass" \
	"  AND c.oid = d.objid" \
	" LEFT JOIN pg_catalog.pg_opfamily f ON d.classid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass" \
	"  AND f.oid = d.objid" \
	" WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'" \
	" AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = $1)" \
	" AND COALESCE(t.typname, p.proname, o.oprname, c.opcname, f.opfname) IS NOT NULL"

static void add_skipped(struct ss_pgsync_plan *plan, const char *kind, const char *name)
{
	plan->skipped = ss_xrealloc(plan->skipped, (plan->nskipped + 1) * sizeof(char *));
	plan->skipped[plan->nskipped++] = ss_xasprintf("%s%s%s", kind, *name ? " " : "", name);
}

static size_t schema_index(const struct ss_pgsync_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->nschemas; i++)
		if (!strcmp(plan->schemas[i], name))
			return i;
	return (size_t)-1;
}

/* The names of extension `ext`'s objects, added to l. */
static int extension_objects(PGconn *src, const char *ext, struct ss_pgsync_list *l,
			     struct ss_error *err)
{
	return ss_pgsync_query_list(src, "source", SQL_EXTENSION_OBJECTS, ext, l, err);
}

/*
 * Extensions in the synced schemas.  One the target has in the same schema
 * stays live: the swap moves it into the new schema, and the shadow names
 * its objects in the live one.  One the target lacks is created in the
 * shadow.  One the target has in another schema cannot be copied.
 */
int ss_pgsync_plan_extensions(PGconn *src, PGconn *tgt, struct ss_pgsync_plan *plan,
			      struct ss_error *err)
{
	PGresult *sres, *tres = NULL;
	int rc = 0;

	plan->live_ext = ss_xcalloc(plan->nschemas + 1, sizeof(*plan->live_ext));
	plan->live_ext_objects = ss_xcalloc(plan->nschemas + 1, sizeof(*plan->live_ext_objects));
	if (!tgt)
		return 0;
	tres = ss_pgsync_query(tgt, "target", SQL_EXTENSIONS, 0, NULL, err);
	if (!tres)
		return -1;
	for (int r = 0; r < PQntuples(tres); r++) {
		size_t s = schema_index(plan, PQgetvalue(tres, r, 1));

		if (s != (size_t)-1)
			ss_pgsync_list_add(&plan->live_ext[s], ss_xstrdup(PQgetvalue(tres, r, 0)));
	}
	sres = ss_pgsync_query(src, "source", SQL_EXTENSIONS, 0, NULL, err);
	if (!sres) {
		PQclear(tres);
		return -1;
	}
	for (int r = 0; r < PQntuples(sres) && rc == 0; r++) {
		const char *ext = PQgetvalue(sres, r, 0), *schema = PQgetvalue(sres, r, 1);
		size_t s = schema_index(plan, schema);

		if (s == (size_t)-1)
			continue;
		for (int k = 0; k < PQntuples(tres) && rc == 0; k++) {
			char *what;

			if (strcmp(PQgetvalue(tres, k, 0), ext))
				continue;
			if (!strcmp(PQgetvalue(tres, k, 1), schema)) {
				rc = extension_objects(src, ext, &plan->live_ext_objects[s], err);
				continue;
			}
			what = ss_xasprintf("%s in schema %s (the target has it in schema %s)", ext,
					    schema, PQgetvalue(tres, k, 1));
			add_skipped(plan, "extension", what);
			free(what);
		}
	}
	PQclear(sres);
	PQclear(tres);
	return rc;
}

/* Is o left out of a sync by its kind (what the model does not cover, database-wide objects)? */
int ss_pgsync_left_out(const struct ss_pg_object *o)
{
	return o->kind == SS_PG_OTHER || o->kind == SS_PG_PUBLICATION ||
	       (o->kind == SS_PG_DEFACL && !o->schema);
}

/* "kind name" of an object for messages. */
static char *describe(const struct ss_pg_object *o)
{
	if (o->kind == SS_PG_OTHER)
		return ss_xasprintf("%s %s", o->result, o->name);
	return ss_xasprintf("%s %s", ss_pg_kind_name(o->kind), o->key);
}

/*
 * What cannot be copied, and what depends on it in turn: mark[i] is 1 for
 * an object not covered, 2 for its dependents; by[i] names (for a
 * dependent) the object it needs.
 */
static void unsupported_closure(const struct ss_pg_catalog *cat, char *mark, size_t *by)
{
	int grew = 1;

	for (size_t i = 0; i < cat->nobjs; i++)
		if (cat->objs[i].kind == SS_PG_OTHER)
			mark[i] = 1;
	while (grew) {
		grew = 0;
		for (size_t i = 0; i < cat->ndeps; i++) {
			const struct ss_pg_dep *d = &cat->deps[i];

			if (mark[d->ref] && !mark[d->obj]) {
				mark[d->obj] = 2;
				by[d->obj] = mark[d->ref] == 1 ? d->ref : by[d->ref];
				grew = 1;
			}
		}
	}
}

/* Refuse what cannot be copied, or note it as left out (--skip-unsupported). */
int ss_pgsync_check_unsupported(PGconn *src, const struct ss_pgsync_select *sel,
				struct ss_pgsync_plan *plan, struct ss_error *err)
{
	char *arr = ss_pgsync_array(plan->schemas, plan->nschemas);
	const char *params[1] = { arr };
	PGresult *res = ss_pgsync_query(src, "source", SQL_UNSUPPORTED, 1, params, err);
	const struct ss_pg_catalog *cat = plan->source;
	char *mark;
	size_t *by;
	struct ss_buf b = SS_BUF_INIT;

	free(arr);
	if (!res)
		return -1;
	mark = ss_xcalloc(cat->nobjs + 1, 1);
	by = ss_xcalloc(cat->nobjs + 1, sizeof(size_t));
	unsupported_closure(cat, mark, by);
	for (size_t i = 0; i < cat->nobjs; i++) {
		char *what, *need;

		if (!mark[i])
			continue;
		what = describe(&cat->objs[i]);
		if (mark[i] == 1) {
			add_skipped(plan, what, "");
		} else {
			need = describe(&cat->objs[by[i]]);
			plan->skipped = ss_xrealloc(plan->skipped, (plan->nskipped + 1) * sizeof(char *));
			plan->skipped[plan->nskipped++] = ss_xasprintf("%s (it needs %s)", what, need);
			free(need);
		}
		free(what);
	}
	free(mark);
	free(by);
	for (int r = 0; r < PQntuples(res); r++)
		add_skipped(plan, PQgetvalue(res, r, 0), PQgetvalue(res, r, 1));
	PQclear(res);
	if (!plan->nskipped || sel->skip_unsupported)
		return 0;
	for (size_t i = 0; i < plan->nskipped && i < 8; i++)
		ss_buf_addf(&b, "%s%s", i ? ", " : "", plan->skipped[i]);
	if (plan->nskipped > 8)
		ss_buf_addf(&b, " and %zu more", plan->nskipped - 8);
	ss_error_set(err, SS_FAILED, "cannot copy %s (--skip-unsupported leaves them out, with what"
		     " needs them)", b.data);
	ss_buf_release(&b);
	return -1;
}

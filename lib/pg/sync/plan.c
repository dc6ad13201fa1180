/* plan.c - what a PostgreSQL sync copies: schemas, tables, the target's side; the plan's life. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

#define SQL_SCHEMAS \
	"SELECT n.nspname FROM pg_catalog.pg_namespace n" \
	" WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'" \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x" \
	" WHERE x.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass" \
	" AND x.objid = n.oid AND x.deptype = 'e') ORDER BY 1"

#define SQL_TARGET_SCHEMAS \
	"SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])"

#define SQL_TARGET_TABLES \
	"SELECT n.nspname, c.relname FROM pg_catalog.pg_class c" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition" \
	" ORDER BY 1, 2"

static void add_schema(struct ss_pgsync_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->nschemas; i++)
		if (!strcmp(plan->schemas[i], name))
			return;
	plan->schemas = ss_xrealloc(plan->schemas, (plan->nschemas + 1) * sizeof(char *));
	plan->shadows = ss_xrealloc(plan->shadows, (plan->nschemas + 1) * sizeof(char *));
	plan->backups = ss_xrealloc(plan->backups, (plan->nschemas + 1) * sizeof(char *));
	plan->schemas[plan->nschemas] = ss_xstrdup(name);
	plan->shadows[plan->nschemas] = ss_pgsync_derived_name(name, SS_PGSYNC_SHADOW_SUFFIX);
	plan->backups[plan->nschemas++] = ss_pgsync_derived_name(name, SS_PGSYNC_BACKUP_SUFFIX);
}

/* --schemas, else every user schema of the source but the engine's own. */
static int choose_schemas(PGconn *src, const struct ss_pgsync_select *sel,
			  struct ss_pgsync_plan *plan, struct ss_error *err)
{
	PGresult *res;

	if (sel->schemas) {
		const char *p = sel->schemas;

		while (*p) {
			size_t n = strcspn(p, ",");
			char *name;

			while (n && *p == ' ') {
				p++;
				n--;
			}
			name = ss_xstrndup(p, n);
			while (*name && name[strlen(name) - 1] == ' ')
				name[strlen(name) - 1] = '\0';
			if (*name)
				add_schema(plan, name);
			free(name);
			p += n;
			if (*p == ',')
				p++;
		}
		if (!plan->nschemas)
			return ss_error_set(err, SS_USAGE, "--schemas names no schema");
		return 0;
	}
	res = ss_pgsync_query(src, "source", SQL_SCHEMAS, 0, NULL, err);
	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++)
		if (!ss_pgsync_is_derived_name(PQgetvalue(res, r, 0)))
			add_schema(plan, PQgetvalue(res, r, 0));
	PQclear(res);
	if (!plan->nschemas)
		return ss_error_set(err, SS_FAILED, "the source database has no schema to copy");
	return 0;
}

static char *column_list(const struct ss_pg_object *o, int *binary)
{
	struct ss_buf b = SS_BUF_INIT;

	for (size_t i = 0; i < o->ncols; i++) {
		if (o->cols[i].generated)
			continue;
		if (b.len)
			ss_buf_addc(&b, ',');
		ss_pg_add_ident(&b, o->cols[i].name);
		/* binary arrays and composites carry type oids: only built-in types */
		if (strchr(o->cols[i].type, '.'))
			*binary = 0;
	}
	return ss_buf_detach(&b);
}

static void add_tables(struct ss_pgsync_plan *plan, const struct ss_pgsync_select *sel,
		       const char *excluded, struct ss_pgsync_list *after,
		       struct ss_pgsync_list *keys)
{
	const struct ss_pg_catalog *cat = plan->source;

	plan->tables = ss_xcalloc(cat->nobjs + 1, sizeof(*plan->tables));
	for (size_t i = 0; i < cat->nobjs; i++) {
		const struct ss_pg_object *o = &cat->objs[i];
		struct ss_pgsync_table *t;
		struct ss_buf b = SS_BUF_INIT;

		if (o->kind != SS_PG_TABLE || excluded[i] || o->partkey)
			continue;
		t = &plan->tables[plan->ntables++];
		t->src = o;
		t->structure_only = ss_pgsync_match(sel->structure, o->schema, o->name);
		t->nchunks = t->structure_only ? 0 : 1;
		t->binary = plan->server_major[0] == plan->server_major[1];
		t->columns = column_list(o, &t->binary);
		ss_pg_add_qname(&b, o->schema, o->name);
		t->source_name = ss_buf_detach(&b);
		for (size_t s = 0; s < plan->nschemas; s++)
			if (!strcmp(plan->schemas[s], o->schema))
				ss_pg_add_qname(&b, plan->shadows[s], o->name);
		t->shadow_name = ss_buf_detach(&b);
		t->after = after[i];
		t->keys = keys[i];
		memset(&after[i], 0, sizeof(after[i]));
		memset(&keys[i], 0, sizeof(keys[i]));
	}
}

struct ss_pgsync_table *ss_pgsync_find_table(struct ss_pgsync_plan *plan, const char *schema,
					     const char *name)
{
	for (size_t i = 0; i < plan->ntables; i++)
		if (!strcmp(plan->tables[i].src->schema, schema) &&
		    !strcmp(plan->tables[i].src->name, name))
			return &plan->tables[i];
	return NULL;
}

int ss_pgsync_plan_target(PGconn *tgt, struct ss_pgsync_plan *plan, struct ss_error *err)
{
	char *arr = ss_pgsync_array(plan->schemas, plan->nschemas);
	const char *params[1] = { arr };
	PGresult *res;

	free(plan->in_target);
	for (size_t i = 0; i < plan->nextra; i++)
		free(plan->extra[i]);
	free(plan->extra);
	plan->extra = NULL;
	plan->nextra = 0;
	plan->in_target = ss_xcalloc(plan->nschemas + 1, sizeof(int));
	if (!tgt) {
		free(arr);
		return 0;
	}
	res = ss_pgsync_query(tgt, "target", SQL_TARGET_SCHEMAS, 1, params, err);
	if (!res) {
		free(arr);
		return -1;
	}
	for (int r = 0; r < PQntuples(res); r++)
		for (size_t s = 0; s < plan->nschemas; s++)
			if (!strcmp(PQgetvalue(res, r, 0), plan->schemas[s]))
				plan->in_target[s] = 1;
	PQclear(res);
	res = ss_pgsync_query(tgt, "target", SQL_TARGET_TABLES, 1, params, err);
	free(arr);
	if (!res)
		return -1;
	plan->extra = ss_xcalloc((size_t)PQntuples(res) + 1, sizeof(char *));
	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = PQgetvalue(res, r, 0), *name = PQgetvalue(res, r, 1);
		char *key = ss_xasprintf("%s.%s", schema, name);
		const struct ss_pg_object *o = ss_pg_catalog_find(plan->source, SS_PG_TABLE, key);

		if (!o || (!o->partkey && !ss_pgsync_find_table(plan, schema, name)))
			plan->extra[plan->nextra++] = key;
		else
			free(key);
	}
	PQclear(res);
	return 0;
}

int ss_pgsync_plan_build(PGconn *src, PGconn *tgt, const char *target_db,
			 const struct ss_pgsync_select *sel, int jobs,
			 struct ss_pgsync_plan *plan, struct ss_error *err)
{
	char *excluded = NULL;
	struct ss_pgsync_list *after = NULL, *keys = NULL;
	size_t nobjs = 0;
	int rc = -1;

	memset(plan, 0, sizeof(*plan));
	plan->target_db = ss_xstrdup(target_db);
	plan->target_exists = tgt != NULL;
	plan->keep_extra = sel->keep_extra || sel->tables || sel->skip;
	plan->server_major[0] = PQserverVersion(src) / 10000;
	plan->server_major[1] = tgt ? PQserverVersion(tgt) / 10000 : plan->server_major[0];
	if (choose_schemas(src, sel, plan, err) < 0 ||
	    ss_pg_catalog_load(src, (const char *const *)plan->schemas, plan->nschemas,
			       &plan->source, err) < 0 ||
	    ss_pgsync_plan_extensions(src, tgt, plan, err) < 0 ||
	    ss_pgsync_check_unsupported(src, sel, plan, err) < 0)
		goto out;
	nobjs = plan->source->nobjs;
	excluded = ss_xcalloc(nobjs + 1, 1);
	after = ss_xcalloc(nobjs + 1, sizeof(*after));
	keys = ss_xcalloc(nobjs + 1, sizeof(*keys));
	for (size_t i = 0; i < nobjs; i++) {
		const struct ss_pg_object *o = &plan->source->objs[i];

		if (o->kind == SS_PG_TABLE &&
		    ((sel->tables && !ss_pgsync_match(sel->tables, o->schema, o->name)) ||
		     ss_pgsync_match(sel->skip, o->schema, o->name)))
			excluded[i] = 1;
		if (ss_pgsync_left_out(o))
			excluded[i] = 1;
	}
	if (ss_pgsync_schema(src, plan, excluded, after, keys, err) < 0)
		goto out;
	plan->created = ss_xcalloc(nobjs + 1, 1);
	for (size_t i = 0; i < nobjs; i++)
		plan->created[i] = !excluded[i];
	add_tables(plan, sel, excluded, after, keys);
	if (ss_pgsync_estimate(src, plan, err) < 0 ||
	    ss_pgsync_plan_ranges(src, plan, jobs, err) < 0 ||
	    ss_pgsync_plan_target(tgt, plan, err) < 0)
		goto out;
	plan->incremental = sel->incremental;
	rc = 0;
out:
	if (after)
		for (size_t i = 0; i < nobjs; i++) {
			ss_pgsync_list_release(&after[i]);
			ss_pgsync_list_release(&keys[i]);
		}
	free(after);
	free(keys);
	free(excluded);
	if (rc < 0)
		ss_pgsync_plan_release(plan);
	return rc;
}

void ss_pgsync_plan_release(struct ss_pgsync_plan *plan)
{
	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_pgsync_table *t = &plan->tables[i];

		free(t->shadow_name);
		free(t->source_name);
		free(t->columns);
		free(t->key);
		free(t->bounds);
		ss_pgsync_list_release(&t->after);
		ss_pgsync_list_release(&t->keys);
		ss_pgdelta_free(t->delta);
	}
	free(plan->tables);
	ss_san_run_free(plan->sanitize);
	for (size_t i = 0; i < plan->nschemas; i++) {
		free(plan->schemas[i]);
		free(plan->shadows[i]);
		free(plan->backups[i]);
	}
	free(plan->schemas);
	free(plan->shadows);
	free(plan->backups);
	free(plan->in_target);
	for (size_t i = 0; i < plan->nextra; i++)
		free(plan->extra[i]);
	free(plan->extra);
	for (size_t i = 0; plan->live_ext && i < plan->nschemas; i++) {
		ss_pgsync_list_release(&plan->live_ext[i]);
		ss_pgsync_list_release(&plan->live_ext_objects[i]);
	}
	free(plan->live_ext);
	ss_pgsync_list_release(&plan->owner_notes);
	free(plan->live_ext_objects);
	for (size_t i = 0; i < plan->nskipped; i++)
		free(plan->skipped[i]);
	free(plan->skipped);
	free(plan->created);
	free(plan->pre);
	free(plan->post);
	for (size_t i = 0; i < plan->ngrants; i++) {
		free(plan->grants[i].sql);
		free(plan->grants[i].needs);
		free(plan->grants[i].head);
		free(plan->grants[i].tail);
		free(plan->grants[i].roles);
	}
	free(plan->grants);
	free(plan->target_db);
	if (plan->source)
		ss_pg_catalog_free(plan->source);
	memset(plan, 0, sizeof(*plan));
}

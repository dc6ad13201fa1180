/* pg_sync_plan.c - what a PostgreSQL sync copies: schemas, tables, estimates, ranges, refusals. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg_quote.h"
#include "lib/pg_sync_int.h"

/* Tables above this size (or the run's total / 4 jobs) are split in key ranges. */
#define CHUNK_MIN_BYTES (16LL << 20)
#define MAX_CHUNKS 64

#define SQL_SCHEMAS \
	"SELECT n.nspname FROM pg_catalog.pg_namespace n" \
	" WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'" \
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x" \
	" WHERE x.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass" \
	" AND x.objid = n.oid AND x.deptype = 'e') ORDER BY 1"

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

#define SQL_SIZES \
	"SELECT n.nspname, c.relname, c.reltuples::bigint, pg_catalog.pg_table_size(c.oid)" \
	" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'r'"

#define SQL_KEY \
	"SELECT a.attname FROM pg_catalog.pg_index i" \
	" JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]" \
	" WHERE i.indrelid = $1::pg_catalog.regclass AND i.indisprimary" \
	" AND a.atttypid IN (20, 21, 23)"

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

static void add_skipped(struct ss_pgsync_plan *plan, const char *kind, const char *name)
{
	plan->skipped = ss_xrealloc(plan->skipped, (plan->nskipped + 1) * sizeof(char *));
	plan->skipped[plan->nskipped++] = ss_xasprintf("%s %s", kind, name);
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
	const char *params[1] = { ext };
	PGresult *res = ss_pgsync_query(src, "source", SQL_EXTENSION_OBJECTS, 1, params, err);

	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++)
		ss_pgsync_list_add(l, ss_xstrdup(PQgetvalue(res, r, 0)));
	PQclear(res);
	return 0;
}

/*
 * Extensions in the synced schemas.  One the target has in the same schema
 * stays live: the swap moves it into the new schema, and the shadow names
 * its objects in the live one.  One the target lacks is created in the
 * shadow.  One the target has in another schema cannot be copied.
 */
static int plan_extensions(PGconn *src, PGconn *tgt, struct ss_pgsync_plan *plan,
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

/* Refuse what cannot be copied, or note it as left out (--skip-unsupported). */
static int check_unsupported(PGconn *src, const struct ss_pgsync_select *sel,
			     struct ss_pgsync_plan *plan, struct ss_error *err)
{
	char *arr = ss_pgsync_array(plan->schemas, plan->nschemas);
	const char *params[1] = { arr };
	PGresult *res = ss_pgsync_query(src, "source", SQL_UNSUPPORTED, 1, params, err);
	struct ss_buf b = SS_BUF_INIT;

	free(arr);
	if (!res)
		return -1;
	for (size_t i = 0; i < plan->source->nunsup; i++)
		add_skipped(plan, plan->source->unsup[i].kind, plan->source->unsup[i].name);
	for (int r = 0; r < PQntuples(res); r++)
		add_skipped(plan, PQgetvalue(res, r, 0), PQgetvalue(res, r, 1));
	PQclear(res);
	if (!plan->nskipped || sel->skip_unsupported)
		return 0;
	for (size_t i = 0; i < plan->nskipped && i < 5; i++)
		ss_buf_addf(&b, "%s%s", i ? ", " : "", plan->skipped[i]);
	if (plan->nskipped > 5)
		ss_buf_addf(&b, " and %zu more", plan->nskipped - 5);
	ss_error_set(err, SS_FAILED, "cannot copy %s (--skip-unsupported leaves them out)", b.data);
	ss_buf_release(&b);
	return -1;
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

static struct ss_pgsync_table *find_table(struct ss_pgsync_plan *plan, const char *schema,
					  const char *name)
{
	for (size_t i = 0; i < plan->ntables; i++)
		if (!strcmp(plan->tables[i].src->schema, schema) &&
		    !strcmp(plan->tables[i].src->name, name))
			return &plan->tables[i];
	return NULL;
}

static int estimate(PGconn *src, struct ss_pgsync_plan *plan, struct ss_error *err)
{
	char *arr = ss_pgsync_array(plan->schemas, plan->nschemas);
	const char *params[1] = { arr };
	PGresult *res = ss_pgsync_query(src, "source", SQL_SIZES, 1, params, err);

	free(arr);
	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		struct ss_pgsync_table *t = find_table(plan, PQgetvalue(res, r, 0),
						       PQgetvalue(res, r, 1));

		if (!t || t->structure_only)
			continue;
		t->est_rows = strtoll(PQgetvalue(res, r, 2), NULL, 10);
		if (t->est_rows < 0)
			t->est_rows = 0;
		t->est_bytes = strtoll(PQgetvalue(res, r, 3), NULL, 10);
		plan->est_rows += t->est_rows;
		plan->est_bytes += t->est_bytes;
	}
	PQclear(res);
	return 0;
}

static int by_size_desc(const void *a, const void *b)
{
	const struct ss_pgsync_table *x = a, *y = b;

	return x->est_bytes < y->est_bytes ? 1 : x->est_bytes > y->est_bytes ? -1 : 0;
}

/*
 * Split t into n ranges of equal width: of its blocks where TID range
 * scans read each range alone (PostgreSQL >= 14), else of the first column
 * of its primary key when an integer.
 */
static int split_table(PGconn *src, struct ss_pgsync_table *t, int n, struct ss_error *err)
{
	const char *params[1] = { t->source_name };
	struct ss_buf q = SS_BUF_INIT;
	int by_blocks = PQserverVersion(src) >= 140000;
	PGresult *res = by_blocks ? NULL : ss_pgsync_query(src, "source", SQL_KEY, 1, params, err);
	long long min, max;

	if (!res && !by_blocks)
		return -1;
	if (res && PQntuples(res) == 1) {
		t->key = ss_xstrdup(PQgetvalue(res, 0, 0));
		ss_buf_adds(&q, "SELECT pg_catalog.min(");
		ss_pg_add_ident(&q, t->key);
		ss_buf_adds(&q, ")::text, pg_catalog.max(");
		ss_pg_add_ident(&q, t->key);
		ss_buf_addf(&q, ")::text FROM ONLY %s", t->source_name);
	} else if (by_blocks) {
		ss_buf_adds(&q, "SELECT 0, (pg_catalog.pg_relation_size(");
		ss_pg_add_literal(&q, t->source_name);
		ss_buf_adds(&q, "::pg_catalog.regclass)"
			    " / pg_catalog.current_setting('block_size')::int - 1)::text");
	}
	PQclear(res);
	if (!q.len)
		return 0;
	res = ss_pgsync_query(src, "source", q.data, 0, NULL, err);
	ss_buf_release(&q);
	if (!res)
		return -1;
	if (!PQgetisnull(res, 0, 0)) {
		min = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		max = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
		t->bounds = ss_xcalloc((size_t)n, sizeof(long long));
		t->nchunks = ss_pgsync_split_range(min, max, n, t->bounds);
	}
	PQclear(res);
	return 0;
}

static int plan_ranges(PGconn *src, struct ss_pgsync_plan *plan, int jobs, struct ss_error *err)
{
	long long chunk = plan->est_bytes / (jobs > 0 ? 4 * jobs : 4);

	if (chunk < CHUNK_MIN_BYTES)
		chunk = CHUNK_MIN_BYTES;
	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_pgsync_table *t = &plan->tables[i];
		long long n = t->est_bytes / chunk + 1;

		if (t->structure_only || n < 2 || jobs < 2)
			continue;
		if (split_table(src, t, n > MAX_CHUNKS ? MAX_CHUNKS : (int)n, err) < 0)
			return -1;
	}
	return 0;
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

		if (!o || (!o->partkey && !find_table(plan, schema, name)))
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
	    plan_extensions(src, tgt, plan, err) < 0 ||
	    check_unsupported(src, sel, plan, err) < 0)
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
	}
	if (ss_pgsync_schema(src, plan, excluded, after, keys, err) < 0)
		goto out;
	plan->created = ss_xcalloc(nobjs + 1, 1);
	for (size_t i = 0; i < nobjs; i++)
		plan->created[i] = !excluded[i];
	add_tables(plan, sel, excluded, after, keys);
	if (estimate(src, plan, err) < 0)
		goto out;
	qsort(plan->tables, plan->ntables, sizeof(*plan->tables), by_size_desc);
	if (plan_ranges(src, plan, jobs, err) < 0 || ss_pgsync_plan_target(tgt, plan, err) < 0)
		goto out;
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
	}
	free(plan->tables);
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
	free(plan->live_ext_objects);
	for (size_t i = 0; i < plan->nskipped; i++)
		free(plan->skipped[i]);
	free(plan->skipped);
	free(plan->created);
	free(plan->pre);
	free(plan->post);
	free(plan->target_db);
	if (plan->source)
		ss_pg_catalog_free(plan->source);
	memset(plan, 0, sizeof(*plan));
}

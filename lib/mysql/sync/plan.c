/* plan.c - which tables a sync copies, how big they are, how they are split. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

/* A table at least this big (estimate) is split into key ranges. */
#define CHUNK_MIN_BYTES (16LL << 20)

int ss_mysync_match_list(const char *list, const char *name)
{
	return ss_sync_match(list, name, NULL);
}

static int name_too_long(const char *db, const char *suffix, struct ss_error *err)
{
	if (strlen(db) + strlen(suffix) > 64)
		return ss_error_set(err, SS_FAILED, "database name '%s%s' is longer than 64"
				    " characters", db, suffix);
	return 0;
}

static int database_exists(MYSQL *m, const char *db, int *exists, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	int rc;

	ss_buf_adds(&q, "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ");
	ss_my_add_literal(&q, m, db);
	rc = ss_my_select(m, "target", q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return -1;
	*exists = mysql_num_rows(res) > 0;
	mysql_free_result(res);
	return 0;
}

/* The first column of the primary key when it is an integer, or NULL. */
static char *range_key(const struct ss_my_table *t)
{
	static const char *const ints[] = { "tinyint", "smallint", "mediumint", "int", "bigint" };
	const char *pk = t->create_sql ? strstr(t->create_sql, "\n  PRIMARY KEY (`") : NULL;
	struct ss_buf name = SS_BUF_INIT;
	const char *p;

	if (!pk)
		return NULL;
	for (p = pk + strlen("\n  PRIMARY KEY (`"); *p; p++) {
		if (*p == '`') {
			if (p[1] != '`')
				break;
			p++;
		}
		ss_buf_addc(&name, *p);
	}
	for (size_t i = 0; i < t->ncolumns; i++) {
		if (strcmp(t->columns[i].name, name.data))
			continue;
		for (size_t k = 0; k < sizeof(ints) / sizeof(ints[0]); k++)
			if (!strcmp(t->columns[i].data_type, ints[k]))
				return ss_buf_detach(&name);
	}
	ss_buf_release(&name);
	return NULL;
}

/* Split t into n ranges of its integer key between MIN and MAX. */
static int split(MYSQL *src, const char *db, struct ss_mysync_table *t, int n,
		 struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	long long lo, hi;
	int rc;

	ss_buf_adds(&q, "SELECT MIN(");
	ss_my_add_ident(&q, t->key);
	ss_buf_adds(&q, "), MAX(");
	ss_my_add_ident(&q, t->key);
	ss_buf_adds(&q, ") FROM ");
	ss_my_add_qualified(&q, db, t->src->name);
	rc = ss_my_select(src, "source", q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return -1;
	row = mysql_fetch_row(res);
	if (!row || !row[0] || !row[1]) {
		mysql_free_result(res);
		return 0;
	}
	lo = strtoll(row[0], NULL, 10);
	hi = strtoll(row[1], NULL, 10);
	mysql_free_result(res);
	if (hi - lo < 2LL * n)
		return 0;
	t->bounds = ss_xcalloc((size_t)n - 1, sizeof(*t->bounds));
	for (int i = 1; i < n; i++)
		t->bounds[i - 1] = lo + (long long)((double)(hi - lo) * i / n);
	t->nchunks = n;
	return 0;
}

static int by_size_desc(const void *a, const void *b)
{
	const struct ss_mysync_table *x = a, *y = b;
	long long d = y->src->data_bytes - x->src->data_bytes;

	return d > 0 ? 1 : d < 0 ? -1 : strcmp(x->src->name, y->src->name);
}

static char *column_list(const struct ss_my_table *t)
{
	struct ss_buf b = SS_BUF_INIT;

	for (size_t i = 0; i < t->ncolumns; i++) {
		if (t->columns[i].generated)
			continue;
		if (b.len)
			ss_buf_addc(&b, ',');
		ss_my_add_ident(&b, t->columns[i].name);
	}
	return ss_buf_detach(&b);
}

static int is_ours(const char *name)
{
	return !strncmp(name, SS_MYSYNC_SHADOW_PREFIX, strlen(SS_MYSYNC_SHADOW_PREFIX)) ||
	       !strncmp(name, SS_MYSYNC_BACKUP_PREFIX, strlen(SS_MYSYNC_BACKUP_PREFIX));
}

static void pick_tables(struct ss_mysync_plan *plan, const struct ss_mysync_select *sel)
{
	const struct ss_my_catalog *s = &plan->source;

	plan->tables = ss_xcalloc(s->ntables ? s->ntables : 1, sizeof(*plan->tables));
	for (size_t i = 0; i < s->ntables; i++) {
		const struct ss_my_table *st = &s->tables[i];
		struct ss_mysync_table *t;

		if (sel->tables && !ss_mysync_match_list(sel->tables, st->name))
			continue;
		if (ss_mysync_match_list(sel->skip, st->name))
			continue;
		t = &plan->tables[plan->ntables++];
		t->src = st;
		t->structure_only = ss_mysync_match_list(sel->structure, st->name);
		t->in_target = ss_my_catalog_table(&plan->target, st->name) != NULL;
		t->columns = column_list(st);
		t->nchunks = t->structure_only ? 0 : 1;
		if (!t->structure_only) {
			plan->est_rows += st->rows;
			plan->est_bytes += st->data_bytes;
		}
	}
	if (sel->tables || sel->keep_extra)
		return;
	for (size_t i = 0; i < plan->target.ntables; i++) {
		const char *name = plan->target.tables[i].name;

		if (ss_my_catalog_table(s, name) || ss_mysync_match_list(sel->skip, name) ||
		    is_ours(name))
			continue;
		plan->extra = ss_xrealloc(plan->extra, (plan->nextra + 1) * sizeof(*plan->extra));
		plan->extra[plan->nextra++] = ss_xstrdup(name);
	}
}

int ss_mysync_plan_build(MYSQL *src, const char *source_db, MYSQL *tgt,
			 const char *target_db, const struct ss_mysync_select *sel,
			 int jobs, struct ss_mysync_plan *plan, struct ss_error *err)
{
	long long chunk;

	memset(plan, 0, sizeof(*plan));
	if (name_too_long(target_db, SS_MYSYNC_SHADOW_SUFFIX, err) < 0 ||
	    name_too_long(target_db, SS_MYSYNC_BACKUP_SUFFIX, err) < 0)
		return -1;
	plan->source_db = ss_xstrdup(source_db);
	plan->target_db = ss_xstrdup(target_db);
	plan->shadow_db = ss_xasprintf("%s%s", target_db, SS_MYSYNC_SHADOW_SUFFIX);
	plan->backup_db = ss_xasprintf("%s%s", target_db, SS_MYSYNC_BACKUP_SUFFIX);
	plan->shadow_prefix = plan->backup_prefix = "";
	if (ss_my_catalog_read(src, "source", source_db,
			       SS_MY_CATALOG_DDL | SS_MY_CATALOG_OBJECTS, &plan->source, err) < 0)
		goto fail;
	if (tgt && database_exists(tgt, target_db, &plan->target_exists, err) < 0)
		goto fail;
	/*
	 * From inside the target database, as the source's catalog is read from
	 * inside the source's: the server writes the names of that database's
	 * tables unqualified in SHOW CREATE VIEW, so the two texts compare.
	 */
	if (plan->target_exists && mysql_select_db(tgt, target_db)) {
		ss_my_error(tgt, "target", err);
		goto fail;
	}
	/* --incremental compares the tables' definitions */
	if (plan->target_exists &&
	    ss_my_catalog_read(tgt, "target", target_db,
			       SS_MY_CATALOG_OBJECTS | (sel->incremental ? SS_MY_CATALOG_DDL : 0),
			       &plan->target, err) < 0)
		goto fail;
	if (!plan->target_exists)
		plan->target.db = ss_xstrdup(target_db);
	plan->partial = sel->tables != NULL;
	pick_tables(plan, sel);

	/* ranges: about four per worker over the whole copy */
	chunk = plan->est_bytes / (jobs > 0 ? 4 * jobs : 4);
	if (chunk < CHUNK_MIN_BYTES)
		chunk = CHUNK_MIN_BYTES;
	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_mysync_table *t = &plan->tables[i];
		long long n = t->src->data_bytes / chunk;

		if (t->structure_only || jobs < 2 || n < 2)
			continue;
		t->key = range_key(t->src);
		if (!t->key)
			continue;
		if (n > 2LL * jobs)
			n = 2LL * jobs;
		if (split(src, source_db, t, (int)n, err) < 0)
			goto fail;
	}
	plan->incremental = sel->incremental;
	qsort(plan->tables, plan->ntables, sizeof(*plan->tables), by_size_desc);
	return 0;
fail:
	ss_mysync_plan_release(plan);
	return -1;
}

void ss_mysync_plan_release(struct ss_mysync_plan *plan)
{
	for (size_t i = 0; i < plan->ntables; i++) {
		free(plan->tables[i].columns);
		free(plan->tables[i].key);
		free(plan->tables[i].bounds);
		ss_my_ddl_release(&plan->tables[i].ddl);
		ss_mydelta_free(plan->tables[i].delta);
	}
	for (size_t i = 0; i < plan->nextra; i++)
		free(plan->extra[i]);
	free(plan->extra);
	free(plan->tables);
	ss_san_run_free(plan->sanitize);
	ss_my_catalog_release(&plan->source);
	ss_my_catalog_release(&plan->target);
	free(plan->source_db);
	free(plan->target_db);
	free(plan->shadow_db);
	free(plan->backup_db);
	memset(plan, 0, sizeof(*plan));
}

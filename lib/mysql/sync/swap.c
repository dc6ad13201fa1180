/* swap.c - the atomic swap: target tables to the backup, shadow tables in. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

/* A fresh, empty backup: database, or prefixed tables in prefix mode. */
static int fresh_backup(MYSQL *tgt, struct ss_mysync_plan *plan, struct ss_error *err)
{
	if (*plan->backup_prefix) {
		for (size_t i = 0; i < plan->target.ntables; i++) {
			const char *name = plan->target.tables[i].name;

			if (strncmp(name, plan->backup_prefix, strlen(plan->backup_prefix)))
				continue;
			struct ss_buf q = SS_BUF_INIT;
			int rc;

			ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
			ss_my_add_qualified(&q, plan->target_db, name);
			rc = ss_my_exec(tgt, "target", q.data, err);
			ss_buf_release(&q);
			if (rc < 0)
				return -1;
		}
		return 0;
	}
	{
		struct ss_buf q = SS_BUF_INIT;
		int rc;

		ss_buf_adds(&q, "DROP DATABASE IF EXISTS ");
		ss_my_add_ident(&q, plan->backup_db);
		rc = ss_my_exec(tgt, "target", q.data, err);
		ss_buf_reset(&q);
		ss_buf_adds(&q, "CREATE DATABASE ");
		ss_my_add_ident(&q, plan->backup_db);
		if (rc == 0)
			rc = ss_my_exec(tgt, "target", q.data, err);
		ss_buf_release(&q);
		return rc;
	}
}

static int moved(const struct ss_mysync_plan *plan, const char *table)
{
	for (size_t i = 0; i < plan->ntables; i++)
		if (plan->tables[i].in_target && !strcmp(plan->tables[i].src->name, table))
			return 1;
	for (size_t i = 0; i < plan->nextra; i++)
		if (!strcmp(plan->extra[i], table))
			return 1;
	return 0;
}

/* Nonzero when the swap drops target object o (see drop_blockers, ss_mysync_objects). */
static int dropped(const struct ss_mysync_plan *plan, const struct ss_my_object *o)
{
	if (o->kind == SS_MY_TRIGGER)
		return o->table && moved(plan, o->table);
	if (o->kind == SS_MY_VIEW && ss_my_catalog_table(&plan->source, o->name))
		return 1;
	return !plan->partial;
}

/* What the swap and the objects step drop, saved beside the backup for a restore. */
static int save_objects(MYSQL *tgt, struct ss_mysync_plan *plan, struct ss_error *err)
{
	const struct ss_my_object **objs = ss_xcalloc(plan->target.nobjects + 1, sizeof(*objs));
	const char **tables = ss_xcalloc(plan->ntables + 1, sizeof(*tables));
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < plan->target.nobjects; i++)
		if (dropped(plan, &plan->target.objects[i]))
			objs[n++] = &plan->target.objects[i];
	for (size_t i = 0; i < plan->ntables; i++)
		tables[i] = plan->tables[i].src->name;
	rc = ss_mysaved_write(tgt, plan->backup_db, plan->backup_prefix, !plan->partial,
			      !plan->target_exists, objs, n, tables, plan->ntables, err);
	free(objs);
	free(tables);
	return rc;
}

/*
 * Views may clash with the names of incoming tables, and a table with
 * triggers cannot change database: both go (they are recreated from the
 * source afterwards).
 */
static int drop_blockers(MYSQL *tgt, struct ss_mysync_plan *plan, int full,
			 struct ss_error *err)
{
	for (size_t i = 0; i < plan->target.nobjects; i++) {
		const struct ss_my_object *o = &plan->target.objects[i];
		struct ss_buf q = SS_BUF_INIT;
		int rc = 0;

		if (o->kind == SS_MY_VIEW && (full || ss_my_catalog_table(&plan->source, o->name))) {
			ss_buf_adds(&q, "DROP VIEW IF EXISTS ");
		} else if (o->kind == SS_MY_TRIGGER && o->table && moved(plan, o->table)) {
			ss_buf_adds(&q, "DROP TRIGGER IF EXISTS ");
		} else {
			continue;
		}
		ss_my_add_qualified(&q, plan->target_db, o->name);
		rc = ss_my_exec(tgt, "target", q.data, err);
		ss_buf_release(&q);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void add_pair(struct ss_buf *q, const char *db1, const char *prefix1, const char *name,
		     const char *db2, const char *prefix2)
{
	char *a = ss_xasprintf("%s%s", prefix1, name), *b = ss_xasprintf("%s%s", prefix2, name);

	ss_buf_adds(q, q->len > 13 ? ", " : "");
	ss_my_add_qualified(q, db1, a);
	ss_buf_adds(q, " TO ");
	ss_my_add_qualified(q, db2, b);
	free(a);
	free(b);
}

int ss_mysync_swap(MYSQL *tgt, struct ss_mysync_plan *plan, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	if (fresh_backup(tgt, plan, err) < 0 || save_objects(tgt, plan, err) < 0 ||
	    drop_blockers(tgt, plan, !plan->partial, err) < 0)
		return ss_error_prefix(err, "preparing the swap into '%s' failed, its tables are"
				       " unchanged", plan->target_db);
	ss_buf_adds(&q, "RENAME TABLE ");
	for (size_t i = 0; i < plan->ntables; i++) {
		const char *name = plan->tables[i].src->name;

		if (plan->tables[i].in_target)
			add_pair(&q, plan->target_db, "", name, plan->backup_db, plan->backup_prefix);
		add_pair(&q, plan->shadow_db, plan->shadow_prefix, name, plan->target_db, "");
	}
	for (size_t i = 0; i < plan->nextra; i++)
		add_pair(&q, plan->target_db, "", plan->extra[i], plan->backup_db,
			 plan->backup_prefix);
	rc = q.len > 13 ? ss_my_exec(tgt, "target", q.data, err) : 0;
	ss_buf_release(&q);
	if (rc < 0)
		return ss_error_prefix(err, "swap of the shadow into '%s' failed, target unchanged",
				       plan->target_db);
	if (!*plan->shadow_prefix) {
		ss_buf_adds(&q, "DROP DATABASE IF EXISTS ");
		ss_my_add_ident(&q, plan->shadow_db);
		mysql_query(tgt, q.data);
		ss_buf_release(&q);
	}
	return 0;
}

int ss_mysync_drop_backup(MYSQL *tgt, struct ss_mysync_plan *plan, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc = 0;

	if (!*plan->backup_prefix) {
		ss_buf_adds(&q, "DROP DATABASE IF EXISTS ");
		ss_my_add_ident(&q, plan->backup_db);
		rc = ss_my_exec(tgt, "target", q.data, err);
		ss_buf_release(&q);
		return rc;
	}
	for (size_t i = 0; i < plan->ntables && rc == 0; i++) {
		char *name = ss_xasprintf("%s%s", plan->backup_prefix, plan->tables[i].src->name);

		ss_buf_reset(&q);
		ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
		ss_my_add_qualified(&q, plan->backup_db, name);
		rc = ss_my_exec(tgt, "target", q.data, err);
		free(name);
	}
	for (size_t i = 0; i < plan->nextra && rc == 0; i++) {
		char *name = ss_xasprintf("%s%s", plan->backup_prefix, plan->extra[i]);

		ss_buf_reset(&q);
		ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
		ss_my_add_qualified(&q, plan->backup_db, name);
		rc = ss_my_exec(tgt, "target", q.data, err);
		free(name);
	}
	ss_buf_release(&q);
	if (rc == 0)
		rc = ss_mysaved_drop(tgt, plan->backup_db, plan->backup_prefix, err);
	return rc;
}

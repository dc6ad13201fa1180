/*
 * swap.c - the swap of a sync, prepared then journaled: views and triggers
 * in the way dropped, target tables to the backup and shadow tables in with
 * one RENAME TABLE, the source's objects created around the new tables.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/sync/journal.h"
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

/* What the swap drops, saved beside the backup for a restore. */
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
	rc = ss_mysaved_write(tgt, plan->backup_db, plan->backup_prefix, SS_MYSYNC_STORE,
			      !plan->partial, !plan->target_exists, objs, n, tables, plan->ntables,
			      err);
	free(objs);
	free(tables);
	return rc;
}

/*
 * What must go before the RENAME: views named like an incoming table, and
 * the triggers of the tables that leave (a table with triggers cannot
 * change database).  Everything else is replaced after it.
 */
static int goes_before(const struct ss_mysync_plan *plan, const struct ss_my_object *o)
{
	if (o->kind == SS_MY_TRIGGER)
		return o->table && moved(plan, o->table);
	if (o->kind == SS_MY_VIEW)
		return ss_my_catalog_table(&plan->source, o->name) != NULL;
	return 0;
}

static const char *const kind_sql[] = { "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT" };

static char *drop_sql(const char *db, const struct ss_my_object *o)
{
	struct ss_buf q = SS_BUF_INIT;

	ss_buf_addf(&q, "DROP %s IF EXISTS ", kind_sql[o->kind]);
	ss_my_add_qualified(&q, db, o->name);
	return ss_buf_detach(&q);
}

static int copied(const struct ss_mysync_plan *plan, const char *table)
{
	for (size_t i = 0; i < plan->ntables; i++)
		if (!strcmp(plan->tables[i].src->name, table))
			return 1;
	return 0;
}

/* The source objects the target gets: triggers of copied tables; all others after a full sync. */
static int wanted(const struct ss_mysync_plan *plan, const struct ss_my_object *o)
{
	return o->kind == SS_MY_TRIGGER ? o->table && copied(plan, o->table) : !plan->partial;
}

/*
 * Try the wanted objects in the shadow database (not events: they would
 * run there), in rounds: a definition the target refuses fails the sync
 * before anything of the target changed, and order[] gets the creation
 * order that works (views on views); those that wait for something only
 * the target has follow in catalog order.  The triggers made there go
 * again (their tables move to another database).  In prefix mode the
 * shadow shares the target's namespace: catalog order, untried.
 */
static int rehearse(MYSQL *tgt, struct ss_mysync_plan *plan, size_t *order, size_t *norder,
		    const struct ss_sync_hooks *hooks, struct ss_error *err)
{
	const struct ss_my_catalog *s = &plan->source;
	char *pending = ss_xcalloc(s->nobjects + 1, 1);
	size_t left = 0;
	int rc = 0, progress = 1, tried = !*plan->shadow_prefix;

	*norder = 0;
	for (size_t i = 0; i < s->nobjects; i++) {
		const struct ss_my_object *o = &s->objects[i];

		if (!wanted(plan, o))
			continue;
		if (!o->create_sql) {
			if (hooks && hooks->warn) {
				char *msg = ss_xasprintf("source user may not read the definition of"
							 " %s '%s': not copied",
							 ss_my_object_kind_name(o->kind), o->name);
				hooks->warn(hooks->arg, msg);
				free(msg);
			}
			continue;
		}
		pending[i] = 1;
		left++;
	}
	if (tried && left && mysql_select_db(tgt, plan->shadow_db))
		rc = ss_my_error(tgt, "target", err);
	while (tried && left && progress && rc == 0) {
		progress = 0;
		for (size_t i = 0; i < s->nobjects && rc == 0; i++) {
			int r;

			if (!pending[i] || s->objects[i].kind == SS_MY_EVENT)
				continue;
			r = ss_mysync_create_object(tgt, plan->source_db, plan->shadow_db,
						    &s->objects[i], err);
			if (r < 0)
				rc = -1;
			if (r != 0)
				continue;
			order[(*norder)++] = i;
			pending[i] = 0;
			left--;
			progress = 1;
		}
	}
	if (tried)
		ss_mysync_end_objects(tgt);
	for (size_t i = 0; i < s->nobjects; i++)
		if (pending[i])
			order[(*norder)++] = i;
	/* the triggers made in the shadow go before its tables move */
	for (size_t k = 0; tried && rc == 0 && k < *norder; k++) {
		const struct ss_my_object *o = &s->objects[order[k]];
		char *sql;

		if (o->kind != SS_MY_TRIGGER || pending[order[k]])
			continue;
		sql = drop_sql(plan->shadow_db, o);
		rc = ss_my_exec(tgt, "target", sql, err);
		free(sql);
	}
	free(pending);
	return rc;
}

/* B: the drops before the RENAME, each with the CREATE that undoes it. */
static void add_before(struct ss_myjournal *j, const struct ss_mysync_plan *plan)
{
	for (size_t i = 0; i < plan->target.nobjects; i++) {
		const struct ss_my_object *o = &plan->target.objects[i];
		struct ss_mystep *s;

		if (!goes_before(plan, o))
			continue;
		s = ss_myjournal_add_object(j, 'B', "drop", o, drop_sql(plan->target_db, o));
		s->undo = o->create_sql ? ss_xstrdup(o->create_sql) : NULL;
	}
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

/* R: one RENAME TABLE; the check is a table it moves away (a shadow table, else an extra). */
static void add_rename(struct ss_myjournal *j, const struct ss_mysync_plan *plan)
{
	struct ss_buf q = SS_BUF_INIT;
	struct ss_mystep *s;

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
	if (q.len <= 13) {
		ss_buf_release(&q);
		return;
	}
	s = ss_myjournal_add(j, 'R', ss_xstrdup("rename"), ss_buf_detach(&q));
	if (plan->ntables) {
		s->check_db = ss_xstrdup(plan->shadow_db);
		s->check_table = ss_xasprintf("%s%s", plan->shadow_prefix, plan->tables[0].src->name);
	} else {
		s->check_db = ss_xstrdup(plan->target_db);
		s->check_table = ss_xstrdup(plan->extra[0]);
	}
}

/* "CREATE OR REPLACE ..." from a SHOW CREATE text. */
static char *or_replace(char *sql)
{
	char *out;

	if (strncmp(sql, "CREATE ", 7) || !strncmp(sql, "CREATE OR REPLACE ", 18))
		return sql;
	out = ss_xasprintf("CREATE OR REPLACE %s", sql + 7);
	free(sql);
	return out;
}

/* The target has an object of o's kind and name that stays until after the RENAME. */
static int stays(const struct ss_mysync_plan *plan, const struct ss_my_object *o)
{
	for (size_t i = 0; i < plan->target.nobjects; i++) {
		const struct ss_my_object *t = &plan->target.objects[i];

		if (t->kind == o->kind && !strcmp(t->name, o->name) && !goes_before(plan, t))
			return 1;
	}
	return 0;
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * The target has o already, as the source defines it (the same SHOW CREATE
 * text, for the target's database, in the same session context), and keeps
 * it through the RENAME: a view, routine or event that names its tables
 * finds the new ones by name.  It is left as it is.
 */
static int unchanged(const struct ss_mysync_plan *plan, const struct ss_my_object *o,
		     const char *sql)
{
	for (size_t i = 0; i < plan->target.nobjects; i++) {
		const struct ss_my_object *t = &plan->target.objects[i];

		if (t->kind == o->kind && !strcmp(t->name, o->name))
			return !goes_before(plan, t) && same_text(t->create_sql, sql) &&
			       same_text(t->sql_mode, o->sql_mode) &&
			       same_text(t->charset, o->charset) &&
			       same_text(t->collation, o->collation) &&
			       same_text(t->time_zone, o->time_zone);
	}
	return 0;
}

/* The source has a wanted, readable object of t's kind and name. */
static int replaced(const struct ss_mysync_plan *plan, const struct ss_my_object *t)
{
	const struct ss_my_catalog *s = &plan->source;

	for (size_t i = 0; i < s->nobjects; i++)
		if (s->objects[i].kind == t->kind && !strcmp(s->objects[i].name, t->name) &&
		    s->objects[i].create_sql && wanted(plan, &s->objects[i]))
			return 1;
	return 0;
}

/*
 * A: the triggers of the new tables first, then the other objects in the
 * order the rehearsal found, those the target has already as they are left
 * alone, the others replacing the target's object of that name in one
 * statement where the server can (views; everything on MariaDB 10.3+),
 * else dropped just before; last, after a full sync, the target's objects
 * the source does not have.
 */
static void add_after(struct ss_myjournal *j, MYSQL *tgt, const struct ss_mysync_plan *plan,
		      const size_t *order, size_t norder, const struct ss_sync_hooks *hooks)
{
	unsigned long version = 0;
	int mariadb = ss_my_is_mariadb(tgt, &version) && version >= 100300;

	for (int triggers = 1; triggers >= 0; triggers--) {
		for (size_t k = 0; k < norder; k++) {
			const struct ss_my_object *o = &plan->source.objects[order[k]];
			char *sql;

			if ((o->kind == SS_MY_TRIGGER) != triggers)
				continue;
			sql = ss_mysync_target_sql(o, plan->source_db, plan->target_db, hooks);
			if (unchanged(plan, o, sql)) {
				free(sql);
				continue;
			}
			if (mariadb || o->kind == SS_MY_VIEW)
				sql = or_replace(sql);
			else if (stays(plan, o))
				ss_myjournal_add_object(j, 'A', "drop", o, drop_sql(plan->target_db, o));
			ss_myjournal_add_object(j, 'A', "create", o, sql);
		}
	}
	for (size_t i = 0; !plan->partial && i < plan->target.nobjects; i++) {
		const struct ss_my_object *t = &plan->target.objects[i];

		if (t->kind != SS_MY_TRIGGER && !goes_before(plan, t) && !replaced(plan, t))
			ss_myjournal_add_object(j, 'A', "drop", t, drop_sql(plan->target_db, t));
	}
}

/* F: the emptied shadow database goes.  U (a roll-back): the shadow and the fresh record. */
static void add_cleanups(struct ss_myjournal *j, const struct ss_mysync_plan *plan)
{
	struct ss_buf q = SS_BUF_INIT;
	char *store;

	if (!*plan->shadow_prefix) {
		ss_buf_adds(&q, "DROP DATABASE IF EXISTS ");
		ss_my_add_ident(&q, plan->shadow_db);
		ss_myjournal_add(j, 'F', ss_xstrdup("drop-shadow"), ss_xstrdup(q.data));
		ss_myjournal_add(j, 'U', ss_xstrdup("drop-shadow"), ss_buf_detach(&q));
	} else if (plan->ntables) {
		ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
		for (size_t i = 0; i < plan->ntables; i++) {
			char *name = ss_xasprintf("%s%s", plan->shadow_prefix,
						  plan->tables[i].src->name);

			ss_buf_adds(&q, i ? ", " : "");
			ss_my_add_qualified(&q, plan->shadow_db, name);
			free(name);
		}
		ss_myjournal_add(j, 'U', ss_xstrdup("drop-shadow"), ss_buf_detach(&q));
	}
	store = ss_xasprintf("%s%s", plan->backup_prefix, SS_MYSYNC_STORE);
	ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
	ss_my_add_qualified(&q, plan->backup_db, store);
	ss_myjournal_add(j, 'U', ss_xstrdup("drop-record"), ss_buf_detach(&q));
	free(store);
}

int ss_mysync_swap(MYSQL *tgt, struct ss_mysync_plan *plan, const struct ss_sync_hooks *hooks,
		   struct ss_error *err)
{
	size_t *order = ss_xcalloc(plan->source.nobjects + 1, sizeof(*order)), norder = 0;
	struct ss_myjournal j;
	int rc;

	plan->swap_state = SS_MYSYNC_SWAP_UNCHANGED;
	if (ss_myjournal_begin(tgt, plan->target_db, err) < 0) {
		free(order);
		return ss_error_prefix(err, "preparing the swap into '%s' failed", plan->target_db);
	}
	ss_myjournal_init(&j, plan->backup_db, plan->backup_prefix, plan->target_db, "swap");
	if (fresh_backup(tgt, plan, err) < 0 || save_objects(tgt, plan, err) < 0 ||
	    rehearse(tgt, plan, order, &norder, hooks, err) < 0) {
		rc = -1;
	} else {
		add_before(&j, plan);
		add_rename(&j, plan);
		add_after(&j, tgt, plan, order, norder, hooks);
		add_cleanups(&j, plan);
		rc = ss_myjournal_write(tgt, &j, err);
	}
	if (rc < 0) {
		struct ss_error ignored;

		ss_mysaved_drop(tgt, plan->backup_db, plan->backup_prefix, SS_MYSYNC_STORE,
				&ignored);
		ss_error_prefix(err, "preparing the swap into '%s' failed", plan->target_db);
	} else {
		rc = ss_myjournal_run(tgt, &j, &plan->swap_state, err);
	}
	ss_myjournal_unlock(tgt, plan->target_db);
	ss_myjournal_release(&j);
	free(order);
	return rc;
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
		rc = ss_mysaved_drop(tgt, plan->backup_db, plan->backup_prefix, SS_MYSYNC_STORE,
				     err);
	if (rc == 0)
		rc = ss_myjournal_drop(tgt, plan->backup_db, plan->backup_prefix, err);
	return rc;
}

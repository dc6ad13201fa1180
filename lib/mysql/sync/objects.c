/* objects.c - views, triggers, routines and events recreated in the target. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <mysqld_error.h>

#include <sitesync/buf.h>

#include "lib/mysql/lex.h"
#include "lib/mysql/requalify.h"
#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

static const char *const drop_kind[] = {
	[SS_MY_VIEW] = "VIEW",
	[SS_MY_TRIGGER] = "TRIGGER",
	[SS_MY_PROCEDURE] = "PROCEDURE",
	[SS_MY_FUNCTION] = "FUNCTION",
	[SS_MY_EVENT] = "EVENT",
};

/* The session context the object was created in. */
static int object_session(MYSQL *tgt, const struct ss_my_object *o, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	ss_buf_adds(&q, "SET sql_mode = ");
	ss_my_add_literal(&q, tgt, o->sql_mode ? o->sql_mode : "");
	if (o->charset) {
		ss_buf_adds(&q, ", character_set_client = ");
		ss_my_add_literal(&q, tgt, o->charset);
	}
	if (o->collation) {
		ss_buf_adds(&q, ", collation_connection = ");
		ss_my_add_literal(&q, tgt, o->collation);
	}
	if (o->time_zone) {
		ss_buf_adds(&q, ", time_zone = ");
		ss_my_add_literal(&q, tgt, o->time_zone);
	}
	rc = ss_my_exec(tgt, "target", q.data, err);
	ss_buf_release(&q);
	return rc;
}

/* "'a', 'b'" from the NUL-terminated names in dbs. */
static char *name_list(const struct ss_buf *dbs)
{
	struct ss_buf b = SS_BUF_INIT;

	for (size_t off = 0; off < dbs->len; off += strlen(dbs->data + off) + 1)
		ss_buf_addf(&b, "%s'%s'", off ? ", " : "", dbs->data + off);
	return ss_buf_detach(&b);
}

/*
 * The statement creating o in to_db (new string): its schema qualifiers
 * naming from_db now name to_db; one warning names the other databases it
 * refers to, which are left as they are.
 */
static char *target_sql(const struct ss_my_object *o, const char *from_db, const char *to_db,
			const struct ss_sync_hooks *hooks)
{
	struct ss_buf others = SS_BUF_INIT;
	char *sql;

	if (!strcmp(from_db, to_db))
		return ss_xstrdup(o->create_sql);
	sql = ss_my_requalify(o->create_sql, from_db, to_db, ss_my_lex_mode(o->sql_mode),
			      &others);
	if (others.len && hooks && hooks->warn) {
		char *names = name_list(&others);
		char *msg = ss_xasprintf("%s '%s' refers to another database (%s): left as it is",
					 ss_my_object_kind_name(o->kind), o->name, names);

		hooks->warn(hooks->arg, msg);
		free(msg);
		free(names);
	}
	ss_buf_release(&others);
	return sql;
}

/*
 * Create o by sql; when the target user may not name another DEFINER,
 * create it with the target user as its definer.  Returns 1 when it failed
 * for a missing dependency (a view on a view not created yet).
 */
static int create_object(MYSQL *tgt, const struct ss_my_object *o, const char *sql,
			 struct ss_error *err)
{
	int rc = 0;

	if (object_session(tgt, o, err) < 0)
		return -1;
	if (mysql_query(tgt, sql)) {
		unsigned code = mysql_errno(tgt);
		char *mine = ss_my_denied(code) ? ss_my_ddl_current_definer(sql) : NULL;

		if (mine && !mysql_query(tgt, mine)) {
			rc = 0;
		} else if (code == ER_NO_SUCH_TABLE || code == ER_SP_DOES_NOT_EXIST ||
			   code == ER_VIEW_INVALID || code == ER_BAD_DB_ERROR) {
			rc = 1;
			ss_my_error(tgt, "target", err);
		} else {
			rc = ss_my_error(tgt, "target", err);
		}
		free(mine);
	}
	if (rc < 0 || rc == 1)
		ss_error_prefix(err, "%s '%s'", ss_my_object_kind_name(o->kind), o->name);
	return rc;
}

int ss_mysync_create_objects(MYSQL *tgt, const char *from_db, const char *to_db,
			     const struct ss_my_object *objs, size_t n,
			     const struct ss_sync_hooks *hooks, struct ss_error *err)
{
	char **sql = ss_xcalloc(n ? n : 1, sizeof(*sql));
	size_t left = 0;
	int rc = -1, progress = 1;

	if (mysql_select_db(tgt, to_db)) {
		free(sql);
		return ss_my_error(tgt, "target", err);
	}
	for (size_t i = 0; i < n; i++) {
		if (!objs[i].create_sql) {
			if (hooks && hooks->warn) {
				char *msg = ss_xasprintf("source user may not read the definition of"
							 " %s '%s': not copied",
							 ss_my_object_kind_name(objs[i].kind),
							 objs[i].name);
				hooks->warn(hooks->arg, msg);
				free(msg);
			}
			continue;
		}
		sql[i] = target_sql(&objs[i], from_db, to_db, hooks);
		left++;
	}
	/* in catalog order; a view on a later view waits for the next round */
	while (left && progress) {
		progress = 0;
		for (size_t i = 0; i < n; i++) {
			int r;

			if (!sql[i])
				continue;
			r = create_object(tgt, &objs[i], sql[i], err);
			if (r < 0)
				goto out;
			if (r == 0) {
				free(sql[i]);
				sql[i] = NULL;
				left--;
				progress = 1;
			}
		}
	}
	if (left)
		goto out;  /* err holds the last dependency failure */
	rc = 0;
out:
	mysql_query(tgt, "SET sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION',"
		    " time_zone = '+00:00', NAMES utf8mb4");
	for (size_t i = 0; i < n; i++)
		free(sql[i]);
	free(sql);
	return rc;
}

static int drop_target_objects(MYSQL *tgt, struct ss_mysync_plan *plan, struct ss_error *err)
{
	for (size_t i = 0; i < plan->target.nobjects; i++) {
		const struct ss_my_object *o = &plan->target.objects[i];
		struct ss_buf q = SS_BUF_INIT;
		int rc;

		if (o->kind == SS_MY_TRIGGER)
			continue; /* those of replaced tables went with the swap */
		ss_buf_addf(&q, "DROP %s IF EXISTS ", drop_kind[o->kind]);
		ss_my_add_qualified(&q, plan->target_db, o->name);
		rc = ss_my_exec(tgt, "target", q.data, err);
		ss_buf_release(&q);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int copied(const struct ss_mysync_plan *plan, const char *table)
{
	for (size_t i = 0; i < plan->ntables; i++)
		if (!strcmp(plan->tables[i].src->name, table))
			return 1;
	return 0;
}

int ss_mysync_objects(MYSQL *tgt, struct ss_mysync_plan *plan,
		      const struct ss_sync_hooks *hooks, struct ss_error *err)
{
	const struct ss_my_catalog *s = &plan->source;
	struct ss_my_object *wanted = ss_xcalloc(s->nobjects ? s->nobjects : 1, sizeof(*wanted));
	size_t n = 0;
	int rc;

	if (mysql_select_db(tgt, plan->target_db)) {
		free(wanted);
		return ss_my_error(tgt, "target", err);
	}
	if (!plan->partial && drop_target_objects(tgt, plan, err) < 0) {
		free(wanted);
		return -1;
	}
	for (size_t i = 0; i < s->nobjects; i++) {
		const struct ss_my_object *o = &s->objects[i];

		if (o->kind == SS_MY_TRIGGER ? copied(plan, o->table) : !plan->partial)
			wanted[n++] = *o;  /* shallow: the catalog keeps the strings */
	}
	rc = ss_mysync_create_objects(tgt, plan->source_db, plan->target_db, wanted, n, hooks, err);
	free(wanted);
	return rc;
}

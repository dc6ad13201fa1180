/* objects.c - one view, trigger, routine or event created in the target, in its session. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <mysqld_error.h>

#include <sitesync/buf.h>

#include "lib/mysql/lex.h"
#include "lib/mysql/requalify.h"
#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

void ss_mysync_add_session(struct ss_buf *q, MYSQL *tgt, const struct ss_my_object *o)
{
	ss_buf_adds(q, "SET sql_mode = ");
	ss_my_add_literal(q, tgt, o->sql_mode ? o->sql_mode : "");
	if (o->charset) {
		ss_buf_adds(q, ", character_set_client = ");
		ss_my_add_literal(q, tgt, o->charset);
	}
	if (o->collation) {
		ss_buf_adds(q, ", collation_connection = ");
		ss_my_add_literal(q, tgt, o->collation);
	}
	if (o->time_zone) {
		ss_buf_adds(q, ", time_zone = ");
		ss_my_add_literal(q, tgt, o->time_zone);
	}
}

/* The session context the object was created in. */
static int object_session(MYSQL *tgt, const struct ss_my_object *o, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	ss_mysync_add_session(&q, tgt, o);
	rc = ss_my_exec(tgt, "target", q.data, err);
	ss_buf_release(&q);
	return rc;
}

int ss_mysync_exec_create(MYSQL *tgt, const char *sql, const struct ss_my_object *o,
			  struct ss_error *err)
{
	unsigned code;
	char *mine;
	int rc;

	if (object_session(tgt, o, err) < 0)
		return -1;
	if (!mysql_query(tgt, sql))
		return 0;
	code = mysql_errno(tgt);
	mine = ss_my_denied(code) ? ss_my_ddl_current_definer(sql) : NULL;
	if (mine && !mysql_query(tgt, mine)) {
		free(mine);
		return 0;
	}
	if (mine)
		code = mysql_errno(tgt);
	free(mine);
	if (code == ER_TRG_ALREADY_EXISTS || code == ER_TABLE_EXISTS_ERROR ||
	    code == ER_SP_ALREADY_EXISTS || code == ER_EVENT_ALREADY_EXISTS)
		rc = 2;
	else if (code == ER_NO_SUCH_TABLE || code == ER_SP_DOES_NOT_EXIST ||
		 code == ER_VIEW_INVALID || code == ER_BAD_DB_ERROR)
		rc = 1;
	else
		rc = -1;
	ss_my_error(tgt, "target", err);
	ss_error_prefix(err, "%s '%s'", ss_my_object_kind_name(o->kind), o->name);
	return rc;
}

void ss_mysync_end_objects(MYSQL *tgt)
{
	mysql_query(tgt, "SET sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION',"
		    " time_zone = '+00:00', NAMES utf8mb4");
}

/* "'a', 'b'" from the NUL-terminated names in dbs. */
static char *name_list(const struct ss_buf *dbs)
{
	struct ss_buf b = SS_BUF_INIT;

	for (size_t off = 0; off < dbs->len; off += strlen(dbs->data + off) + 1)
		ss_buf_addf(&b, "%s'%s'", off ? ", " : "", dbs->data + off);
	return ss_buf_detach(&b);
}

char *ss_mysync_target_sql(const struct ss_my_object *o, const char *from_db, const char *to_db,
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

int ss_mysync_create_object(MYSQL *tgt, const char *from_db, const char *to_db,
			    const struct ss_my_object *o, struct ss_error *err)
{
	char *sql = ss_mysync_target_sql(o, from_db, to_db, NULL);
	int rc = ss_mysync_exec_create(tgt, sql, o, err);

	free(sql);
	return rc == 2 ? -1 : rc;
}

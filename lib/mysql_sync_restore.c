/* mysql_sync_restore.c - swap the backup of the last sync back into the target. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql_sync.h"
#include "lib/mysql_util.h"

/* Base table names of db, NUL-separated in out; *n gets their number. */
static int table_names(MYSQL *m, const char *db, struct ss_buf *out, size_t *n,
		       struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	*n = 0;
	ss_buf_adds(&q, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE ="
		    " 'BASE TABLE' AND TABLE_SCHEMA = ");
	ss_my_add_literal(&q, m, db);
	rc = ss_my_select(m, "target", q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return -1;
	while ((row = mysql_fetch_row(res))) {
		ss_buf_add(out, row[0], strlen(row[0]) + 1);
		(*n)++;
	}
	mysql_free_result(res);
	return 0;
}

/* Triggers keep a table from changing database: drop those of db. */
static int drop_triggers(MYSQL *m, const char *db, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT, names = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	ss_buf_adds(&q, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE"
		    " TRIGGER_SCHEMA = ");
	ss_my_add_literal(&q, m, db);
	rc = ss_my_select(m, "target", q.data, &res, err);
	if (rc < 0)
		goto out;
	while ((row = mysql_fetch_row(res)))
		ss_buf_add(&names, row[0], strlen(row[0]) + 1);
	mysql_free_result(res);
	for (size_t off = 0; off < names.len && rc == 0; off += strlen(names.data + off) + 1) {
		ss_buf_reset(&q);
		ss_buf_adds(&q, "DROP TRIGGER IF EXISTS ");
		ss_my_add_qualified(&q, db, names.data + off);
		rc = ss_my_exec(m, "target", q.data, err);
	}
out:
	ss_buf_release(&q);
	ss_buf_release(&names);
	return rc;
}

static void add_moves(struct ss_buf *q, const struct ss_buf *names, const char *from,
		      const char *to)
{
	for (size_t off = 0; off < names->len; off += strlen(names->data + off) + 1) {
		ss_buf_adds(q, q->len > 13 ? ", " : "");
		ss_my_add_qualified(q, from, names->data + off);
		ss_buf_adds(q, " TO ");
		ss_my_add_qualified(q, to, names->data + off);
	}
}

int ss_mysync_restore(MYSQL *tgt, const char *target_db, size_t *ntables,
		      struct ss_error *err)
{
	char *backup = ss_xasprintf("%s%s", target_db, SS_MYSYNC_BACKUP_SUFFIX);
	char *swap = ss_xasprintf("%s%s", target_db, SS_MYSYNC_SHADOW_SUFFIX);
	struct ss_buf cur = SS_BUF_INIT, old = SS_BUF_INIT, q = SS_BUF_INIT;
	size_t ncur, nold;
	int rc = -1;

	if (table_names(tgt, backup, &old, &nold, err) < 0 ||
	    table_names(tgt, target_db, &cur, &ncur, err) < 0)
		goto out;
	if (!nold) {
		ss_error_set(err, SS_FAILED, "no backup of '%s' to restore (database '%s' is"
			     " missing or empty)", target_db, backup);
		goto out;
	}
	ss_buf_adds(&q, "DROP DATABASE IF EXISTS ");
	ss_my_add_ident(&q, swap);
	if (ss_my_exec(tgt, "target", q.data, err) < 0)
		goto out;
	ss_buf_reset(&q);
	ss_buf_adds(&q, "CREATE DATABASE ");
	ss_my_add_ident(&q, swap);
	if (ss_my_exec(tgt, "target", q.data, err) < 0 || drop_triggers(tgt, target_db, err) < 0)
		goto out;
	/* one statement: current -> swap, backup -> target, swap -> backup */
	ss_buf_reset(&q);
	ss_buf_adds(&q, "RENAME TABLE ");
	add_moves(&q, &cur, target_db, swap);
	add_moves(&q, &old, backup, target_db);
	add_moves(&q, &cur, swap, backup);
	rc = ss_my_exec(tgt, "target", q.data, err);
	ss_buf_reset(&q);
	ss_buf_adds(&q, "DROP DATABASE IF EXISTS ");
	ss_my_add_ident(&q, swap);
	mysql_query(tgt, q.data);
	*ntables = nold;
out:
	ss_buf_release(&cur);
	ss_buf_release(&old);
	ss_buf_release(&q);
	free(backup);
	free(swap);
	return rc;
}

/* marks.c - the mark on each backup schema: what the target held before the sync, and when. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

/*
 * The mark is the backup schema's comment: its first line is
 * "sitesync-backup KIND YYYY-MM-DD HH:MM:SS", the rest the comment the
 * schema had.  Backups made before marks existed have none.
 */
#define MARK "sitesync-backup "

static const char *const kinds[] = {
	[SS_PGSYNC_MARK_TABLES] = "tables",
	[SS_PGSYNC_MARK_EMPTY] = "empty",
	[SS_PGSYNC_MARK_ABSENT] = "absent",
	[SS_PGSYNC_MARK_CREATED] = "created",
};

/* Per synced schema: its comment, its number of tables; and the server's time. */
#define SQL_SCHEMA_STATE \
	"SELECT s.name, pg_catalog.obj_description(n.oid, 'pg_namespace')," \
	" (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid" \
	" AND c.relkind IN ('r', 'p'))," \
	" pg_catalog.to_char(pg_catalog.now(), 'YYYY-MM-DD HH24:MI:SS')" \
	" FROM pg_catalog.unnest($1::text[]) AS s(name)" \
	" LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = s.name"

void ss_pgsync_mark_add(struct ss_buf *q, const char *schema, enum ss_pgsync_mark_kind kind,
			const char *when, const char *old)
{
	char *text = ss_xasprintf(MARK "%s %s%s%s", kinds[kind], when, old ? "\n" : "",
				  old ? old : "");

	ss_buf_adds(q, "COMMENT ON SCHEMA ");
	ss_pg_add_ident(q, schema);
	ss_buf_adds(q, " IS ");
	ss_pg_add_literal(q, text);
	ss_buf_adds(q, ";\n");
	free(text);
}

/* An empty backup schema, standing for one that was not there. */
static void new_backup(struct ss_buf *q, const char *backup)
{
	ss_buf_adds(q, "DROP SCHEMA IF EXISTS ");
	ss_pg_add_ident(q, backup);
	ss_buf_adds(q, " CASCADE;\nCREATE SCHEMA ");
	ss_pg_add_ident(q, backup);
	ss_buf_adds(q, ";\n");
}

void ss_pgsync_mark_absent(struct ss_buf *q, const char *backup, const char *when)
{
	new_backup(q, backup);
	ss_pgsync_mark_add(q, backup, SS_PGSYNC_MARK_ABSENT, when, NULL);
}

void ss_pgsync_mark_undo(struct ss_buf *q, const char *schema, const char *old)
{
	ss_buf_adds(q, "COMMENT ON SCHEMA ");
	ss_pg_add_ident(q, schema);
	ss_buf_adds(q, " IS ");
	if (old)
		ss_pg_add_literal(q, old);
	else
		ss_buf_adds(q, "NULL");
	ss_buf_adds(q, ";\n");
}

/* The mark of schema s's backup (its comment and table count in row r of res). */
static void mark_one(struct ss_buf *q, const struct ss_pgsync_plan *plan, size_t s,
		     PGresult *res, int r)
{
	const char *old = PQgetisnull(res, r, 1) ? NULL : PQgetvalue(res, r, 1);
	const char *when = PQgetvalue(res, r, 3);
	enum ss_pgsync_mark_kind kind;

	if (!plan->target_exists)
		kind = SS_PGSYNC_MARK_CREATED;
	else if (!plan->in_target[s])
		kind = SS_PGSYNC_MARK_ABSENT;
	else if (!strcmp(PQgetvalue(res, r, 2), "0"))
		kind = SS_PGSYNC_MARK_EMPTY;
	else
		kind = SS_PGSYNC_MARK_TABLES;
	if (!plan->in_target[s])
		new_backup(q, plan->backups[s]);
	ss_pgsync_mark_add(q, plan->backups[s], kind, when, plan->in_target[s] ? old : NULL);
}

int ss_pgsync_mark_backups(PGconn *tgt, const struct ss_pgsync_plan *plan, struct ss_buf *q,
			   struct ss_error *err)
{
	char *arr = ss_pgsync_array(plan->schemas, plan->nschemas);
	const char *params[1] = { arr };
	PGresult *res = ss_pgsync_query(tgt, "target", SQL_SCHEMA_STATE, 1, params, err);

	free(arr);
	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++)
		for (size_t s = 0; s < plan->nschemas; s++)
			if (!strcmp(PQgetvalue(res, r, 0), plan->schemas[s]))
				mark_one(q, plan, s, res, r);
	PQclear(res);
	return 0;
}

int ss_pgsync_mark_parse(const char *comment, struct ss_pgsync_mark *m)
{
	const char *p, *nl;
	size_t len;

	memset(m, 0, sizeof(*m));
	if (!comment || strncmp(comment, MARK, strlen(MARK)))
		return 0;
	p = comment + strlen(MARK);
	for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
		len = strlen(kinds[k]);
		if (!strncmp(p, kinds[k], len) && p[len] == ' ') {
			m->kind = (enum ss_pgsync_mark_kind)k;
			m->marked = 1;
			p += len + 1;
			break;
		}
	}
	if (!m->marked)
		return 0;
	nl = strchr(p, '\n');
	len = nl ? (size_t)(nl - p) : strlen(p);
	snprintf(m->when, sizeof(m->when), "%.*s", (int)len, p);
	m->old_comment = nl ? nl + 1 : NULL;
	return 1;
}

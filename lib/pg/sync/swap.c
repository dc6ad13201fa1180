/* swap.c - the atomic schema swap of a PostgreSQL sync, the backup's drop and its restore. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/core/debug.h"
#include "lib/pg/quote.h"
#include "lib/pg/sync/internal.h"

#define SWAP_SUFFIX "__sitesync_swap"

static void rename_schema(struct ss_buf *q, const char *from, const char *to)
{
	ss_buf_adds(q, "ALTER SCHEMA ");
	ss_pg_add_ident(q, from);
	ss_buf_adds(q, " RENAME TO ");
	ss_pg_add_ident(q, to);
	ss_buf_adds(q, ";\n");
}

static void drop_schema(struct ss_buf *q, const char *name)
{
	ss_buf_adds(q, "DROP SCHEMA IF EXISTS ");
	ss_pg_add_ident(q, name);
	ss_buf_adds(q, " CASCADE;\n");
}

/*
 * Run q (from its BEGIN) as one transaction; on failure it is rolled back.
 * Stop points (lib/core/debug.h): "pg-swap:<what>" before it,
 * "pg-swap:<what>:commit" with every statement run but the COMMIT, and
 * "pg-swap:<what>:done" after the COMMIT.
 */
static int run_transaction(PGconn *tgt, const char *what, struct ss_buf *q,
			   struct ss_error *err)
{
	char *commit = ss_xasprintf("%s:commit", what), *done = ss_xasprintf("%s:done", what);
	int rc;

	ss_debug_stop2("pg-swap", what);
	rc = ss_pgsync_exec(tgt, "target", q->data, err);
	if (rc == 0) {
		ss_debug_stop2("pg-swap", commit);
		rc = ss_pgsync_exec(tgt, "target", "COMMIT", err);
	}
	if (rc == 0)
		ss_debug_stop2("pg-swap", done);
	free(commit);
	free(done);
	if (rc < 0)
		PQclear(PQexec(tgt, "ROLLBACK"));
	return rc;
}

/* Target-only tables of schema s (now its backup) move into the new schema. */
static void keep_extra(struct ss_buf *q, const struct ss_pgsync_plan *plan, size_t s)
{
	size_t len = strlen(plan->schemas[s]);

	for (size_t i = 0; i < plan->nextra; i++) {
		const char *key = plan->extra[i];

		if (strncmp(key, plan->schemas[s], len) || key[len] != '.')
			continue;
		ss_buf_adds(q, "ALTER TABLE ");
		ss_pg_add_qname(q, plan->backups[s], key + len + 1);
		ss_buf_adds(q, " SET SCHEMA ");
		ss_pg_add_ident(q, plan->schemas[s]);
		ss_buf_adds(q, ";\n");
	}
}

/* Extensions of the live schema follow it into the new one. */
static void move_extensions(struct ss_buf *q, const struct ss_pgsync_list *exts, const char *to)
{
	for (size_t i = 0; i < exts->n; i++) {
		ss_buf_adds(q, "ALTER EXTENSION ");
		ss_pg_add_ident(q, exts->items[i]);
		ss_buf_adds(q, " SET SCHEMA ");
		ss_pg_add_ident(q, to);
		ss_buf_adds(q, ";\n");
	}
}

/* The target's grants on its schemas and relations (not the owners' own). */
#define SQL_GRANTS \
	"SELECT n.nspname, NULL, NULL, a.privilege_type, a.is_grantable," \
	" CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.rolname) END" \
	" FROM pg_catalog.pg_namespace n CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) a" \
	" LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee" \
	" WHERE n.nspname = ANY($1::text[]) AND a.grantee <> n.nspowner" \
	" UNION ALL SELECT n.nspname, c.relname, c.relkind::text, a.privilege_type, a.is_grantable," \
	" CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.rolname) END" \
	" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" \
	" CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a" \
	" LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee" \
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S')" \
	" AND a.grantee <> c.relowner"

/* Was relation schema.name (relkind) built in the shadow from the source? */
static int rebuilt(const struct ss_pgsync_plan *plan, const char *schema, const char *name,
		   char relkind)
{
	enum ss_pg_kind kind = relkind == 'v' ? SS_PG_VIEW : relkind == 'm' ? SS_PG_MATVIEW :
			       relkind == 'S' ? SS_PG_SEQUENCE : SS_PG_TABLE;
	char *key = ss_xasprintf("%s.%s", schema, name);
	const struct ss_pg_object *o = ss_pg_catalog_find(plan->source, kind, key);

	free(key);
	return o && plan->created && plan->created[o - plan->source->objs];
}

/*
 * What roles other than the owner were granted on the target's schemas and
 * relations, granted again on the new ones of the same names.
 */
static int keep_grants(PGconn *tgt, const struct ss_pgsync_plan *plan, struct ss_buf *q,
		       struct ss_error *err)
{
	char *arr = ss_pgsync_array(plan->schemas, plan->nschemas);
	const char *params[1] = { arr };
	PGresult *res = ss_pgsync_query(tgt, "target", SQL_GRANTS, 1, params, err);

	free(arr);
	if (!res)
		return -1;
	for (int r = 0; r < PQntuples(res); r++) {
		const char *schema = PQgetvalue(res, r, 0), *name = PQgetvalue(res, r, 1);
		char relkind = PQgetvalue(res, r, 2)[0];

		if (!PQgetisnull(res, r, 1) && !rebuilt(plan, schema, name, relkind))
			continue;
		ss_buf_addf(q, "GRANT %s ON %s ", PQgetvalue(res, r, 3),
			    PQgetisnull(res, r, 1) ? "SCHEMA" : relkind == 'S' ? "SEQUENCE" : "TABLE");
		if (PQgetisnull(res, r, 1))
			ss_pg_add_ident(q, schema);
		else
			ss_pg_add_qname(q, schema, name);
		ss_buf_addf(q, " TO %s%s;\n", PQgetvalue(res, r, 5),
			    PQgetvalue(res, r, 4)[0] == 't' ? " WITH GRANT OPTION" : "");
	}
	PQclear(res);
	return 0;
}

int ss_pgsync_swap(PGconn *tgt, const struct ss_pgsync_plan *plan, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT, grants = SS_BUF_INIT, marks = SS_BUF_INIT;
	struct ss_buf views = SS_BUF_INIT;
	struct ss_pgsync_list backups = { plan->backups, plan->nschemas };
	struct ss_pgsync_list schemas = { plan->schemas, plan->nschemas };
	int rc;

	/* the previous backups are dropped: nothing outside may go with them */
	if (ss_pgsync_refuse_dependents(tgt, &backups, NULL, "which the sync drops", err) < 0)
		return -1;
	/* views of other schemas over the synced ones: built again over the new ones */
	if (ss_pgsync_repoint_views(tgt, &schemas, NULL, &views, err) < 0) {
		ss_buf_release(&views);
		return -1;
	}
	if (keep_grants(tgt, plan, &grants, err) < 0) {
		ss_buf_release(&views);
		return ss_error_prefix(err, "reading the target's grants");
	}
	if (ss_pgsync_mark_backups(tgt, plan, &marks, err) < 0) {
		ss_buf_release(&grants);
		ss_buf_release(&views);
		return ss_error_prefix(err, "reading the target's schemas");
	}
	ss_buf_adds(&q, "BEGIN;\n");
	for (size_t s = 0; s < plan->nschemas; s++) {
		if (plan->in_target[s]) {
			drop_schema(&q, plan->backups[s]);
			rename_schema(&q, plan->schemas[s], plan->backups[s]);
		}
		rename_schema(&q, plan->shadows[s], plan->schemas[s]);
		if (plan->in_target[s])
			move_extensions(&q, &plan->live_ext[s], plan->schemas[s]);
		if (plan->in_target[s] && plan->keep_extra)
			keep_extra(&q, plan, s);
	}
	if (views.len)
		ss_buf_adds(&q, views.data);
	if (marks.len)
		ss_buf_adds(&q, marks.data);
	if (grants.len)
		ss_buf_adds(&q, grants.data);
	rc = run_transaction(tgt, "swap", &q, err);
	ss_buf_release(&q);
	ss_buf_release(&grants);
	ss_buf_release(&marks);
	ss_buf_release(&views);
	return rc < 0 ? ss_error_prefix(err, "swapping the schemas") : 0;
}

int ss_pgsync_drop_backup(PGconn *tgt, const struct ss_pgsync_plan *plan, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	struct ss_pgsync_list backups = { plan->backups, plan->nschemas };
	int rc;

	if (ss_pgsync_refuse_dependents(tgt, &backups, NULL, "which the sync drops", err) < 0)
		return -1;
	ss_buf_adds(&q, "BEGIN;\n");
	for (size_t s = 0; s < plan->nschemas; s++)
		drop_schema(&q, plan->backups[s]);
	rc = run_transaction(tgt, "drop-backup", &q, err);
	ss_buf_release(&q);
	return rc < 0 ? ss_error_prefix(err, "dropping the backup") : 0;
}

/*
 * Per backup schema: whether the live one exists, the backup's mark, the
 * tables of each, the live one's comment; the server's time.
 */
#define SQL_BACKUPS \
	"SELECT b.nspname, r.nspname IS NOT NULL, pg_catalog.obj_description(b.oid, 'pg_namespace')," \
	" (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace = b.oid" \
	" AND c.relkind IN ('r', 'p'))," \
	" (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace = r.oid" \
	" AND c.relkind IN ('r', 'p')), pg_catalog.obj_description(r.oid, 'pg_namespace')," \
	" pg_catalog.to_char(pg_catalog.now(), 'YYYY-MM-DD HH24:MI:SS')" \
	" FROM pg_catalog.pg_namespace b" \
	" LEFT JOIN pg_catalog.pg_namespace r ON r.nspname = pg_catalog.left(b.nspname," \
	" -pg_catalog.length('" SS_PGSYNC_BACKUP_SUFFIX "'))" \
	" WHERE pg_catalog.right(b.nspname, pg_catalog.length('" SS_PGSYNC_BACKUP_SUFFIX "'))" \
	" = '" SS_PGSYNC_BACKUP_SUFFIX "' ORDER BY 1"

#define SQL_EXTENSIONS_IN \
	"SELECT e.extname FROM pg_catalog.pg_extension e" \
	" JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = $1"

/* The extensions in schema `name` now. */
static int extensions_in(PGconn *tgt, const char *name, struct ss_pgsync_list *l,
			 struct ss_error *err)
{
	return ss_pgsync_query_list(tgt, "target", SQL_EXTENSIONS_IN, name, l, err);
}

/* The mark of row r of a SQL_BACKUPS result. */
static void row_mark(PGresult *res, int r, struct ss_pgsync_mark *m)
{
	ss_pgsync_mark_parse(PQgetisnull(res, r, 2) ? NULL : PQgetvalue(res, r, 2), m);
}

/* A backup made when the sync created the database: refused, nothing changes. */
static int created_by_sync(PGconn *tgt, PGresult *res, struct ss_pgsync_restored *done,
			   struct ss_error *err)
{
	struct ss_pgsync_mark m;

	for (int r = 0; r < PQntuples(res); r++) {
		row_mark(res, r, &m);
		if (!m.marked || m.kind != SS_PGSYNC_MARK_CREATED)
			continue;
		done->created = 1;
		snprintf(done->when, sizeof(done->when), "%s", m.when);
		return ss_error_set(err, SS_REFUSED, "database '%s' was created by the sql-sync"
				    " of %s: there is no earlier state to restore", PQdb(tgt),
				    m.when);
	}
	return 0;
}

/* The statements that swap backup row r back in; the live schema becomes the backup. */
static int restore_one(PGconn *tgt, PGresult *res, int r, struct ss_buf *q,
		       struct ss_pgsync_list *dropped, struct ss_pgsync_list *moved,
		       struct ss_pgsync_list *leaving, struct ss_pgsync_restored *done,
		       struct ss_error *err)
{
	const char *backup = PQgetvalue(res, r, 0);
	int live = PQgetvalue(res, r, 1)[0] == 't';
	char *real = ss_xstrndup(backup, strlen(backup) - strlen(SS_PGSYNC_BACKUP_SUFFIX));
	char *tmp = ss_pgsync_derived_name(real, SWAP_SUFFIX);
	struct ss_pgsync_mark m;
	int rc = 0;

	row_mark(res, r, &m);
	if (live)
		ss_pgsync_list_add(m.marked && m.kind == SS_PGSYNC_MARK_ABSENT ? leaving : moved,
				   ss_xstrdup(real));
	if (live)
		done->left += strtoull(PQgetvalue(res, r, 4), NULL, 10);
	if (m.marked && !*done->when)
		snprintf(done->when, sizeof(done->when), "%s", m.when);
	if (m.marked ? m.kind == SS_PGSYNC_MARK_TABLES : strcmp(PQgetvalue(res, r, 3), "0"))
		done->empty = 0;
	if (m.marked && m.kind == SS_PGSYNC_MARK_ABSENT) {
		/* the schema was not there: the live one leaves for the backup */
		drop_schema(q, backup);
		ss_pgsync_list_add(dropped, ss_xstrdup(backup));
		if (live)
			rename_schema(q, real, backup);
		done->removed++;
	} else if (live) {
		struct ss_pgsync_list ext = { 0 };

		rc = extensions_in(tgt, real, &ext, err);
		drop_schema(q, tmp);
		ss_pgsync_list_add(dropped, ss_xstrdup(tmp));
		rename_schema(q, real, tmp);
		rename_schema(q, backup, real);
		rename_schema(q, tmp, backup);
		move_extensions(q, &ext, real);
		ss_pgsync_list_release(&ext);
		done->schemas++;
	} else {
		rename_schema(q, backup, real);
		done->schemas++;
	}
	if (m.marked && m.kind != SS_PGSYNC_MARK_ABSENT)
		ss_pgsync_mark_undo(q, real, m.old_comment);
	/* the new backup is marked for the next restore, which undoes this one */
	if (live)
		ss_pgsync_mark_add(q, backup, strcmp(PQgetvalue(res, r, 4), "0") ?
				   SS_PGSYNC_MARK_TABLES : SS_PGSYNC_MARK_EMPTY, PQgetvalue(res, r, 6),
				   PQgetisnull(res, r, 5) ? NULL : PQgetvalue(res, r, 5));
	else if (!(m.marked && m.kind == SS_PGSYNC_MARK_ABSENT))
		ss_pgsync_mark_absent(q, backup, PQgetvalue(res, r, 6));
	free(real);
	free(tmp);
	return rc;
}

int ss_pgsync_restore(PGconn *tgt, struct ss_pgsync_restored *done, struct ss_error *err)
{
	PGresult *res = ss_pgsync_query(tgt, "target", SQL_BACKUPS, 0, NULL, err);
	struct ss_buf q = SS_BUF_INIT;
	struct ss_pgsync_list dropped = { 0 }, moved = { 0 }, leaving = { 0 }, live = { 0 };
	struct ss_buf views = SS_BUF_INIT;
	int rc = 0;

	memset(done, 0, sizeof(*done));
	if (!res)
		return -1;
	if (created_by_sync(tgt, res, done, err) < 0) {
		PQclear(res);
		return -1;
	}
	done->empty = PQntuples(res) > 0;
	ss_buf_adds(&q, "BEGIN;\n");
	for (int r = 0; r < PQntuples(res) && rc == 0; r++)
		rc = restore_one(tgt, res, r, &q, &dropped, &moved, &leaving, done, err);
	PQclear(res);
	if (rc == 0 && !done->schemas && !done->removed)
		rc = ss_error_set(err, SS_FAILED, "no backup of a previous sql-sync in the target"
				  " database");
	/* what is in the live schemas moves with them: no dependent */
	for (size_t i = 0; i < moved.n; i++)
		ss_pgsync_list_add(&live, ss_xstrdup(moved.items[i]));
	for (size_t i = 0; i < leaving.n; i++)
		ss_pgsync_list_add(&live, ss_xstrdup(leaving.items[i]));
	/* what the restore drops takes nothing outside with it */
	if (rc == 0)
		rc = ss_pgsync_refuse_dependents(tgt, &dropped, &live, "which the restore drops",
						 err);
	/* a schema the sync created goes to the backup: what is over it cannot follow */
	if (rc == 0)
		rc = ss_pgsync_refuse_dependents(tgt, &leaving, &live, "which the restore moves"
						 " to the backup (the sync created it)", err);
	/* views of other schemas over the live ones: built again over the restored ones */
	if (rc == 0)
		rc = ss_pgsync_repoint_views(tgt, &moved, &live, &views, err);
	if (rc == 0 && views.len)
		ss_buf_adds(&q, views.data);
	if (rc == 0)
		rc = run_transaction(tgt, "restore", &q, err);
	ss_pgsync_list_release(&dropped);
	ss_pgsync_list_release(&moved);
	ss_pgsync_list_release(&leaving);
	ss_pgsync_list_release(&live);
	ss_buf_release(&views);
	ss_buf_release(&q);
	return rc;
}

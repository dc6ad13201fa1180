/* saved.c - the objects a sync or restore dropped, kept in a table beside the backup. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

/* Row kinds besides the objects' (ss_my_object_kind_name in upper case). */
#define KIND_TABLE "TABLE"
#define KIND_MODE "MODE"
#define KIND_TARGET "TARGET"

static const char *const kinds[] = { "VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT" };

static void add_store(struct ss_buf *q, const char *db, const char *prefix, const char *name)
{
	char *table = ss_xasprintf("%s%s", prefix, name);

	ss_my_add_qualified(q, db, table);
	free(table);
}

static void add_value(struct ss_buf *q, MYSQL *m, const char *v)
{
	if (v)
		ss_my_add_literal(q, m, v);
	else
		ss_buf_adds(q, "NULL");
}

/* Rows are sent in INSERTs of about this many bytes. */
#define BATCH_BYTES (1u << 20)

/* One row into the INSERT being built in q; seq orders them as written. */
static void add_row(struct ss_buf *q, MYSQL *m, const char *store, int seq, const char *kind,
		    const char *name, const struct ss_my_object *o)
{
	if (!q->len) {
		ss_buf_adds(q, "INSERT INTO ");
		ss_buf_adds(q, store);
		ss_buf_adds(q, " VALUES ");
	} else {
		ss_buf_adds(q, ", ");
	}
	ss_buf_addf(q, "(%d, ", seq);
	add_value(q, m, kind);
	ss_buf_adds(q, ", ");
	add_value(q, m, name);
	ss_buf_adds(q, ", ");
	add_value(q, m, o ? o->table : NULL);
	ss_buf_adds(q, ", ");
	add_value(q, m, o ? o->sql_mode : NULL);
	ss_buf_adds(q, ", ");
	add_value(q, m, o ? o->charset : NULL);
	ss_buf_adds(q, ", ");
	add_value(q, m, o ? o->collation : NULL);
	ss_buf_adds(q, ", ");
	add_value(q, m, o ? o->time_zone : NULL);
	ss_buf_adds(q, ", ");
	add_value(q, m, o ? o->create_sql : NULL);
	ss_buf_adds(q, ")");
}

/* Send the INSERT in q when it is big enough (or force); q is emptied. */
static int flush_rows(MYSQL *m, struct ss_buf *q, int force, struct ss_error *err)
{
	int rc;

	if (!q->len || (!force && q->len < BATCH_BYTES))
		return 0;
	rc = ss_my_exec(m, "target", q->data, err);
	ss_buf_reset(q);
	return rc;
}

int ss_mysaved_drop(MYSQL *m, const char *db, const char *prefix, const char *name,
		    struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
	add_store(&q, db, prefix, name);
	rc = ss_my_exec(m, "target", q.data, err);
	ss_buf_release(&q);
	return rc;
}

int ss_mysaved_write(MYSQL *m, const char *db, const char *prefix, const char *name,
		     int full, int created, const struct ss_my_object *const *objs, size_t nobjs,
		     const char *const *tables, size_t ntables, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT, store = SS_BUF_INIT;
	int rc, seq = 0;

	if (ss_mysaved_drop(m, db, prefix, name, err) < 0)
		return ss_error_prefix(err, "saving the objects of '%s'", db);
	add_store(&store, db, prefix, name);
	ss_buf_adds(&q, "CREATE TABLE ");
	ss_buf_adds(&q, store.data);
	ss_buf_adds(&q, " (seq INT PRIMARY KEY, kind VARCHAR(16) NOT NULL, name VARCHAR(64)"
		    " NOT NULL, tbl VARCHAR(64), sql_mode TEXT, charset VARCHAR(64), collation"
		    " VARCHAR(64), time_zone VARCHAR(64), create_sql LONGTEXT) DEFAULT"
		    " CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
	rc = ss_my_exec(m, "target", q.data, err);
	ss_buf_release(&q);
	if (rc < 0) {
		ss_buf_release(&store);
		return ss_error_prefix(err, "saving the objects of '%s'", db);
	}
	add_row(&q, m, store.data, seq++, KIND_MODE, full ? "full" : "partial", NULL);
	if (created)
		add_row(&q, m, store.data, seq++, KIND_TARGET, "created", NULL);
	for (size_t i = 0; i < ntables && rc == 0; i++) {
		add_row(&q, m, store.data, seq++, KIND_TABLE, tables[i], NULL);
		rc = flush_rows(m, &q, 0, err);
	}
	for (size_t i = 0; i < nobjs && rc == 0; i++) {
		if (!objs[i]->create_sql)
			continue;
		add_row(&q, m, store.data, seq++, kinds[objs[i]->kind], objs[i]->name, objs[i]);
		rc = flush_rows(m, &q, 0, err);
	}
	if (rc == 0)
		rc = flush_rows(m, &q, 1, err);
	ss_buf_release(&q);
	ss_buf_release(&store);
	if (rc < 0)
		return ss_error_prefix(err, "saving the objects of '%s'", db);
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? ss_xstrdup(s) : NULL;
}

/* Fill o from a row (kind already known). */
static void object_from_row(struct ss_my_object *o, enum ss_my_object_kind kind, MYSQL_ROW row)
{
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->name = ss_xstrdup(row[1]);
	o->table = dup_or_null(row[2]);
	o->sql_mode = dup_or_null(row[3]);
	o->charset = dup_or_null(row[4]);
	o->collation = dup_or_null(row[5]);
	o->time_zone = dup_or_null(row[6]);
	o->create_sql = dup_or_null(row[7]);
}

/* 1 when db holds the store table (its creation time into when), 0 when not. */
static int store_exists(MYSQL *m, const char *db, const char *prefix, char *when,
			size_t whenlen, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	char *name = ss_xasprintf("%s%s", prefix, SS_MYSYNC_STORE);
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	ss_buf_adds(&q, "SELECT CREATE_TIME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ");
	ss_my_add_literal(&q, m, db);
	ss_buf_adds(&q, " AND TABLE_NAME = ");
	ss_my_add_literal(&q, m, name);
	rc = ss_my_select(m, "target", q.data, &res, err);
	ss_buf_release(&q);
	free(name);
	if (rc < 0)
		return -1;
	row = mysql_fetch_row(res);
	rc = row != NULL;
	if (row && row[0])
		snprintf(when, whenlen, "%s", row[0]);
	mysql_free_result(res);
	return rc;
}

int ss_mysaved_read(MYSQL *m, const char *db, const char *prefix, struct ss_mysaved *out,
		    struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_exists(m, db, prefix, out->when, sizeof(out->when), err);
	if (rc <= 0)
		return rc;
	ss_buf_adds(&q, "SELECT kind, name, tbl, sql_mode, charset, collation, time_zone,"
		    " create_sql FROM ");
	add_store(&q, db, prefix, SS_MYSYNC_STORE);
	ss_buf_adds(&q, " ORDER BY seq");
	rc = ss_my_select(m, "target", q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return ss_error_prefix(err, "reading the saved objects of '%s'", db);
	out->found = 1;
	out->objects = ss_xcalloc(mysql_num_rows(res) + 1, sizeof(*out->objects));
	out->tables = ss_xcalloc(mysql_num_rows(res) + 1, sizeof(*out->tables));
	while ((row = mysql_fetch_row(res))) {
		if (!row[0] || !row[1])
			continue;
		if (!strcmp(row[0], KIND_MODE)) {
			out->full = !strcmp(row[1], "full");
		} else if (!strcmp(row[0], KIND_TARGET)) {
			out->created = !strcmp(row[1], "created");
		} else if (!strcmp(row[0], KIND_TABLE)) {
			out->tables[out->ntables++] = ss_xstrdup(row[1]);
		} else {
			for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
				if (!strcmp(row[0], kinds[k]))
					object_from_row(&out->objects[out->nobjects++],
							(enum ss_my_object_kind)k, row);
		}
	}
	mysql_free_result(res);
	return 0;
}

void ss_mysaved_release(struct ss_mysaved *s)
{
	for (size_t i = 0; i < s->nobjects; i++) {
		struct ss_my_object *o = &s->objects[i];

		free(o->name);
		free(o->table);
		free(o->sql_mode);
		free(o->charset);
		free(o->collation);
		free(o->time_zone);
		free(o->create_sql);
	}
	for (size_t i = 0; i < s->ntables; i++)
		free(s->tables[i]);
	free(s->objects);
	free(s->tables);
	memset(s, 0, sizeof(*s));
}

/*
 * sanitize.c - the sanitize rules of a MySQL sync: the tables they name
 * described from information_schema, bound (lib/sanitize) into each table's
 * source SELECT; the HMAC pads of the workers' sessions; the counts.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/sync.h"
#include "lib/mysql/util.h"

#define SQL_COLUMNS \
	"SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH," \
	" IS_NULLABLE, CHARACTER_SET_NAME, EXTRA FROM information_schema.COLUMNS" \
	" WHERE TABLE_SCHEMA = "
#define SQL_UNIQUES \
	"SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS" \
	" WHERE NON_UNIQUE = 0 AND TABLE_SCHEMA = "

/* Every base table of the source a rule names; copied when the plan copies its rows. */
static void pick(struct ss_san_tables *d, struct ss_mysync_plan *plan,
		 const struct ss_sanitize *rules)
{
	const struct ss_my_catalog *s = &plan->source;

	for (size_t i = 0; i < s->ntables; i++) {
		struct ss_mysync_table *t = NULL;

		if (!ss_san_matches(rules, NULL, s->tables[i].name, NULL, 0))
			continue;
		for (size_t k = 0; k < plan->ntables && !t; k++)
			if (plan->tables[k].src == &s->tables[i])
				t = &plan->tables[k];
		ss_san_tables_add(d, NULL, s->tables[i].name, t ? &t->san : NULL,
				  t && !t->structure_only)->est_rows = s->tables[i].rows;
	}
}

static void add_column(struct ss_san_tables *d, struct ss_san_table *t, MYSQL_ROW row)
{
	struct ss_san_column *c = ss_san_tables_column(d, t, row[1]);
	const char *type = row[2] ? row[2] : "";

	c->type = ss_san_mysql_type(type);
	c->sqltype = ss_san_tables_keep(d, row[3]);
	c->length = row[4] ? strtoll(row[4], NULL, 10) : 0;
	c->notnull = row[5] && !strcmp(row[5], "NO");
	c->charset = row[6] ? ss_san_tables_keep(d, row[6]) : NULL;
	c->int_max = ss_san_mysql_int_max(type, row[3] && strstr(row[3], "unsigned"));
	c->generated = row[7] && strstr(row[7], "GENERATED");
}

/* Columns and unique indexes of the picked tables, in two queries over the database. */
static int describe(MYSQL *src, const char *db, struct ss_san_tables *d, struct ss_error *err)
{
	static const char *const sql[2] = { SQL_COLUMNS, SQL_UNIQUES };
	static const char *const order[2] = {
		" ORDER BY TABLE_NAME, ORDINAL_POSITION",
		/* the primary key first: a default email template takes the first one-column key */
		" ORDER BY TABLE_NAME, INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX",
	};

	for (int k = 0; k < 2; k++) {
		struct ss_buf q = SS_BUF_INIT;
		MYSQL_RES *res;
		MYSQL_ROW row;
		int rc;

		ss_buf_adds(&q, sql[k]);
		ss_my_add_literal(&q, src, db);
		ss_buf_adds(&q, order[k]);
		rc = ss_my_select(src, "source", q.data, &res, err);
		ss_buf_release(&q);
		if (rc < 0)
			return -1;
		while ((row = mysql_fetch_row(res))) {
			struct ss_san_table *t;

			t = row[0] ? ss_san_tables_find(d, NULL, row[0]) : NULL;

			if (t && k == 0)
				add_column(d, t, row);
			else if (t && row[1])
				ss_san_tables_unique(d, t, row[1], row[2]);
		}
		mysql_free_result(res);
	}
	return 0;
}

int ss_mysync_sanitize(MYSQL *src, struct ss_mysync_plan *plan, const struct ss_sanitize *rules,
		       struct ss_error *err)
{
	struct ss_san_tables d = { 0 };

	pick(&d, plan, rules);
	if (describe(src, plan->source_db, &d, err) < 0) {
		ss_san_tables_release(&d);
		return -1;
	}
	if (ss_san_tables_bind(rules, SS_SAN_MYSQL, &d, &plan->sanitize, err) < 0)
		return -1;
	/* a truncated table is copied as structure only: no query reads it */
	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_mysync_table *t = &plan->tables[i];

		if (!t->san || !t->san->truncate || t->structure_only)
			continue;
		t->structure_only = 1;
		t->nchunks = 0;
		plan->est_rows -= t->src->rows;
		plan->est_bytes -= t->src->data_bytes;
	}
	return 0;
}

int ss_mysync_sanitize_session(MYSQL *m, const struct ss_mysync_plan *plan, struct ss_error *err)
{
	char *sql;
	int rc;

	if (!plan->sanitize || !plan->sanitize->hashes)
		return 0;
	sql = ss_xasprintf("SET " SS_SAN_MYSQL_IPAD " = X'%s', " SS_SAN_MYSQL_OPAD " = X'%s'",
			   plan->sanitize->ipad, plan->sanitize->opad);
	rc = mysql_query(m, sql) ? ss_error_set(err, SS_FAILED, "source: cannot keep the sanitize"
					      " key in the session (error %u)", mysql_errno(m))
				 : 0;
	ss_san_wipe_string(sql);
	return rc;
}

int ss_mysync_sanitize_count(MYSQL *src, const struct ss_mysync_plan *plan,
			     const struct ss_mysync_table *t, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	long long v[64];
	MYSQL_RES *res;
	MYSQL_ROW row;
	unsigned n;
	int rc;

	if (!t->san || !t->san->count)
		return 0;
	ss_buf_addf(&q, "SELECT %s FROM ", t->san->count);
	ss_my_add_qualified(&q, plan->source_db, t->src->name);
	rc = ss_my_select(src, "source", q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return ss_error_prefix(err, "sanitize count of table '%s'", t->src->name);
	row = mysql_fetch_row(res);
	n = mysql_num_fields(res);
	for (unsigned i = 0; row && i < n && i < 64; i++)
		v[i] = row[i] ? strtoll(row[i], NULL, 10) : 0;
	if (row)
		ss_san_plan_counted(plan->sanitize, t->san, v, n < 64 ? n : 64);
	mysql_free_result(res);
	return 0;
}

void ss_mysync_source_select(struct ss_buf *q, const struct ss_mysync_plan *plan,
			     const struct ss_mysync_table *t, const char *range)
{
	const struct ss_san_plan *s = t->san;

	ss_buf_addf(q, "SELECT %s FROM ", s && s->select ? s->select : t->columns);
	ss_my_add_qualified(q, plan->source_db, t->src->name);
	if (s && s->filter)
		ss_buf_addf(q, " WHERE (%s)%s%s", s->filter, range && *range ? " AND " : "",
			    range ? range : "");
	else if (range && *range)
		ss_buf_addf(q, " WHERE %s", range);
}

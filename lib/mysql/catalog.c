/* catalog.c - read tables, columns and stored objects of a MySQL database. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/catalog.h"
#include "lib/mysql/util.h"

static char *dup_field(MYSQL_ROW row, unsigned i)
{
	return row[i] ? ss_xstrdup(row[i]) : NULL;
}

static long long num_field(MYSQL_ROW row, unsigned i)
{
	return row[i] ? strtoll(row[i], NULL, 10) : 0;
}

static int read_tables(MYSQL *m, const char *who, const char *db,
		       struct ss_my_catalog *cat, struct ss_buf *views, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	size_t cap = 0;
	int rc;

	ss_buf_adds(&q, "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_ROWS, DATA_LENGTH,"
		    " INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = ");
	ss_my_add_literal(&q, m, db);
	ss_buf_adds(&q, " ORDER BY TABLE_NAME");
	rc = ss_my_select(m, who, q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return -1;
	while ((row = mysql_fetch_row(res))) {
		struct ss_my_table *t;

		if (row[1] && !strcmp(row[1], "VIEW")) {
			ss_buf_add(views, row[0], strlen(row[0]) + 1);
			continue;
		}
		if (!row[1] || strcmp(row[1], "BASE TABLE"))
			continue;
		if (cat->ntables == cap) {
			cap = cap ? 2 * cap : 16;
			cat->tables = ss_xrealloc(cat->tables, cap * sizeof(*cat->tables));
		}
		t = &cat->tables[cat->ntables++];
		memset(t, 0, sizeof(*t));
		t->name = ss_xstrdup(row[0]);
		t->engine = dup_field(row, 2);
		t->rows = num_field(row, 3);
		t->data_bytes = num_field(row, 4);
		t->index_bytes = num_field(row, 5);
	}
	mysql_free_result(res);
	return 0;
}

static struct ss_my_table *find_table(struct ss_my_catalog *cat, const char *name)
{
	size_t lo = 0, hi = cat->ntables;

	/* information_schema sorts by the collation; fall back to a scan */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(cat->tables[mid].name, name);

		if (!c)
			return &cat->tables[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < cat->ntables; i++)
		if (!strcmp(cat->tables[i].name, name))
			return &cat->tables[i];
	return NULL;
}

const struct ss_my_table *ss_my_catalog_table(const struct ss_my_catalog *cat,
					      const char *name)
{
	return find_table((struct ss_my_catalog *)cat, name);
}

static int read_columns(MYSQL *m, const char *who, const char *db,
			struct ss_my_catalog *cat, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	ss_buf_adds(&q, "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, EXTRA, COLUMN_KEY,"
		    " IS_NULLABLE, CHARACTER_SET_NAME, CHARACTER_OCTET_LENGTH"
		    " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ");
	ss_my_add_literal(&q, m, db);
	ss_buf_adds(&q, " ORDER BY TABLE_NAME, ORDINAL_POSITION");
	rc = ss_my_select(m, who, q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return -1;
	while ((row = mysql_fetch_row(res))) {
		struct ss_my_table *t = find_table(cat, row[0]);
		struct ss_my_column *c;
		const char *extra = row[3] ? row[3] : "";

		if (!t)
			continue;  /* a view's columns */
		t->columns = ss_xrealloc(t->columns, (t->ncolumns + 1) * sizeof(*t->columns));
		c = &t->columns[t->ncolumns++];
		c->name = ss_xstrdup(row[1]);
		c->data_type = ss_xstrdup(row[2] ? row[2] : "");
		c->generated = strstr(extra, "VIRTUAL GENERATED") ||
			       strstr(extra, "STORED GENERATED") ||
			       strstr(extra, "PERSISTENT GENERATED");
		c->key = row[4] && !strcmp(row[4], "PRI");
		c->nullable = row[5] && !strcmp(row[5], "YES");
		c->charset = dup_field(row, 6);
		c->max_bytes = num_field(row, 7);
	}
	mysql_free_result(res);
	return 0;
}

/* SHOW CREATE <what> `db`.`name`: the text in column col, more columns in extra. */
static int show_create(MYSQL *m, const char *who, const char *what, const char *db,
		       const char *name, MYSQL_RES **res, MYSQL_ROW *row, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	ss_buf_addf(&q, "SHOW CREATE %s ", what);
	ss_my_add_qualified(&q, db, name);
	rc = ss_my_select(m, who, q.data, res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return -1;
	*row = mysql_fetch_row(*res);
	if (!*row) {
		mysql_free_result(*res);
		return ss_error_set(err, SS_FAILED, "%s: no definition of %s '%s'", who,
				    what, name);
	}
	return 0;
}

static int read_ddl(MYSQL *m, const char *who, const char *db, struct ss_my_catalog *cat,
		    struct ss_error *err)
{
	for (size_t i = 0; i < cat->ntables; i++) {
		MYSQL_RES *res;
		MYSQL_ROW row;

		if (show_create(m, who, "TABLE", db, cat->tables[i].name, &res, &row, err) < 0)
			return -1;
		cat->tables[i].create_sql = dup_field(row, 1);
		mysql_free_result(res);
	}
	return 0;
}

static struct ss_my_object *add_object(struct ss_my_catalog *cat, enum ss_my_object_kind kind,
				       const char *name)
{
	struct ss_my_object *o;

	cat->objects = ss_xrealloc(cat->objects, (cat->nobjects + 1) * sizeof(*cat->objects));
	o = &cat->objects[cat->nobjects++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->name = ss_xstrdup(name);
	return o;
}

/* Column layout of each SHOW CREATE: statement, sql_mode, charset, collation. */
struct show_layout {
	const char *what;
	int stmt, mode, charset, collation, tz;
};

static const struct show_layout layouts[] = {
	[SS_MY_VIEW] = { "VIEW", 1, -1, 2, 3, -1 },
	[SS_MY_TRIGGER] = { "TRIGGER", 2, 1, 3, 4, -1 },
	[SS_MY_PROCEDURE] = { "PROCEDURE", 2, 1, 3, 4, -1 },
	[SS_MY_FUNCTION] = { "FUNCTION", 2, 1, 3, 4, -1 },
	[SS_MY_EVENT] = { "EVENT", 3, 1, 4, 5, 2 },
};

static int fill_object(MYSQL *m, const char *who, const char *db, struct ss_my_object *o,
		       struct ss_error *err)
{
	const struct show_layout *l = &layouts[o->kind];
	MYSQL_RES *res;
	MYSQL_ROW row;
	unsigned n;

	if (show_create(m, who, l->what, db, o->name, &res, &row, err) < 0)
		return -1;
	n = mysql_num_fields(res);
	if ((unsigned)l->collation < n) {
		o->create_sql = dup_field(row, l->stmt);
		if (l->mode >= 0)
			o->sql_mode = dup_field(row, l->mode);
		o->charset = dup_field(row, l->charset);
		o->collation = dup_field(row, l->collation);
		if (l->tz >= 0)
			o->time_zone = dup_field(row, l->tz);
	}
	mysql_free_result(res);
	return 0;
}

/* The connection's default database (new string), NULL when none. */
static int default_db(MYSQL *m, const char *who, char **out, struct ss_error *err)
{
	MYSQL_RES *res;
	MYSQL_ROW row;

	*out = NULL;
	if (ss_my_select(m, who, "SELECT DATABASE()", &res, err) < 0)
		return -1;
	row = mysql_fetch_row(res);
	if (row)
		*out = dup_field(row, 0);
	mysql_free_result(res);
	return 0;
}

/*
 * SHOW CREATE of every object, read with db as the default database: the
 * server then prints a view over db's own tables without any database
 * qualifier (`t`.`c`, from `t`), so the view needs no requalifying but
 * for its calls of db's functions and sequences.  The connection's default
 * database is given back when it had one.
 */
static int fill_objects(MYSQL *m, const char *who, const char *db, struct ss_my_catalog *cat,
			struct ss_error *err)
{
	char *prev;
	int rc = 0;

	if (default_db(m, who, &prev, err) < 0)
		return -1;
	if ((!prev || strcmp(prev, db)) && mysql_select_db(m, db)) {
		free(prev);
		return ss_my_error(m, who, err);
	}
	for (size_t i = 0; i < cat->nobjects && rc == 0; i++)
		rc = fill_object(m, who, db, &cat->objects[i], err);
	if (prev && strcmp(prev, db) && mysql_select_db(m, prev) && rc == 0)
		rc = ss_my_error(m, who, err);
	free(prev);
	return rc;
}

/* Names of one kind of object, by a query returning name [, table]. */
static int list_objects(MYSQL *m, const char *who, const char *sql_head, const char *db,
			const char *sql_tail, struct ss_my_catalog *cat, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	ss_buf_adds(&q, sql_head);
	ss_my_add_literal(&q, m, db);
	ss_buf_adds(&q, sql_tail);
	rc = ss_my_select(m, who, q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return -1;
	while ((row = mysql_fetch_row(res))) {
		enum ss_my_object_kind kind = (enum ss_my_object_kind)atoi(row[0]);
		struct ss_my_object *o = add_object(cat, kind, row[1]);

		if (mysql_num_fields(res) > 2)
			o->table = dup_field(row, 2);
	}
	mysql_free_result(res);
	return 0;
}

static int read_objects(MYSQL *m, const char *who, const char *db, const struct ss_buf *views,
			struct ss_my_catalog *cat, struct ss_error *err)
{
	char kinds[64];

	/* functions first (views may call them), procedures, views, triggers, events */
	snprintf(kinds, sizeof(kinds), "SELECT IF(ROUTINE_TYPE = 'FUNCTION', %d, %d),",
		 SS_MY_FUNCTION, SS_MY_PROCEDURE);
	{
		struct ss_buf h = SS_BUF_INIT;

		ss_buf_adds(&h, kinds);
		ss_buf_adds(&h, " ROUTINE_NAME FROM information_schema.ROUTINES"
			    " WHERE ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE') AND ROUTINE_SCHEMA = ");
		if (list_objects(m, who, h.data, db, " ORDER BY ROUTINE_TYPE DESC, ROUTINE_NAME",
				 cat, err) < 0) {
			ss_buf_release(&h);
			return -1;
		}
		ss_buf_release(&h);
	}
	for (size_t off = 0; off < views->len; off += strlen(views->data + off) + 1)
		add_object(cat, SS_MY_VIEW, views->data + off);
	snprintf(kinds, sizeof(kinds), "SELECT %d, TRIGGER_NAME, EVENT_OBJECT_TABLE",
		 SS_MY_TRIGGER);
	{
		struct ss_buf h = SS_BUF_INIT;

		ss_buf_adds(&h, kinds);
		ss_buf_adds(&h, " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ");
		if (list_objects(m, who, h.data, db,
				 " ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION,"
				 " ACTION_ORDER", cat, err) < 0) {
			ss_buf_release(&h);
			return -1;
		}
		ss_buf_release(&h);
	}
	snprintf(kinds, sizeof(kinds), "SELECT %d, EVENT_NAME", SS_MY_EVENT);
	{
		struct ss_buf h = SS_BUF_INIT;

		ss_buf_adds(&h, kinds);
		ss_buf_adds(&h, " FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ");
		if (list_objects(m, who, h.data, db, " ORDER BY EVENT_NAME", cat, err) < 0) {
			ss_buf_release(&h);
			return -1;
		}
		ss_buf_release(&h);
	}
	return fill_objects(m, who, db, cat, err);
}

int ss_my_catalog_read(MYSQL *m, const char *who, const char *db, unsigned flags,
		       struct ss_my_catalog *cat, struct ss_error *err)
{
	struct ss_buf views = SS_BUF_INIT;

	memset(cat, 0, sizeof(*cat));
	cat->db = ss_xstrdup(db);
	if (read_tables(m, who, db, cat, &views, err) < 0 ||
	    read_columns(m, who, db, cat, err) < 0 ||
	    ((flags & SS_MY_CATALOG_DDL) && read_ddl(m, who, db, cat, err) < 0) ||
	    ((flags & SS_MY_CATALOG_OBJECTS) && read_objects(m, who, db, &views, cat, err) < 0)) {
		ss_buf_release(&views);
		ss_my_catalog_release(cat);
		return -1;
	}
	ss_buf_release(&views);
	return 0;
}

void ss_my_catalog_release(struct ss_my_catalog *cat)
{
	for (size_t i = 0; i < cat->ntables; i++) {
		struct ss_my_table *t = &cat->tables[i];

		for (size_t j = 0; j < t->ncolumns; j++) {
			free(t->columns[j].name);
			free(t->columns[j].data_type);
			free(t->columns[j].charset);
		}
		free(t->columns);
		free(t->name);
		free(t->engine);
		free(t->create_sql);
	}
	for (size_t i = 0; i < cat->nobjects; i++) {
		struct ss_my_object *o = &cat->objects[i];

		free(o->name);
		free(o->table);
		free(o->create_sql);
		free(o->sql_mode);
		free(o->charset);
		free(o->collation);
		free(o->time_zone);
	}
	free(cat->tables);
	free(cat->objects);
	free(cat->db);
	memset(cat, 0, sizeof(*cat));
}

const char *ss_my_object_kind_name(enum ss_my_object_kind kind)
{
	static const char *const names[] = { "view", "trigger", "procedure", "function", "event" };

	return (unsigned)kind < 5 ? names[kind] : "object";
}

const char *ss_my_table_int_key(const struct ss_my_table *t)
{
	static const char *const ints[] = { "tinyint", "smallint", "mediumint", "int", "bigint" };
	const struct ss_my_column *key = NULL;

	for (size_t i = 0; i < t->ncolumns; i++) {
		if (!t->columns[i].key)
			continue;
		if (key)
			return NULL;  /* composite */
		key = &t->columns[i];
	}
	if (!key)
		return NULL;
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (!strcmp(key->data_type, ints[i]))
			return key->name;
	return NULL;
}

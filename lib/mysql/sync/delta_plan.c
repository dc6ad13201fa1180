/*
 * delta_plan.c - which tables a MySQL/MariaDB --incremental sync compares
 * chunk by chunk, and how: the key, the chunks, the statements.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

/* Long values beyond this many bytes are summed up by their MD5 in a row's bytes. */
#define LONG_OVER 65536

/* The bytes a short value takes at most (numbers, dates) in a row's canonical bytes. */
#define SHORT_VALUE 64

struct kind_name {
	const char *type;
	enum ss_mykey_kind kind;
};

static const struct kind_name key_kinds[] = {
	{ "tinyint", SS_MYKEY_NUM }, { "smallint", SS_MYKEY_NUM }, { "mediumint", SS_MYKEY_NUM },
	{ "int", SS_MYKEY_NUM }, { "bigint", SS_MYKEY_NUM }, { "decimal", SS_MYKEY_NUM },
	{ "year", SS_MYKEY_NUM },
	{ "date", SS_MYKEY_TEMPORAL }, { "datetime", SS_MYKEY_TEMPORAL },
	{ "timestamp", SS_MYKEY_TEMPORAL }, { "time", SS_MYKEY_TEMPORAL },
	{ "char", SS_MYKEY_STR }, { "varchar", SS_MYKEY_STR }, { "tinytext", SS_MYKEY_STR },
	{ "text", SS_MYKEY_STR }, { "mediumtext", SS_MYKEY_STR }, { "longtext", SS_MYKEY_STR },
	{ "enum", SS_MYKEY_STR },
	{ "binary", SS_MYKEY_BIN }, { "varbinary", SS_MYKEY_BIN }, { "tinyblob", SS_MYKEY_BIN },
	{ "blob", SS_MYKEY_BIN }, { "mediumblob", SS_MYKEY_BIN }, { "longblob", SS_MYKEY_BIN },
	{ NULL, 0 }
};

static const struct ss_my_column *column(const struct ss_my_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (!strcmp(t->columns[i].name, name))
			return &t->columns[i];
	return NULL;
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * The column names of a key definition "(`a`,`b`(191) DESC)" at p; -1 when
 * it does not read as one.
 */
static int key_columns(const char *p, char ***out, int *n)
{
	struct ss_buf name = SS_BUF_INIT;
	char **cols = NULL;

	*n = 0;
	if (*p++ != '(')
		return -1;
	for (;;) {
		int depth = 0;

		if (*p++ != '`')
			goto bad;
		ss_buf_reset(&name);
		for (; *p; p++) {
			if (*p == '`') {
				if (p[1] != '`')
					break;
				p++;
			}
			ss_buf_addc(&name, *p);
		}
		if (*p++ != '`')
			goto bad;
		cols = ss_xrealloc(cols, (size_t)(*n + 1) * sizeof(*cols));
		cols[(*n)++] = ss_xstrdup(name.data);
		/* a prefix length, DESC: up to the next comma or the end */
		for (; *p && (depth || (*p != ',' && *p != ')')); p++)
			depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
		if (*p == ')')
			break;
		if (*p++ != ',')
			goto bad;
	}
	ss_buf_release(&name);
	*out = cols;
	return 0;
bad:
	ss_buf_release(&name);
	free_names(cols, *n);
	*n = 0;
	return -1;
}

/* The primary key, else the first unique key of NOT NULL columns; 0 when none. */
static int pick_key(const struct ss_my_table *t, char ***cols, int *n)
{
	const char *sql = t->create_sql, *p;

	if (!sql)
		return 0;
	p = strstr(sql, "\n  PRIMARY KEY (");
	if (p && key_columns(p + strlen("\n  PRIMARY KEY "), cols, n) == 0)
		return 1;
	for (p = sql; (p = strstr(p, "\n  UNIQUE KEY `")); p++) {
		const char *open = strstr(p, "` (");
		int ok = 1;

		if (!open || key_columns(open + 2, cols, n) < 0)
			continue;
		for (int i = 0; i < *n && ok; i++) {
			const struct ss_my_column *c = column(t, (*cols)[i]);

			ok = c && !c->nullable && !c->generated;
		}
		if (ok)
			return 1;
		free_names(*cols, *n);
	}
	return 0;
}

static int key_kind(const char *type, enum ss_mykey_kind *kind)
{
	for (int i = 0; key_kinds[i].type; i++)
		if (!strcmp(type, key_kinds[i].type)) {
			*kind = key_kinds[i].kind;
			return 0;
		}
	return -1;
}

static int is_int(const char *type)
{
	return !strcmp(type, "tinyint") || !strcmp(type, "smallint") ||
	       !strcmp(type, "mediumint") || !strcmp(type, "int") || !strcmp(type, "bigint");
}

static int plain_name(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* SHOW CREATE TABLE without its AUTO_INCREMENT=N (new string). */
static char *without_counter(const char *sql)
{
	const char *end = strrchr(sql, ')'), *p = end ? strstr(end, " AUTO_INCREMENT=") : NULL;
	size_t skip;

	if (!p)
		return ss_xstrdup(sql);
	skip = strlen(" AUTO_INCREMENT=");
	while (p[skip] >= '0' && p[skip] <= '9')
		skip++;
	return ss_xasprintf("%.*s%s", (int)(p - sql), sql, p + skip);
}

static char *counter(const char *sql)
{
	const char *end = strrchr(sql, ')'), *p = end ? strstr(end, " AUTO_INCREMENT=") : NULL;

	if (!p)
		return NULL;
	p += strlen(" AUTO_INCREMENT=");
	return ss_xstrndup(p, strspn(p, "0123456789"));
}

static int same_structure(const struct ss_my_table *a, const struct ss_my_table *b)
{
	char *x, *y;
	int same;

	if (!a->create_sql || !b->create_sql)
		return 0;
	x = without_counter(a->create_sql);
	y = without_counter(b->create_sql);
	same = !strcmp(x, y);
	free(x);
	free(y);
	return same;
}

static long long packet_size(MYSQL *m, const char *who, struct ss_error *err)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	long long n = 0;

	if (ss_my_select(m, who, "SELECT @@max_allowed_packet", &res, err) < 0)
		return -1;
	row = mysql_fetch_row(res);
	if (row && row[0])
		n = strtoll(row[0], NULL, 10);
	mysql_free_result(res);
	return n;
}

/*
 * The size a long value may have inside a row's bytes: what keeps the row's
 * bytes under half of max_allowed_packet; -1 when even its short values do
 * not fit.
 */
static long long long_over(const struct ss_my_table *t, long long packet)
{
	long long fixed = 64, nlong = 0, room;

	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct ss_my_column *c = &t->columns[i];

		fixed += 24;  /* its length, a comma */
		if (c->generated)
			continue;
		if (ss_mydelta_long_column(c))
			nlong++;
		else
			fixed += c->max_bytes > 0 ? c->max_bytes : SHORT_VALUE;
	}
	room = packet / 2 - fixed;
	if (room < 0)
		return -1;
	if (!nlong)
		return LONG_OVER;
	room /= nlong;
	if (room < 32)
		return 0;  /* every long value by its MD5 */
	return room < LONG_OVER ? room : LONG_OVER;
}

/* Below this estimate a table's rows are counted: fresh statistics are rough. */
#define COUNT_BELOW 1000000LL

/* Rows sampled at each end of the key for the row size and the key's density. */
#define SAMPLE_ROWS 1000
/* Below this estimate a table's rows are counted: fresh statistics are rough. */
#define COUNT_BELOW 1000000LL

/* What the source says of a table compared chunk by chunk. */
struct stats {
	long long rows;             /* counted when the estimate is small */
	long long avg;              /* bytes of a row, about */
	int range, fits;            /* its leading key column is an integer; MIN, MAX fit */
	long long min, max, width;  /* of that column, and the width of per rows */
};

/* One statement's single row of numbers into v[0..n) (NULL: 0; *nulls counts them). */
static int numbers(MYSQL *src, const char *sql, long long *v, int n, int *nulls,
		   struct ss_error *err)
{
	MYSQL_RES *res;
	MYSQL_ROW row;

	if (ss_my_select(src, "source", sql, &res, err) < 0)
		return -1;
	row = mysql_fetch_row(res);
	*nulls = 0;
	errno = 0;
	for (int i = 0; i < n; i++) {
		v[i] = row && row[i] ? (long long)strtold(row[i], NULL) : 0;
		*nulls += !row || !row[i];
	}
	mysql_free_result(res);
	return errno == ERANGE ? 1 : 0;
}

/*
 * A sample at one end of the key (order "" or " DESC"; no key: the first
 * rows): rows, the key's first and last, the average row bytes.
 */
static int sample(MYSQL *src, const char *db, const struct ss_my_table *t, const char *key,
		  const char *order, long long v[4], struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc, nulls;

	ss_buf_adds(&q, "SELECT COUNT(*), MIN(`k`), MAX(`k`), AVG(`l`) FROM (SELECT ");
	if (key)
		ss_my_add_ident(&q, key);
	else
		ss_buf_adds(&q, "0");
	ss_buf_adds(&q, " AS `k`, 0");
	for (size_t i = 0; i < t->ncolumns; i++) {
		if (t->columns[i].generated)
			continue;
		ss_buf_adds(&q, " + IFNULL(LENGTH(");
		ss_my_add_ident(&q, t->columns[i].name);
		ss_buf_adds(&q, "), 2) + 1");
	}
	ss_buf_adds(&q, " AS `l` FROM ");
	ss_my_add_qualified(&q, db, t->name);
	if (key) {
		ss_buf_adds(&q, " ORDER BY ");
		ss_my_add_ident(&q, key);
		ss_buf_adds(&q, order);
	}
	ss_buf_addf(&q, " LIMIT %d) `s`", SAMPLE_ROWS);
	rc = numbers(src, q.data, v, 4, &nulls, err);
	ss_buf_release(&q);
	return rc;
}

/*
 * The stats of t on the source; key: its integer leading key column, or
 * NULL.  Ranges are as wide as per rows need at the denser end of the key.
 */
static int source_stats(MYSQL *src, const char *db, const struct ss_my_table *t,
			const char *key, struct stats *st, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	long long v[4], w[4], all[3];
	int rc, nulls;

	memset(st, 0, sizeof(*st));
	st->rows = t->rows > 0 ? t->rows : 0;
	st->range = key != NULL;
	ss_buf_addf(&q, "SELECT %s", t->rows < COUNT_BELOW ? "COUNT(*)" : "NULL");
	ss_buf_adds(&q, ", MIN(");
	ss_my_add_ident(&q, key ? key : t->columns[0].name);
	ss_buf_adds(&q, "), MAX(");
	ss_my_add_ident(&q, key ? key : t->columns[0].name);
	ss_buf_adds(&q, ") FROM ");
	ss_my_add_qualified(&q, db, t->name);
	rc = numbers(src, q.data, all, 3, &nulls, err);
	ss_buf_release(&q);
	if (rc < 0)
		return -1;
	st->fits = rc == 0;
	if (t->rows < COUNT_BELOW)
		st->rows = all[0];
	st->min = all[1];
	st->max = all[2];
	if (sample(src, db, t, key, "", v, err) < 0)
		return -1;
	st->avg = v[3];
	if (!key)
		return 0;
	st->width = ss_delta_range_width(ss_delta_rows_per_chunk(st->avg), v[2] - v[1], v[0]);
	if (sample(src, db, t, key, " DESC", w, err) < 0)
		return -1;
	w[3] = ss_delta_range_width(ss_delta_rows_per_chunk(w[3] ? w[3] : st->avg),
				    w[2] - w[1], w[0]);
	if (w[3] < st->width)
		st->width = w[3];
	return 0;
}

/* The loaded columns of t, in order (the array only is new). */
static const char **loaded(const struct ss_my_table *t, size_t *n)
{
	const char **cols = ss_xcalloc(t->ncolumns + 1, sizeof(*cols));

	*n = 0;
	for (size_t i = 0; i < t->ncolumns; i++)
		if (!t->columns[i].generated)
			cols[(*n)++] = t->columns[i].name;
	return cols;
}

static void whole(struct ss_mysync_table *t, const char *why)
{
	t->inc.mode = SS_DELTA_WHOLE;
	t->inc.why = why;
}

/* Fill t->delta for key cols[0..n) (taken); -1 with err, or t copied whole and 0. */
static int describe(MYSQL *src, struct ss_mysync_plan *plan, struct ss_mysync_table *t,
		    char **cols, int n, long long packet, struct ss_error *err)
{
	const struct ss_my_table *st = t->src;
	struct ss_mydelta *d = ss_xcalloc(1, sizeof(*d));
	struct ss_buf list = SS_BUF_INIT;
	long long over = long_over(st, packet);
	struct stats stats;
	size_t nloaded;
	const char **all;
	int range;

	d->nkey = n;
	d->key = cols;
	d->kind = ss_xcalloc((size_t)n, sizeof(*d->kind));
	d->charset = ss_xcalloc((size_t)n, sizeof(*d->charset));
	t->delta = d;
	for (int i = 0; i < n; i++) {
		const struct ss_my_column *c = column(st, cols[i]);

		if (!c || key_kind(c->data_type, &d->kind[i]) < 0) {
			whole(t, "its key's type is not compared");
			return 0;
		}
		if (d->kind[i] == SS_MYKEY_STR) {
			if (!plain_name(c->charset)) {
				whole(t, "its key's character set is not compared");
				return 0;
			}
			d->charset[i] = ss_xstrdup(c->charset);
		}
		if (i)
			ss_buf_addc(&list, ',');
		ss_my_add_ident(&list, cols[i]);
	}
	d->key_list = ss_buf_detach(&list);
	if (over < 0) {
		whole(t, "its rows are too wide to compare");
		return 0;
	}
	all = loaded(st, &nloaded);
	d->row_hash = ss_mydelta_hash_sql(st, all, nloaded, over);
	free(all);
	d->auto_increment = counter(st->create_sql);
	range = is_int(column(st, cols[0])->data_type);
	if (source_stats(src, plan->source_db, st, range ? cols[0] : NULL, &stats, err) < 0)
		return -1;
	if (range && stats.fits &&
	    ss_delta_spec_range(&t->inc.spec, stats.min, stats.max, stats.width) == 0) {
		d->chunk = ss_mydelta_range_sql(cols[0], &t->inc.spec);
	} else {
		ss_delta_spec_hash(&t->inc.spec, stats.rows, stats.avg);
		d->chunk = ss_mydelta_bucket_sql(st, (const char *const *)cols, (size_t)n, over,
						 t->inc.spec.n);
	}
	t->inc.mode = SS_DELTA_ON;
	return 0;
}

int ss_mysync_plan_incremental(MYSQL *src, MYSQL *tgt, struct ss_mysync_plan *plan,
			       struct ss_error *err)
{
	long long packet = 0, p2;

	if (!plan->incremental || !plan->ntables)
		return 0;
	packet = packet_size(src, "source", err);
	p2 = tgt ? packet_size(tgt, "target", err) : packet;
	if (packet < 0 || p2 < 0)
		return -1;
	if (p2 < packet)
		packet = p2;
	for (size_t i = 0; i < plan->ntables; i++) {
		struct ss_mysync_table *t = &plan->tables[i];
		const struct ss_my_table *tt;
		char **cols;
		int n;

		if (t->structure_only)
			continue;
		tt = ss_my_catalog_table(&plan->target, t->src->name);
		if (!t->in_target || !tt)
			whole(t, "new on the source");
		else if (t->san)
			whole(t, SS_DELTA_WHY_SANITIZE);
		else if (!same_structure(t->src, tt))
			whole(t, "its structure differs");
		else if (!pick_key(t->src, &cols, &n))
			whole(t, "it has no primary or not-null unique key");
		else if (describe(src, plan, t, cols, n, packet, err) < 0)
			return ss_error_prefix(err, "table '%s'", t->src->name);
		if (t->inc.mode == SS_DELTA_ON) {
			/* one worker compares it, whatever its size */
			free(t->bounds);
			t->bounds = NULL;
			t->nchunks = 1;
		}
	}
	return 0;
}

/* parse.c - a `sanitize:` value (alias entry or sitesync.yml) into rules. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sanitize/internal.h"

/* Where we read from, for "FILE:LINE:COL: ..." messages. */
struct pos {
	const char *file;
	struct ss_error *err;
};

static int fail_at(const struct pos *p, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail_at(const struct pos *p, int line, int column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ss_error_atv(p->err, p->file, line, column, fmt, ap);
	va_end(ap);
	return -1;
}

static char *origin_of(const struct pos *p, int line, int column)
{
	return ss_xasprintf("%s:%d:%d", p->file, line, column);
}

/* Position of map's i-th key (its value's when unknown). */
static void key_at(const struct ss_node *map, size_t i, int *line, int *column)
{
	*line = map->key_marks ? map->key_marks[i].line : map->items[i]->line;
	*column = map->key_marks ? map->key_marks[i].column : map->items[i]->column;
}

static int get_bool(const struct pos *p, const struct ss_node *n, const char *what, int *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0", "" };

	if (n->kind == SS_NODE_SCALAR) {
		for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
			if (!strcasecmp(n->scalar, yes[i]))
				return *out = 1, 0;
		for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
			if (!strcasecmp(n->scalar, no[i]))
				return *out = 0, 0;
	}
	return fail_at(p, n->line, n->column, "'%s' must be true or false", what);
}

static int get_scalar(const struct pos *p, const struct ss_node *n, const char *what,
		      const char **out)
{
	if (n->kind != SS_NODE_SCALAR)
		return fail_at(p, n->line, n->column, "'%s' must be a single value", what);
	*out = n->scalar;
	return 0;
}

static int set_once(const struct pos *p, const struct ss_node *n, const char *what, char **slot,
		    const char *value)
{
	if (*slot && strcmp(*slot, value))
		return fail_at(p, n->line, n->column, "sanitize %s '%s' differs from '%s' given"
			       " elsewhere", what, value, *slot);
	free(*slot);
	*slot = ss_xstrdup(value);
	return 0;
}

static int add_profiles_at(struct ss_sanitize *s, const struct pos *p, const struct ss_node *n)
{
	struct ss_error e;
	char *origin = origin_of(p, n->line, n->column);
	int rc = 0;

	if (n->kind == SS_NODE_MAP) {
		rc = fail_at(p, n->line, n->column, "sanitize profile must be a name or a list");
	} else if (n->kind == SS_NODE_SCALAR) {
		if (ss_san_add_profiles(s, n->scalar, origin, &e) < 0)
			rc = fail_at(p, n->line, n->column, "%s", e.msg);
	} else {
		for (size_t i = 0; i < n->n && rc == 0; i++)
			rc = add_profiles_at(s, p, n->items[i]);
	}
	free(origin);
	return rc;
}

/* key-file is relative to the file that names it, as db.password-file is. */
static char *key_path(const struct pos *p, const char *path)
{
	const char *slash = strrchr(p->file, '/');

	if (path[0] == '/' || path[0] == '~')
		return ss_xstrdup(path);
	return ss_xasprintf("%.*s/%s", slash ? (int)(slash - p->file) : 1, slash ? p->file : ".",
			    path);
}

static int get_key_source(struct ss_sanitize *s, const struct pos *p, const char *k,
			  const struct ss_node *v, int line, int column)
{
	const char *value = NULL;
	char *path;
	int rc;

	if (get_scalar(p, v, k, &value) < 0)
		return -1;
	if (!*value)
		return fail_at(p, v->line, v->column, "sanitize %s is empty", k);
	if (s->key_env || s->key_file)
		return 0;   /* the first place that names a key wins */
	s->key_origin = origin_of(p, line, column);
	if (!strcmp(k, "key-env")) {
		s->key_env = ss_xstrdup(value);
		return 0;
	}
	path = key_path(p, value);
	rc = set_once(p, v, k, &s->key_file, path);
	free(path);
	return rc;
}

static const char column_kinds[] = "null, static: VALUE, hash, email, random or sql: EXPR";

/* A rule word ("hash") into its kind; -1 when it is none of the column rules. */
static int column_kind(const char *word, enum ss_san_kind *out)
{
	static const struct { const char *name; enum ss_san_kind kind; } kinds[] = {
		{ "", SS_SAN_NULL }, { "null", SS_SAN_NULL }, { "static", SS_SAN_STATIC },
		{ "hash", SS_SAN_HASH }, { "email", SS_SAN_EMAIL }, { "random", SS_SAN_RANDOM },
		{ "sql", SS_SAN_SQL },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(word, kinds[i].name)) {
			*out = kinds[i].kind;
			return 0;
		}
	return -1;
}

/* The rule of one column: a word, or a mapping {KIND: ARG, when: EXPR, optional: BOOL}. */
static int parse_column(struct ss_sanitize *s, const struct pos *p, const char *table,
			const char *column, const struct ss_node *v, int line, int col,
			int optional)
{
	char *origin = origin_of(p, line, col);
	struct ss_san_rule r = { .optional = optional };
	int have = 0, rc = 0;

	if (v->kind == SS_NODE_SEQ) {
		rc = fail_at(p, v->line, v->column, "the rule of column '%s' must be %s",
			     column, column_kinds);
	} else if (v->kind == SS_NODE_SCALAR) {
		if (column_kind(v->scalar, &r.kind) < 0 || r.kind == SS_SAN_STATIC ||
		    r.kind == SS_SAN_SQL)
			rc = fail_at(p, v->line, v->column, "unknown rule '%s' for column '%s' (use %s)",
				     v->scalar, column, column_kinds);
		have = 1;
	}
	for (size_t i = 0; rc == 0 && v->kind == SS_NODE_MAP && i < v->n; i++) {
		const char *k = v->keys[i];
		const struct ss_node *x = v->items[i];
		const char *value = NULL;
		int kl, kc;

		key_at(v, i, &kl, &kc);
		if (!strcmp(k, "optional")) {
			rc = get_bool(p, x, "optional", &r.optional);
		} else if (!strcmp(k, "when")) {
			rc = get_scalar(p, x, "when", &value);
			if (rc == 0 && !*value)
				rc = fail_at(p, x->line, x->column, "'when' of column '%s' is empty",
					     column);
			if (rc == 0)
				r.when = ss_xstrdup(value);
		} else if (column_kind(k, &r.kind) == 0) {
			if (have)
				rc = fail_at(p, kl, kc, "column '%s' has two rules; keep one", column);
			have = 1;
			if (rc == 0)
				rc = get_scalar(p, x, k, &value);
			if (rc == 0 && (r.kind == SS_SAN_STATIC || r.kind == SS_SAN_SQL ||
					(r.kind == SS_SAN_EMAIL && *value)))
				r.arg = ss_xstrdup(value);
			if (rc == 0 && r.kind == SS_SAN_SQL && !*value)
				rc = fail_at(p, x->line, x->column, "'sql' of column '%s' is empty",
					     column);
		} else {
			rc = fail_at(p, kl, kc, "unknown key '%s' in the rule of column '%s' (use %s,"
				     " when: EXPR, optional: true)", k, column, column_kinds);
		}
	}
	if (rc == 0 && !have)
		rc = fail_at(p, v->line, v->column, "column '%s' has no rule (use %s)", column,
			     column_kinds);
	if (rc == 0) {
		struct ss_san_rule *n = ss_san_add_rule(s, r.kind, table, column, origin);

		n->arg = r.arg;
		n->when = r.when;
		n->optional = r.optional;
	} else {
		free(r.arg);
		free(r.when);
	}
	free(origin);
	return rc;
}

static int parse_columns(struct ss_sanitize *s, const struct pos *p, const char *table,
			 const struct ss_node *v, int optional)
{
	if (v->kind != SS_NODE_MAP)
		return fail_at(p, v->line, v->column, "'columns' of table '%s' must map column"
			       " names to rules", table);
	for (size_t i = 0; i < v->n; i++) {
		int line, col;

		key_at(v, i, &line, &col);
		if (parse_column(s, p, table, v->keys[i], v->items[i], line, col, optional) < 0)
			return -1;
	}
	return 0;
}

static int add_table_rule(struct ss_sanitize *s, const struct pos *p, enum ss_san_kind kind,
			  const char *table, const char *arg, int optional, int line, int col)
{
	char *origin = origin_of(p, line, col);
	struct ss_san_rule *r = ss_san_add_rule(s, kind, table, NULL, origin);

	r->arg = ss_xstrdup(arg);
	r->optional = optional;
	free(origin);
	return 0;
}

/* One table: `truncate`, or {columns: ..., where: EXPR, truncate: true, optional: true}. */
static int parse_table(struct ss_sanitize *s, const struct pos *p, const char *table,
		       const struct ss_node *v, int line, int col)
{
	const struct ss_node *o = ss_node_get(v, "optional");
	int optional = 0, truncate = 0;

	if (!*table)
		return fail_at(p, line, col, "a sanitize table name is empty");
	if (v->kind == SS_NODE_SCALAR) {
		if (strcmp(v->scalar, "truncate"))
			return fail_at(p, v->line, v->column, "table '%s' must be 'truncate' or a"
				       " mapping (columns, where, truncate, optional)", table);
		return add_table_rule(s, p, SS_SAN_TRUNCATE, table, NULL, 0, line, col);
	}
	if (v->kind != SS_NODE_MAP)
		return fail_at(p, v->line, v->column, "table '%s' must be 'truncate' or a mapping"
			       " (columns, where, truncate, optional)", table);
	if (o && get_bool(p, o, "optional", &optional) < 0)
		return -1;
	for (size_t i = 0; i < v->n; i++) {
		const char *k = v->keys[i], *value = NULL;
		const struct ss_node *x = v->items[i];
		int kl, kc, rc = 0;

		key_at(v, i, &kl, &kc);
		if (!strcmp(k, "optional"))
			continue;
		if (!strcmp(k, "columns")) {
			rc = parse_columns(s, p, table, x, optional);
		} else if (!strcmp(k, "where")) {
			rc = get_scalar(p, x, "where", &value);
			if (rc == 0 && !*value)
				rc = fail_at(p, x->line, x->column, "'where' of table '%s' is empty",
					     table);
			if (rc == 0)
				rc = add_table_rule(s, p, SS_SAN_WHERE, table, value, optional, kl, kc);
		} else if (!strcmp(k, "truncate")) {
			rc = get_bool(p, x, "truncate", &truncate);
			if (rc == 0 && truncate)
				rc = add_table_rule(s, p, SS_SAN_TRUNCATE, table, NULL, optional, kl, kc);
		} else {
			rc = fail_at(p, kl, kc, "unknown key '%s' in sanitize table '%s' (use columns,"
				     " where, truncate or optional)", k, table);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int parse_tables(struct ss_sanitize *s, const struct pos *p, const struct ss_node *v)
{
	if (v->kind != SS_NODE_MAP)
		return fail_at(p, v->line, v->column, "sanitize 'tables' must map table names to"
			       " rules");
	for (size_t i = 0; i < v->n; i++) {
		int line, col;

		key_at(v, i, &line, &col);
		if (parse_table(s, p, v->keys[i], v->items[i], line, col) < 0)
			return -1;
	}
	return 0;
}

static int parse_key(struct ss_sanitize *s, const struct pos *p, const char *k,
		     const struct ss_node *v, int line, int column)
{
	const char *value = NULL;
	int flag;

	if (!strcmp(k, "required")) {
		if (get_bool(p, v, "required", &flag) < 0)
			return -1;
		if (flag && !s->required) {
			s->required = 1;
			s->required_by = origin_of(p, line, column);
		}
		return 0;
	}
	if (!strcmp(k, "profile") || !strcmp(k, "profiles"))
		return add_profiles_at(s, p, v);
	if (!strcmp(k, "prefix"))
		return get_scalar(p, v, "prefix", &value) < 0 ? -1
							   : set_once(p, v, "prefix", &s->prefix, value);
	if (!strcmp(k, "key-env") || !strcmp(k, "key-file"))
		return get_key_source(s, p, k, v, line, column);
	if (!strcmp(k, "tables"))
		return parse_tables(s, p, v);
	return fail_at(p, line, column, "unknown sanitize key '%s' (use required, profile, prefix,"
		       " key-env, key-file or tables)", k);
}

int ss_san_parse(struct ss_sanitize *s, const struct ss_node *n, const char *file,
		 struct ss_error *err)
{
	struct pos p = { file ? file : "(settings)", err };

	if (n->kind == SS_NODE_SCALAR) {
		if (!*n->scalar)
			return fail_at(&p, n->line, n->column, "'sanitize' is empty (a profile, "
				       "'required', or a mapping of required, profile, tables...)");
		if (!strcmp(n->scalar, "required")) {
			if (!s->required) {
				s->required = 1;
				s->required_by = origin_of(&p, n->line, n->column);
			}
			return 0;
		}
		return add_profiles_at(s, &p, n);
	}
	if (n->kind == SS_NODE_SEQ)
		return add_profiles_at(s, &p, n);
	for (size_t i = 0; i < n->n; i++) {
		int line, column;

		key_at(n, i, &line, &column);
		if (parse_key(s, &p, n->keys[i], n->items[i], line, column) < 0)
			return -1;
	}
	return 0;
}

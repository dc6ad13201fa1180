/*
 * bind.c - the rules checked against the tables of a run, and turned into
 * what each table's source query selects, keeps and counts.
 */
#include "config.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sanitize/internal.h"

#define DEFAULT_EMAIL_DOMAIN "@localhost.localdomain"

struct binder {
	const struct ss_sanitize *s;
	const struct ss_san_dialect_ops *ops;
	struct ss_san_run *run;
	size_t *tables_hit;      /* per rule: tables it names */
	size_t *columns_hit;     /* per column rule: columns it names */
	int fold;                /* column names are case-insensitive (MySQL) */
	struct ss_error *err;
};

/* One table being bound. */
struct tbind {
	const struct ss_san_table *t;
	char *name;                          /* "t" or "schema.t" */
	const struct ss_san_rule **rule;     /* per column: the rule that applies, or NULL */
	char **expr;                         /* per column: its select expression, or NULL */
	struct ss_san_plan *plan;
	int keep;                            /* its rows are copied: uses are recorded */
};

static int rule_fail(struct binder *b, const struct ss_san_rule *r, const char *table,
		     const char *column, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* "sanitize rule 'T.c' (ORIGIN): ..." */
static int rule_fail(struct binder *b, const struct ss_san_rule *r, const char *table,
		     const char *column, const char *fmt, ...)
{
	char msg[SS_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (column)
		return ss_error_set(b->err, SS_FAILED, "sanitize rule %s for '%s.%s' (%s): %s",
				    ss_san_kind_name(r->kind), table, column, r->origin, msg);
	return ss_error_set(b->err, SS_FAILED, "sanitize rule %s for '%s' (%s): %s",
			    ss_san_kind_name(r->kind), table, r->origin, msg);
}

static int has_wildcard(const char *p)
{
	return strpbrk(p, "*?[") != NULL;
}

static const struct ss_san_column *find_column(const struct binder *b,
					       const struct ss_san_table *t, const char *name,
					       size_t *index)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!(b->fold ? strcasecmp : strcmp)(t->cols[i].name, name)) {
			if (index)
				*index = i;
			return &t->cols[i];
		}
	return NULL;
}

static int rule_names_table(const struct ss_san_rule *r, const struct ss_san_table *t)
{
	return ss_san_rule_names(r, t->schema, t->name, t->parents, t->nparents);
}

static void add_use(struct tbind *tb, struct binder *b, const struct ss_san_rule *r,
		    const char *column, int slot)
{
	struct ss_san_run *run = b->run;
	struct ss_san_plan *p = tb->plan;
	struct ss_san_use *u;

	if (!tb->keep)
		return;
	run->uses = ss_xrealloc(run->uses, (run->nuses + 1) * sizeof(*run->uses));
	u = &run->uses[run->nuses];
	memset(u, 0, sizeof(*u));
	u->rule = r;
	u->table = ss_xstrdup(tb->name);
	u->column = ss_xstrdup(column);
	u->slot = slot;
	atomic_init(&u->values, 0);
	p->uses = ss_xrealloc(p->uses, (p->nuses + 1) * sizeof(*p->uses));
	p->uses[p->nuses++] = run->nuses++;
	if (r->kind == SS_SAN_HASH)
		run->hashes = 1;
}

/* Nonzero when column c is one of index u's. */
static int in_index(const struct ss_san_unique *u, const char *c)
{
	for (size_t i = 0; i < u->ncolumns; i++)
		if (u->columns[i] && !strcmp(u->columns[i], c))
			return 1;
	return 0;
}

/* Nonzero when every column of k is in names[0..n). */
static int covered(const struct ss_san_unique *k, char *const *names, size_t n)
{
	for (size_t i = 0; i < k->ncolumns; i++) {
		int found = 0;

		if (!k->columns[i])
			return 0;
		for (size_t j = 0; j < n && !found; j++)
			found = !strcmp(k->columns[i], names[j]);
		if (!found)
			return 0;
	}
	return k->ncolumns > 0;
}

/*
 * A template's value stays unique in index u when the columns it names and
 * u's other columns hold a whole unique key of the table.
 */
static int template_unique(const struct ss_san_table *t, const struct ss_san_unique *u,
			   const char *column, char *const *names, size_t n)
{
	char **set = ss_xcalloc(n + u->ncolumns + 1, sizeof(*set));
	size_t m = 0;
	int ok = 0;

	for (size_t i = 0; i < n; i++)
		set[m++] = names[i];
	for (size_t i = 0; i < u->ncolumns; i++)
		if (u->columns[i] && strcmp(u->columns[i], column))
			set[m++] = (char *)u->columns[i];
	for (size_t k = 0; k < t->nuniques && !ok; k++)
		ok = covered(&t->uniques[k], set, m);
	free(set);
	return ok;
}

/*
 * Split template into literal parts and {column} names: parts[2i] literal
 * text, parts[2i+1] a column name (or NULL at the end).  -1 on a brace
 * that does not close or names nothing.
 */
static int template_split(const char *tmpl, char ***parts, size_t *n)
{
	const char *p = tmpl;

	*parts = NULL;
	*n = 0;
	while (*p) {
		const char *open = strchr(p, '{'), *close;

		*parts = ss_xrealloc(*parts, (*n + 2) * sizeof(**parts));
		(*parts)[(*n)++] = ss_xstrndup(p, open ? (size_t)(open - p) : strlen(p));
		if (!open) {
			(*parts)[(*n)++] = NULL;
			return 0;
		}
		close = strchr(open, '}');
		if (!close || close == open + 1)
			return -1;
		(*parts)[(*n)++] = ss_xstrndup(open + 1, (size_t)(close - open - 1));
		p = close + 1;
	}
	return 0;
}

static void free_parts(char **parts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

/* A key of a single column, for the default template; NULL when none. */
static const char *single_key(const struct ss_san_table *t)
{
	for (size_t i = 0; i < t->nuniques; i++)
		if (t->uniques[i].ncolumns == 1 && t->uniques[i].columns[0])
			return t->uniques[i].columns[0];
	return NULL;
}

/* The rule's template, the default one filled in; NULL with err when none fits. */
static char *template_of(struct binder *b, struct tbind *tb, const struct ss_san_rule *r,
			 const char *column)
{
	const char *key;

	if (r->arg)
		return ss_xstrdup(r->arg);
	key = single_key(tb->t);
	if (!key) {
		rule_fail(b, r, tb->name, column, "the table has no single-column key to make"
			  " addresses of: give a template (email: \"user+{id}" DEFAULT_EMAIL_DOMAIN
			  "\")");
		return NULL;
	}
	return ss_xasprintf("%s+{%s}" DEFAULT_EMAIL_DOMAIN, column, key);
}

/* The value of an email rule: its template's parts, placeholders as text. */
static int render_template(struct binder *b, struct tbind *tb, size_t ci,
			   const struct ss_san_rule *r, struct ss_buf *v)
{
	const struct ss_san_column *c = &tb->t->cols[ci];
	char *tmpl = template_of(b, tb, r, c->name), **parts = NULL, **pieces, **names;
	size_t n = 0, npieces = 0, nnames = 0;
	int rc = 0;

	if (!tmpl)
		return -1;
	if (template_split(tmpl, &parts, &n) < 0) {
		free_parts(parts, n);
		rc = rule_fail(b, r, tb->name, c->name, "template '%s' has a '{' without a column"
			       " name and '}'", tmpl);
		free(tmpl);
		return rc;
	}
	pieces = ss_xcalloc(n + 1, sizeof(*pieces));
	names = ss_xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct ss_buf piece = SS_BUF_INIT, src = SS_BUF_INIT;
		size_t k;

		if (i % 2 == 0) {
			if (*parts[i]) {
				b->ops->literal(&piece, parts[i]);
				pieces[npieces++] = ss_buf_detach(&piece);
			}
			continue;
		}
		if (!parts[i])
			break;
		if (!find_column(b, tb->t, parts[i], &k)) {
			rc = rule_fail(b, r, tb->name, c->name, "template '%s' names no column of the"
				       " table: '%s'", tmpl, parts[i]);
			break;
		}
		/* its own old value is the template's to use ("{mail}.invalid") */
		if (k != ci && tb->rule[k] && tb->rule[k]->kind == SS_SAN_EMAIL) {
			rc = rule_fail(b, r, tb->name, c->name, "template '%s' names '%s', which is"
				       " made from a template too", tmpl, parts[i]);
			break;
		}
		names[nnames++] = (char *)tb->t->cols[k].name;
		/* a column that has its own rule shows its new value, never its old one */
		if (tb->expr[k])
			ss_buf_adds(&src, tb->expr[k]);
		else
			ss_san_ident(b->ops, &src, tb->t->cols[k].name);
		ss_san_as_text(b->ops, &piece, src.data);
		ss_buf_release(&src);
		pieces[npieces++] = ss_buf_detach(&piece);
	}
	for (size_t u = 0; rc == 0 && u < tb->t->nuniques; u++)
		if (in_index(&tb->t->uniques[u], c->name) &&
		    !template_unique(tb->t, &tb->t->uniques[u], c->name, names, nnames))
			rc = rule_fail(b, r, tb->name, c->name, "template '%s' would break unique"
				       " index '%s' (name columns that make a key of the table)",
				       tmpl, tb->t->uniques[u].name);
	if (rc == 0)
		ss_san_concat(b->ops, v, pieces, npieces);
	for (size_t i = 0; i < npieces; i++)
		free(pieces[i]);
	free(pieces);
	free(names);
	free_parts(parts, n);
	free(tmpl);
	return rc;
}

/* Refuse what the rule cannot do to column c. */
static int check_column(struct binder *b, struct tbind *tb, const struct ss_san_rule *r,
			const struct ss_san_column *c)
{
	const char *t = tb->name;
	int text = c->type == SS_SAN_T_TEXT, binary = c->type == SS_SAN_T_BINARY;

	if (r->kind == SS_SAN_NULL && c->notnull)
		return rule_fail(b, r, t, c->name, "the column is NOT NULL (use static or random)");
	if (r->kind == SS_SAN_HASH && !text && !binary)
		return rule_fail(b, r, t, c->name, "hash needs a text or binary column, not %s",
				 c->sqltype);
	for (size_t u = 0; u < tb->t->nuniques; u++) {
		const char *index = tb->t->uniques[u].name;

		if (!in_index(&tb->t->uniques[u], c->name))
			continue;
		if (r->kind == SS_SAN_STATIC)
			return rule_fail(b, r, t, c->name, "one value for every row would break"
					 " unique index '%s'", index);
		if (r->kind == SS_SAN_RANDOM)
			return rule_fail(b, r, t, c->name, "random values may repeat and break"
					 " unique index '%s' (use hash)", index);
		if (r->kind == SS_SAN_HASH && c->length &&
		    c->length < (text ? 16 : 8))
			return rule_fail(b, r, t, c->name, "a hash cut to %lld %s may repeat and"
					 " break unique index '%s'", c->length,
					 text ? "characters" : "bytes", index);
	}
	return 0;
}

/* The new value of column ci under rule r, before `when` (email: render_template). */
static int render_value(struct binder *b, struct tbind *tb, size_t ci,
			const struct ss_san_rule *r, struct ss_buf *v)
{
	const struct ss_san_column *c = &tb->t->cols[ci];
	struct ss_buf id = SS_BUF_INIT, raw = SS_BUF_INIT;
	long long cap = 0;
	int rc = 0;

	ss_san_ident(b->ops, &id, c->name);
	switch (r->kind) {
	case SS_SAN_NULL:
		ss_buf_adds(&raw, "NULL");
		break;
	case SS_SAN_STATIC:
		b->ops->literal(&raw, r->arg ? r->arg : "");
		break;
	case SS_SAN_HASH:
		ss_san_expand(&raw, b->ops->hash[c->type == SS_SAN_T_BINARY], id.data, 0);
		cap = c->type == SS_SAN_T_BINARY ? 32 : 64;
		break;
	case SS_SAN_EMAIL:
		rc = render_template(b, tb, ci, r, &raw);
		cap = c->type == SS_SAN_T_TEXT ? LLONG_MAX : 0;
		break;
	case SS_SAN_RANDOM:
		if (c->type < SS_SAN_T_OTHER && b->ops->random[c->type])
			ss_san_expand(&raw, b->ops->random[c->type], id.data,
				      ss_san_safe_digits(c->int_max));
		else
			rc = rule_fail(b, r, tb->name, c->name, "random has no values of type %s",
				       c->sqltype);
		break;
	case SS_SAN_SQL:
		ss_buf_addf(&raw, "(%s)", r->arg);
		break;
	default:
		break;
	}
	if (rc == 0 && cap && c->length && c->length < cap)
		ss_san_left(b->ops, v, raw.data, c->length);
	else
		ss_buf_adds(v, raw.data);
	ss_buf_release(&raw);
	ss_buf_release(&id);
	return rc;
}

/* Column ci's select expression under its rule: fitted to the column, under `when`. */
static int render_column(struct binder *b, struct tbind *tb, size_t ci)
{
	const struct ss_san_rule *r = tb->rule[ci];
	const struct ss_san_column *c = &tb->t->cols[ci];
	struct ss_buf v = SS_BUF_INIT, fitted = SS_BUF_INIT;

	if (check_column(b, tb, r, c) < 0 || render_value(b, tb, ci, r, &v) < 0) {
		ss_buf_release(&v);
		return -1;
	}
	if (r->when) {
		ss_buf_addf(&fitted, "CASE WHEN (%s) THEN ", r->when);
		b->ops->fit(&fitted, v.data, c);
		ss_buf_adds(&fitted, " ELSE ");
		ss_san_ident(b->ops, &fitted, c->name);
		ss_buf_adds(&fitted, " END");
	} else {
		b->ops->fit(&fitted, v.data, c);
	}
	ss_buf_release(&v);
	tb->expr[ci] = ss_buf_detach(&fitted);
	return 0;
}

/*
 * Which rule applies to each column (the first naming it), and the rules
 * naming a column the table lacks (an error unless optional).
 */
static int choose_rules(struct binder *b, struct tbind *tb)
{
	const struct ss_sanitize *s = b->s;

	for (size_t i = 0; i < s->nrules; i++) {
		const struct ss_san_rule *r = &s->rules[i];
		int named = 0;

		if (!r->column || !rule_names_table(r, tb->t))
			continue;
		for (size_t k = 0; k < tb->t->ncols; k++) {
			const struct ss_san_column *c = &tb->t->cols[k];

			if (fnmatch(r->column, c->name, b->fold ? FNM_CASEFOLD : 0) != 0)
				continue;
			if (c->generated && has_wildcard(r->column))
				continue;
			named = 1;
			if (c->generated)
				return rule_fail(b, r, tb->name, c->name, "the column is generated:"
						 " sanitize the columns it is computed from");
			if (!tb->rule[k])
				tb->rule[k] = r;
		}
		b->columns_hit[i] += named;
		if (!named && !has_wildcard(r->column) && !r->optional)
			return rule_fail(b, r, tb->name, r->column, "table '%s' has no column '%s'"
					 " (optional: true allows that)", tb->name, r->column);
	}
	return 0;
}

/* The table rules: truncate, or the where conditions ANDed into the filter. */
static void table_rules(struct binder *b, struct tbind *tb)
{
	const struct ss_sanitize *s = b->s;
	struct ss_buf f = SS_BUF_INIT;

	for (size_t i = 0; i < s->nrules; i++) {
		const struct ss_san_rule *r = &s->rules[i];

		if (r->kind == SS_SAN_TRUNCATE && rule_names_table(r, tb->t) && !tb->plan->truncate) {
			tb->plan->truncate = 1;
			add_use(tb, b, r, NULL, -1);
		}
	}
	for (size_t i = 0; i < s->nrules && !tb->plan->truncate; i++) {
		const struct ss_san_rule *r = &s->rules[i];

		if (r->kind != SS_SAN_WHERE || !rule_names_table(r, tb->t))
			continue;
		ss_buf_addf(&f, "%s(%s)", f.len ? " AND " : "", r->arg);
		add_use(tb, b, r, NULL, -1);
	}
	/* the engines copy a truncated table as structure only; this is the last line */
	if (tb->plan->truncate)
		ss_buf_adds(&f, b->ops->false_sql);
	tb->plan->filter = f.len ? ss_buf_detach(&f) : NULL;
	ss_buf_release(&f);
}

/* The select list, the uses of column rules and the count they need. */
static int column_plan(struct binder *b, struct tbind *tb)
{
	struct ss_san_plan *p = tb->plan;
	struct ss_buf sel = SS_BUF_INIT, count = SS_BUF_INIT;
	int any = 0;

	/* templates last: they show the new values of the columns they name */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < tb->t->ncols; i++)
			if (tb->rule[i] && (tb->rule[i]->kind == SS_SAN_EMAIL) == pass &&
			    render_column(b, tb, i) < 0)
				return -1;
	if (p->truncate)
		return 0;   /* checked, but no row goes through them */
	for (size_t i = 0; i < tb->t->ncols; i++) {
		const struct ss_san_column *c = &tb->t->cols[i];
		const struct ss_san_rule *r = tb->rule[i];

		if (c->generated)
			continue;
		if (sel.len)
			ss_buf_addc(&sel, ',');
		if (!tb->expr[i]) {
			ss_san_ident(b->ops, &sel, c->name);
			continue;
		}
		ss_buf_adds(&sel, tb->expr[i]);
		any = 1;
		if (!r->when) {
			add_use(tb, b, r, c->name, -1);
			continue;
		}
		/* the rows a `when` rewrites are counted in the snapshot, in one scan */
		ss_buf_addf(&count, "%sCOALESCE(SUM(CASE WHEN %s%s(%s) THEN 1 ELSE 0 END), 0)",
			    count.len ? ", " : "", p->filter ? p->filter : "",
			    p->filter ? " AND " : "", r->when);
		add_use(tb, b, r, c->name, p->nslots++);
	}
	if (any)
		p->select = ss_buf_detach(&sel);
	if (p->nslots)
		p->count = ss_buf_detach(&count);
	ss_buf_release(&sel);
	ss_buf_release(&count);
	return 0;
}

static int bind_table(struct binder *b, const struct ss_san_table *t, struct ss_san_plan *plan)
{
	struct tbind tb = { .t = t, .plan = plan, .keep = t->copied };
	int rc = -1;

	tb.name = t->schema ? ss_xasprintf("%s.%s", t->schema, t->name) : ss_xstrdup(t->name);
	tb.rule = ss_xcalloc(t->ncols + 1, sizeof(*tb.rule));
	tb.expr = ss_xcalloc(t->ncols + 1, sizeof(*tb.expr));
	for (size_t i = 0; i < b->s->nrules; i++)
		b->tables_hit[i] += rule_names_table(&b->s->rules[i], t);
	if (choose_rules(b, &tb) < 0)
		goto out;
	table_rules(b, &tb);
	if (column_plan(b, &tb) < 0)
		goto out;
	plan->est_rows = t->est_rows;
	if (plan->truncate)
		ss_san_plan_copied(b->run, plan, 0);
	rc = 0;
out:
	for (size_t i = 0; i < t->ncols; i++)
		free(tb.expr[i]);
	free(tb.expr);
	free(tb.rule);
	free(tb.name);
	if (!t->copied || rc < 0) {
		free(plan->select);
		free(plan->filter);
		free(plan->count);
		free(plan->uses);
		memset(plan, 0, sizeof(*plan));
	}
	return rc;
}

/* A rule that named nothing: an error unless optional. */
static int check_hits(struct binder *b)
{
	for (size_t i = 0; i < b->s->nrules; i++) {
		const struct ss_san_rule *r = &b->s->rules[i];

		if (r->optional)
			continue;
		if (!b->tables_hit[i])
			return ss_error_set(b->err, SS_FAILED, "sanitize rule %s for '%s%s%s' (%s): no"
					    " table '%s' in the source (optional: true allows that)",
					    ss_san_kind_name(r->kind), r->table, r->column ? "." : "",
					    r->column ? r->column : "", r->origin, r->table);
		if (r->column && !b->columns_hit[i])
			return ss_error_set(b->err, SS_FAILED, "sanitize rule %s for '%s.%s' (%s): no"
					    " column '%s' in table '%s'", ss_san_kind_name(r->kind),
					    r->table, r->column, r->origin, r->column, r->table);
	}
	return 0;
}

int ss_san_bind(const struct ss_sanitize *s, enum ss_san_dialect d,
		const struct ss_san_table *tables, size_t n, struct ss_san_run **out,
		struct ss_error *err)
{
	struct ss_san_run *run = ss_xcalloc(1, sizeof(*run));
	struct binder b = {
		.s = s,
		.ops = d == SS_SAN_MYSQL ? &ss_san_mysql_ops : &ss_san_pg_ops,
		.run = run,
		.tables_hit = ss_xcalloc(s->nrules + 1, sizeof(size_t)),
		.columns_hit = ss_xcalloc(s->nrules + 1, sizeof(size_t)),
		.fold = d == SS_SAN_MYSQL,
		.err = err,
	};
	int rc = 0;

	run->rules = s;
	run->dialect = d;
	run->plans = ss_xcalloc(n + 1, sizeof(*run->plans));
	run->nplans = n;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = bind_table(&b, &tables[i], &run->plans[i]);
	if (rc == 0)
		rc = check_hits(&b);
	if (rc == 0 && run->hashes)
		ss_san_key_pads(s, run->ipad, run->opad);
	free(b.tables_hit);
	free(b.columns_hit);
	if (rc < 0) {
		ss_san_run_free(run);
		run = NULL;
	}
	*out = run;
	return rc;
}

void ss_san_run_free(struct ss_san_run *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nplans; i++) {
		free(r->plans[i].select);
		free(r->plans[i].filter);
		free(r->plans[i].count);
		free(r->plans[i].uses);
	}
	free(r->plans);
	for (size_t i = 0; i < r->nuses; i++) {
		free(r->uses[i].table);
		free(r->uses[i].column);
	}
	free(r->uses);
	ss_wipe(r->ipad, sizeof(r->ipad));
	ss_wipe(r->opad, sizeof(r->opad));
	free(r);
}

int ss_san_plan_active(const struct ss_san_plan *p)
{
	return p && (p->select || p->filter || p->truncate);
}

void ss_san_plan_counted(struct ss_san_run *r, const struct ss_san_plan *p,
			 const long long *v, size_t n)
{
	for (size_t i = 0; i < p->nuses; i++) {
		struct ss_san_use *u = &r->uses[p->uses[i]];

		if (u->slot >= 0 && (size_t)u->slot < n)
			atomic_store(&u->values, v[u->slot]);
	}
}

void ss_san_plan_copied(struct ss_san_run *r, const struct ss_san_plan *p, long long rows)
{
	long long left = p->est_rows > rows ? p->est_rows - rows : 0;

	for (size_t i = 0; i < p->nuses; i++) {
		struct ss_san_use *u = &r->uses[p->uses[i]];

		if (u->rule->kind == SS_SAN_TRUNCATE || u->rule->kind == SS_SAN_WHERE)
			atomic_store(&u->values, left);
		else if (u->slot < 0)
			atomic_store(&u->values, rows);
	}
}

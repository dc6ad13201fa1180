/* requalify.c - rewrite the schema qualifiers of a definition, nothing else. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mysql/lex.h"
#include "lib/mysql/requalify.h"
#include "lib/mysql/util.h"

/* What the next name at one parenthesis level is. */
enum want {
	W_EXPR,   /* an expression: db.t.c, t.c, db.f(...) */
	W_OBJ,    /* an object: db.t */
	W_AFTER,  /* just after an object: its alias, hints, ",", JOIN */
	W_COND,   /* a join's condition: an expression, "," brings the next table */
};

struct level {
	enum want want;
	unsigned list : 1;   /* "," after an object brings another object */
	unsigned paren : 1;  /* "(" where an object is wanted opens a table list */
	unsigned query : 1;  /* a statement that reads tables (FROM) began here */
};

struct rq {
	struct ss_my_token *tok;  /* every token, the END token last */
	size_t ntok;
	size_t *sig;              /* indices of the significant tokens, END last */
	size_t nsig;
	char *schema;             /* per token: a schema qualifier */
	struct level *lv;         /* lv[0..depth] */
	size_t depth, cap;
	int seq_args;             /* the next "(" opens NEXTVAL()'s arguments */
};

/* The i-th significant token; past the end, the END token. */
static const struct ss_my_token *sig(const struct rq *r, size_t i)
{
	return &r->tok[r->sig[i < r->nsig ? i : r->nsig - 1]];
}

static int name(const struct ss_my_token *t)
{
	return t->kind == SS_MY_TOK_WORD || t->kind == SS_MY_TOK_QUOTED;
}

static int punct(const struct ss_my_token *t, char c)
{
	return t->kind == SS_MY_TOK_PUNCT && t->start[0] == c;
}

static void lex_all(struct rq *r, const char *sql, unsigned mode)
{
	struct ss_my_lexer lx;
	size_t cap = 0;

	ss_my_lex_init(&lx, sql, mode);
	for (;;) {
		struct ss_my_token t;
		enum ss_my_tok k = ss_my_lex_next(&lx, &t);

		if (r->ntok == cap) {
			cap = cap ? 2 * cap : 64;
			r->tok = ss_xrealloc(r->tok, cap * sizeof(*r->tok));
			r->sig = ss_xrealloc(r->sig, cap * sizeof(*r->sig));
		}
		r->tok[r->ntok] = t;
		if (k != SS_MY_TOK_SPACE && k != SS_MY_TOK_COMMENT)
			r->sig[r->nsig++] = r->ntok;
		r->ntok++;
		if (k == SS_MY_TOK_END)
			break;
	}
	r->schema = ss_xcalloc(r->ntok, 1);
}

static void set(struct level *l, enum want w, int list, int paren)
{
	l->want = w;
	l->list = list != 0;
	l->paren = paren != 0;
}

static void push(struct rq *r)
{
	struct level *up = &r->lv[r->depth], child = { W_EXPR, 0, 0, 0 };

	if (up->want == W_OBJ && up->paren)
		set(&child, W_OBJ, 1, 1);  /* FROM (t1 JOIN t2), FROM (SELECT ...) */
	else if (r->seq_args)
		set(&child, W_OBJ, 0, 0);  /* NEXTVAL(db.seq) */
	if (up->want == W_OBJ)
		up->want = W_AFTER;        /* the parenthesis stood for the object */
	r->seq_args = 0;
	if (r->depth + 1 == r->cap) {
		r->cap *= 2;
		r->lv = ss_xrealloc(r->lv, r->cap * sizeof(*r->lv));
	}
	r->lv[++r->depth] = child;
}

enum action {
	A_MODIFIER,  /* IF NOT EXISTS, IGNORE...: no change, not a name */
	A_CLAUSE,    /* WHERE, SET, ORDER...: expressions follow */
	A_SELECT,    /* SELECT: a query, expressions follow */
	A_FROM,      /* FROM: a table list in a query */
	A_JOIN,      /* JOIN: a table (list) */
	A_WRITE,     /* INSERT, REPLACE: a query writing one table */
	A_DML_LIST,  /* UPDATE, DELETE: a query writing a table list */
	A_ONE,       /* INTO, CALL, VIEW...: one object */
	A_LIST,      /* TABLE, TABLES, USING: an object list */
	A_TO,        /* RENAME ... TO: one object, in the current list */
	A_LIKE,      /* CREATE TABLE t LIKE: an object after an object */
	A_ON,        /* trigger's or index's ON: an object; a join's ON: an expression */
	A_OF,        /* ROW TYPE OF: an object */
	A_FOR,       /* NEXT VALUE FOR: an object */
	A_SEQ_FUNC,  /* NEXTVAL(: an object as first argument */
};

struct keyword {
	const char *word;
	enum action action;
	int plain;  /* not reserved: a table or alias may bear this name */
};

static const struct keyword keywords[] = {
	{ "IF", A_MODIFIER, 0 }, { "NOT", A_MODIFIER, 0 }, { "EXISTS", A_MODIFIER, 0 },
	{ "IGNORE", A_MODIFIER, 0 }, { "LOW_PRIORITY", A_MODIFIER, 0 },
	{ "HIGH_PRIORITY", A_MODIFIER, 0 }, { "DELAYED", A_MODIFIER, 0 },
	{ "QUICK", A_MODIFIER, 1 }, { "TEMPORARY", A_MODIFIER, 1 }, { "OR", A_MODIFIER, 0 },
	{ "AS", A_MODIFIER, 0 }, { "INNER", A_MODIFIER, 0 }, { "LEFT", A_MODIFIER, 0 },
	{ "RIGHT", A_MODIFIER, 0 }, { "OUTER", A_MODIFIER, 0 }, { "CROSS", A_MODIFIER, 0 },
	{ "NATURAL", A_MODIFIER, 0 },
	{ "WHERE", A_CLAUSE, 0 }, { "SET", A_CLAUSE, 0 }, { "GROUP", A_CLAUSE, 0 },
	{ "HAVING", A_CLAUSE, 0 }, { "ORDER", A_CLAUSE, 0 }, { "LIMIT", A_CLAUSE, 0 },
	{ "UNION", A_CLAUSE, 0 }, { "EXCEPT", A_CLAUSE, 0 }, { "INTERSECT", A_CLAUSE, 0 },
	{ "WINDOW", A_CLAUSE, 1 }, { "VALUES", A_CLAUSE, 0 }, { "VALUE", A_CLAUSE, 1 },
	{ "RETURNING", A_CLAUSE, 0 }, { "DO", A_CLAUSE, 1 }, { "THEN", A_CLAUSE, 0 },
	{ "ELSE", A_CLAUSE, 0 }, { "ELSEIF", A_CLAUSE, 0 }, { "WHEN", A_CLAUSE, 0 },
	{ "BEGIN", A_CLAUSE, 1 }, { "END", A_CLAUSE, 1 }, { "RETURN", A_CLAUSE, 0 },
	{ "RETURNS", A_CLAUSE, 1 }, { "WHILE", A_CLAUSE, 0 }, { "UNTIL", A_CLAUSE, 0 },
	{ "SELECT", A_SELECT, 0 },
	{ "FROM", A_FROM, 0 },
	{ "JOIN", A_JOIN, 0 }, { "STRAIGHT_JOIN", A_JOIN, 0 },
	{ "INSERT", A_WRITE, 0 }, { "REPLACE", A_WRITE, 0 },
	{ "UPDATE", A_DML_LIST, 0 }, { "DELETE", A_DML_LIST, 0 },
	{ "INTO", A_ONE, 0 }, { "CALL", A_ONE, 0 }, { "PROCEDURE", A_ONE, 0 },
	{ "FUNCTION", A_ONE, 1 }, { "VIEW", A_ONE, 0 }, { "TRIGGER", A_ONE, 0 },
	{ "EVENT", A_ONE, 1 }, { "SEQUENCE", A_ONE, 1 }, { "REFERENCES", A_ONE, 0 },
	{ "TRUNCATE", A_ONE, 1 },
	{ "TABLE", A_LIST, 0 }, { "TABLES", A_LIST, 1 }, { "USING", A_LIST, 0 },
	{ "TO", A_TO, 0 }, { "LIKE", A_LIKE, 0 }, { "ON", A_ON, 0 }, { "OF", A_OF, 0 },
	{ "FOR", A_FOR, 0 },
	{ "NEXTVAL", A_SEQ_FUNC, 1 }, { "LASTVAL", A_SEQ_FUNC, 1 }, { "SETVAL", A_SEQ_FUNC, 1 },
};

static const struct keyword *keyword(const struct ss_my_token *t)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(*keywords); i++)
		if (ss_my_token_is(t, keywords[i].word))
			return &keywords[i];
	return NULL;
}

/* Act on the keyword at significant index i; 0 when it is a name there. */
static int act(struct rq *r, size_t i)
{
	const struct ss_my_token *t = sig(r, i);
	const struct ss_my_token *prev = i ? sig(r, i - 1) : sig(r, r->nsig);
	const struct ss_my_token *prev2 = i > 1 ? sig(r, i - 2) : sig(r, r->nsig);
	const struct keyword *k = keyword(t);
	struct level *l = &r->lv[r->depth];
	int call = punct(sig(r, i + 1), '(');

	if (!k || (k->plain && (l->want == W_OBJ || l->want == W_AFTER)))
		return 0;
	switch (k->action) {
	case A_MODIFIER:
		break;
	case A_CLAUSE:
		set(l, W_EXPR, 0, 0);
		break;
	case A_SELECT:
		l->query = 1;
		set(l, W_EXPR, 0, 0);
		break;
	case A_FROM:
		if (l->query)   /* not EXTRACT(x FROM y), TRIM(x FROM y) */
			set(l, W_OBJ, 1, 1);
		break;
	case A_JOIN:
		set(l, W_OBJ, 1, 1);
		break;
	case A_WRITE:
		if (call)       /* INSERT(str, ...), REPLACE(str, ...) */
			return 0;
		l->query = 1;
		set(l, W_OBJ, 0, 0);
		break;
	case A_DML_LIST:
		if (ss_my_token_is(prev, "KEY") || ss_my_token_is(prev, "FOR")) {
			set(l, W_EXPR, 0, 0);   /* ON DUPLICATE KEY UPDATE, FOR UPDATE */
			break;
		}
		l->query = 1;
		set(l, W_OBJ, 1, 0);
		break;
	case A_ONE:
		if (call)       /* TRUNCATE(x, d) */
			return 0;
		set(l, W_OBJ, 0, 0);
		break;
	case A_LIST:
		set(l, W_OBJ, 1, 0);
		break;
	case A_TO:
		set(l, W_OBJ, l->list, 0);
		break;
	case A_LIKE:
		if (l->want == W_AFTER)
			set(l, W_OBJ, 0, 0);
		break;
	case A_ON:
		if (ss_my_token_is(prev, "INSERT") || ss_my_token_is(prev, "UPDATE") ||
		    ss_my_token_is(prev, "DELETE") || ss_my_token_is(prev2, "INDEX"))
			set(l, W_OBJ, 0, 0);
		else if (l->list)
			l->want = W_COND;   /* FROM a JOIN b ON (...), c */
		else
			set(l, W_EXPR, 0, 0);
		break;
	case A_OF:
		set(l, ss_my_token_is(prev, "TYPE") && ss_my_token_is(prev2, "ROW") ? W_OBJ
										: W_EXPR, 0, 0);
		break;
	case A_FOR:
		set(l, ss_my_token_is(prev, "VALUE") ? W_OBJ : W_EXPR, 0, 0);
		break;
	case A_SEQ_FUNC:
		if (!call)
			return 0;
		r->seq_args = 1;
		break;
	}
	return 1;
}

/* The dotted name starting at significant index i: its parts, star, last index. */
static size_t chain(const struct rq *r, size_t i, size_t *parts, int *star)
{
	*parts = 1;
	*star = 0;
	while (punct(sig(r, i + 1), '.')) {
		const struct ss_my_token *n = sig(r, i + 2);

		if (!name(n) && !punct(n, '*'))
			break;
		(*parts)++;
		i += 2;
		if (punct(n, '*')) {
			*star = 1;
			break;
		}
	}
	return i;
}

/* Mark the name at significant index i; returns the index after it. */
static size_t one_name(struct rq *r, size_t i)
{
	struct level *l = &r->lv[r->depth];
	size_t parts, last;
	int star;

	if (sig(r, i)->kind == SS_MY_TOK_WORD && !punct(sig(r, i + 1), '.') && act(r, i))
		return i + 1;
	last = chain(r, i, &parts, &star);
	if (parts >= 3 ||
	    (parts == 2 && !star && (l->want == W_OBJ || punct(sig(r, last + 1), '('))))
		r->schema[r->sig[i]] = 1;
	if (l->want == W_OBJ)
		l->want = W_AFTER;
	else if (l->want == W_AFTER && parts > 1)
		set(l, W_EXPR, 0, 0);  /* an alias is one name: the table list ended */
	return last + 1;
}

static void walk(struct rq *r)
{
	r->cap = 16;
	r->lv = ss_xcalloc(r->cap, sizeof(*r->lv));
	for (size_t i = 0; i < r->nsig;) {
		const struct ss_my_token *t = sig(r, i);
		struct level *l = &r->lv[r->depth];

		if (name(t)) {
			i = one_name(r, i);
			continue;
		}
		if (punct(t, '(')) {
			push(r);
		} else if (punct(t, ')')) {
			if (r->depth)
				r->depth--;
		} else if (punct(t, ',')) {
			if ((l->want == W_AFTER || l->want == W_COND) && l->list)
				l->want = W_OBJ;
			else if (l->want != W_COND)
				set(l, W_EXPR, 0, 0);
		} else if (punct(t, ';')) {
			r->depth = 0;
			memset(&r->lv[0], 0, sizeof(r->lv[0]));
		} else if (t->kind != SS_MY_TOK_END && l->want != W_COND) {
			set(l, W_EXPR, 0, 0);
		}
		r->seq_args = 0;
		i++;
	}
}

static int server_schema(const char *db)
{
	return !strcmp(db, "mysql") || !strcmp(db, "sys") ||
	       !strcmp(db, "information_schema") || !strcmp(db, "performance_schema");
}

static void add_other(struct ss_buf *others, const char *db)
{
	if (!others || server_schema(db))
		return;
	for (size_t off = 0; off < others->len; off += strlen(others->data + off) + 1)
		if (!strcmp(others->data + off, db))
			return;
	ss_buf_add(others, db, strlen(db) + 1);
}

char *ss_my_requalify(const char *sql, const char *from, const char *to, unsigned mode,
		      struct ss_buf *others)
{
	struct rq r;
	struct ss_buf out = SS_BUF_INIT;

	memset(&r, 0, sizeof(r));
	lex_all(&r, sql, mode);
	walk(&r);
	for (size_t k = 0; k < r.ntok; k++) {
		const struct ss_my_token *t = &r.tok[k];
		char *db;

		if (!r.schema[k]) {
			ss_buf_add(&out, t->start, t->len);
			continue;
		}
		db = ss_my_token_name(t);
		if (!strcmp(db, from)) {
			if (out.len && out.data[out.len - 1] == '`')
				ss_buf_addc(&out, ' ');  /* `a`b: `a` `to`, not `a``to` */
			ss_my_add_ident(&out, to);
		} else {
			ss_buf_add(&out, t->start, t->len);
			add_other(others, db);
		}
		free(db);
	}
	free(r.tok);
	free(r.sig);
	free(r.schema);
	free(r.lv);
	return ss_buf_detach(&out);
}

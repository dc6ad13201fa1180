/* lex.c - split MySQL/MariaDB SQL text into tokens the way the server does. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include <sitesync/buf.h>

#include "lib/mysql/lex.h"

/* A byte of an unquoted identifier: [0-9A-Za-z_$] and any non-ASCII byte. */
static int ident_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_' || c == '$' || c >= 0x80;
}

static int digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void ss_my_lex_init(struct ss_my_lexer *lx, const char *sql, unsigned mode)
{
	memset(lx, 0, sizeof(*lx));
	lx->p = sql;
	lx->mode = mode;
}

/* End of a quoted run opened by q at p (p points at the opening quote). */
static const char *quoted_end(const char *p, char q, int backslash)
{
	for (p++; *p; p++) {
		if (backslash && *p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == q) {
			if (p[1] == q) {
				p++;
				continue;
			}
			return p + 1;
		}
	}
	return p;
}

/* End of the line comment starting at p (the newline is not part of it). */
static const char *line_end(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? nl : p + strlen(p);
}

/* Length of "[eE][+-]?digits" at p, or 0. */
static size_t exponent_len(const char *p)
{
	size_t n = 1;

	if (*p != 'e' && *p != 'E')
		return 0;
	if (p[n] == '+' || p[n] == '-')
		n++;
	if (!digit((unsigned char)p[n]))
		return 0;
	while (digit((unsigned char)p[n]))
		n++;
	return n;
}

static int all_of(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(set, s[i]))
			return 0;
	return 1;
}

/*
 * A run of identifier bytes starting with a digit: a number (0x1F, 0b101,
 * 12, 1.5, 2e10, 1e-5) or, as the server reads "1abc", an identifier.
 */
static enum ss_my_tok digits_token(const char *p, const char **end)
{
	static const char digits[] = "0123456789";
	const char *q = p;
	size_t n, d;

	while (ident_byte((unsigned char)*q))
		q++;
	n = (size_t)(q - p);
	*end = q;
	if (n > 2 && p[0] == '0' && ((p[1] == 'x' && all_of(p + 2, n - 2, "0123456789abcdefABCDEF")) ||
				     (p[1] == 'b' && all_of(p + 2, n - 2, "01"))))
		return SS_MY_TOK_NUMBER;
	d = strspn(p, digits);
	if (d >= n) {   /* digits, then a fraction and an exponent perhaps */
		if (*q == '.')
			q += 1 + strspn(q + 1, digits);
		*end = q + exponent_len(q);
		return SS_MY_TOK_NUMBER;
	}
	if (exponent_len(p + d) == n - d)   /* 2e10 */
		return SS_MY_TOK_NUMBER;
	if (d + 1 == n && exponent_len(p + d)) {   /* 1e-5: the sign ended the run */
		*end = p + d + exponent_len(p + d);
		return SS_MY_TOK_NUMBER;
	}
	return SS_MY_TOK_WORD;
}

/* "@name", "@'name'", "@`name`", "@@scope.name": the end of the variable at p. */
static const char *variable_end(const char *p, unsigned mode)
{
	const char *q = p + 1;

	if (*q == '@')
		q++;
	if (*q == '\'' || *q == '"' || *q == '`')
		return quoted_end(q, *q, *q != '`' && !(mode & SS_MY_LEX_NO_BACKSLASH_ESCAPES));
	while (ident_byte((unsigned char)*q) || *q == '.')
		q++;
	return q;
}

/* The opening marker of an executable comment at p ("/ *!", "/ *M!", digits), or 0. */
static size_t exec_marker_len(const char *p)
{
	size_t n;

	if (p[2] == '!')
		n = 3;
	else if (p[2] == 'M' && p[3] == '!')
		n = 4;
	else
		return 0;
	for (size_t k = 0; k < 6 && digit((unsigned char)p[n]); k++)
		n++;
	return n;
}

/* The comment at p, or 0 when p does not start one. */
static const char *comment_end(struct ss_my_lexer *lx, const char *p)
{
	if (*p == '#')
		return line_end(p);
	if (p[0] == '-' && p[1] == '-' && (!p[2] || blank((unsigned char)p[2]) ||
					   (unsigned char)p[2] < 0x20))
		return line_end(p);
	if (p[0] == '/' && p[1] == '*') {
		size_t n = lx->in_exec ? 0 : exec_marker_len(p);
		const char *e;

		if (n) {
			lx->in_exec = 1;
			return p + n;
		}
		e = strstr(p + 2, "*/");
		return e ? e + 2 : p + strlen(p);
	}
	if (lx->in_exec && p[0] == '*' && p[1] == '/') {
		lx->in_exec = 0;
		return p + 2;
	}
	return NULL;
}

enum ss_my_tok ss_my_lex_next(struct ss_my_lexer *lx, struct ss_my_token *t)
{
	const char *p = lx->p, *e;
	unsigned char c = (unsigned char)*p;
	int backslash = !(lx->mode & SS_MY_LEX_NO_BACKSLASH_ESCAPES);
	int after_name = lx->after_name, after_dot = lx->after_dot;

	t->start = p;
	lx->after_name = lx->after_dot = 0;
	if (!c) {
		t->kind = SS_MY_TOK_END;
		e = p;
	} else if (blank(c)) {
		for (e = p; blank((unsigned char)*e); e++)
			;
		t->kind = SS_MY_TOK_SPACE;
	} else if ((e = comment_end(lx, p))) {
		t->kind = SS_MY_TOK_COMMENT;
	} else if (c == '`' || (c == '"' && (lx->mode & SS_MY_LEX_ANSI_QUOTES))) {
		e = quoted_end(p, (char)c, 0);
		t->kind = SS_MY_TOK_QUOTED;
		lx->after_name = 1;
	} else if (c == '\'' || c == '"') {
		e = quoted_end(p, (char)c, backslash);
		t->kind = SS_MY_TOK_STRING;
	} else if (c == '@' && p[1] && (ident_byte((unsigned char)p[1]) || strchr("@'\"`.", p[1]))) {
		e = variable_end(p, lx->mode);
		t->kind = SS_MY_TOK_VARIABLE;
	} else if (ident_byte(c) && (after_dot || !digit(c))) {
		for (e = p; ident_byte((unsigned char)*e); e++)
			;
		t->kind = SS_MY_TOK_WORD;
		lx->after_name = 1;
	} else if (digit(c)) {
		t->kind = digits_token(p, &e);
		lx->after_name = t->kind == SS_MY_TOK_WORD;
	} else if (c == '.' && digit((unsigned char)p[1]) && !after_name) {
		for (e = p + 1; digit((unsigned char)*e); e++)
			;
		e += exponent_len(e);
		t->kind = SS_MY_TOK_NUMBER;
	} else {
		e = p + 1;
		t->kind = SS_MY_TOK_PUNCT;
		lx->after_dot = c == '.' && after_name;
	}
	t->len = (size_t)(e - p);
	lx->p = e;
	return t->kind;
}

char *ss_my_token_name(const struct ss_my_token *t)
{
	struct ss_buf b = SS_BUF_INIT;
	char q;
	size_t end;

	if (t->kind != SS_MY_TOK_QUOTED)
		return ss_xstrndup(t->start, t->len);
	q = t->start[0];
	/* an unterminated quote runs to the end of the text */
	end = t->len > 1 && t->start[t->len - 1] == q ? t->len - 1 : t->len;
	for (size_t i = 1; i < end; i++) {
		ss_buf_addc(&b, t->start[i]);
		if (t->start[i] == q && i + 1 < end && t->start[i + 1] == q)
			i++;
	}
	return ss_buf_detach(&b);
}

int ss_my_token_is(const struct ss_my_token *t, const char *kw)
{
	return t->kind == SS_MY_TOK_WORD && strlen(kw) == t->len &&
	       !strncasecmp(t->start, kw, t->len);
}

unsigned ss_my_lex_mode(const char *sql_mode)
{
	/* the combination modes that include ANSI_QUOTES */
	static const char *const ansi[] = { "ANSI_QUOTES", "ANSI", "ORACLE", "POSTGRESQL",
					     "MSSQL", "DB2", "MAXDB" };
	unsigned mode = 0;
	const char *p = sql_mode;

	while (p && *p) {
		size_t n = strcspn(p, ",");

		for (size_t i = 0; i < sizeof(ansi) / sizeof(*ansi); i++)
			if (strlen(ansi[i]) == n && !strncasecmp(p, ansi[i], n))
				mode |= SS_MY_LEX_ANSI_QUOTES;
		if (n == strlen("NO_BACKSLASH_ESCAPES") &&
		    !strncasecmp(p, "NO_BACKSLASH_ESCAPES", n))
			mode |= SS_MY_LEX_NO_BACKSLASH_ESCAPES;
		p += n;
		if (*p == ',')
			p++;
	}
	return mode;
}

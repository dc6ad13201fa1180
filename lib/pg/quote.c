/* quote.c - quoting, UTF-8-safe name cutting and schema remapping for PostgreSQL DDL. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pg/quote.h"

void ss_pg_add_ident(struct ss_buf *b, const char *ident)
{
	ss_buf_addc(b, '"');
	for (const char *p = ident; *p; p++) {
		if (*p == '"')
			ss_buf_addc(b, '"');
		ss_buf_addc(b, *p);
	}
	ss_buf_addc(b, '"');
}

void ss_pg_add_qname(struct ss_buf *b, const char *schema, const char *name)
{
	ss_pg_add_ident(b, schema);
	ss_buf_addc(b, '.');
	ss_pg_add_ident(b, name);
}

/* PostgreSQL's keywords that quote_ident() quotes (reserved, column-name and type/function-name ones). */
static const char *const keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
	"authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
	"char", "character", "check", "coalesce", "collate", "collation", "column",
	"concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
	"current_role", "current_schema", "current_time", "current_timestamp", "current_user",
	"dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end",
	"except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "freeze",
	"from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
	"initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
	"isnull", "join", "json", "json_array", "json_arrayagg", "json_object", "json_objectagg",
	"lateral", "leading", "least", "left", "like", "limit", "localtime", "localtimestamp",
	"national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif",
	"numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
	"placing", "position", "precision", "primary", "real", "references", "returning", "right",
	"row", "select", "session_user", "setof", "similar", "smallint", "some", "substring",
	"symmetric", "system_user", "table", "tablesample", "then", "time", "timestamp", "to",
	"trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values",
	"varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes",
	"xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi",
	"xmlroot", "xmlserialize", "xmltable",
};

int ss_pg_ident_needs_quotes(const char *ident)
{
	if (!*ident || !((*ident >= 'a' && *ident <= 'z') || *ident == '_'))
		return 1;
	for (const char *p = ident; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return 1;
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!strcmp(ident, keywords[i]))
			return 1;
	return 0;
}

void ss_pg_add_ident_min(struct ss_buf *b, const char *ident)
{
	if (ss_pg_ident_needs_quotes(ident))
		ss_pg_add_ident(b, ident);
	else
		ss_buf_adds(b, ident);
}

char *ss_pg_quote_ident(const char *ident)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_pg_add_ident(&b, ident);
	return ss_buf_detach(&b);
}

void ss_pg_add_literal(struct ss_buf *b, const char *s)
{
	int backslash = strchr(s, '\\') != NULL;

	if (backslash)
		ss_buf_adds(b, " E");
	ss_buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'' || (backslash && *p == '\\'))
			ss_buf_addc(b, *p);
		ss_buf_addc(b, *p);
	}
	ss_buf_addc(b, '\'');
}

size_t ss_pg_utf8_cut(const char *s, size_t max)
{
	size_t len = strlen(s);

	if (len <= max)
		return len;
	/* back up over continuation bytes (10xxxxxx) to a character start */
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

char *ss_pg_dropped_name(const char *name, time_t when)
{
	char suffix[40];
	struct tm tm;
	size_t keep;

	gmtime_r(&when, &tm);
	strftime(suffix, sizeof(suffix), "_dropped_%Y%m%dT%H%M%SZ", &tm);
	keep = ss_pg_utf8_cut(name, SS_PG_NAME_MAX - strlen(suffix));
	return ss_xasprintf("%.*s%s", (int)keep, name, suffix);
}

int ss_pg_is_dropped_name(const char *name)
{
	static const char pat[] = "_dropped_NNNNNNNNTNNNNNNZ";
	size_t len = strlen(name), plen = sizeof(pat) - 1;
	const char *s;

	if (len < plen)
		return 0;
	s = name + len - plen;
	for (size_t i = 0; i < plen; i++) {
		if (pat[i] == 'N') {
			if (s[i] < '0' || s[i] > '9')
				return 0;
		} else if (s[i] != pat[i]) {
			return 0;
		}
	}
	return 1;
}

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* Does text at p start the reference `from.` (bare or quoted form)? Sets *len. */
static int match_schema(const char *p, const char *bare, size_t blen, const char *quoted,
			size_t qlen, size_t *len)
{
	if (!strncmp(p, quoted, qlen) && p[qlen] == '.') {
		*len = qlen;
		return 1;
	}
	if (blen && !strncmp(p, bare, blen) && p[blen] == '.') {
		*len = blen;
		return 1;
	}
	return 0;
}

/* Can `name` appear unquoted (lowercase letters, digits, _ and not a digit first)? */
static int bare_ok(const char *name)
{
	if (!*name || (*name >= '0' && *name <= '9'))
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
	return 1;
}

char *ss_pg_remap_schema(const char *text, const char *from, const char *to)
{
	struct ss_buf b = SS_BUF_INIT;
	char *quoted = ss_pg_quote_ident(from);
	size_t qlen = strlen(quoted), blen = bare_ok(from) ? strlen(from) : 0, len;
	const char *p = text;

	if (!strcmp(from, to)) {
		free(quoted);
		return ss_xstrdup(text);
	}
	while (*p) {
		int boundary = p == text || (!ident_char(p[-1]) && p[-1] != '"' && p[-1] != '.');

		if (boundary && match_schema(p, from, blen, quoted, qlen, &len)) {
			ss_pg_add_ident_min(&b, to); /* as PostgreSQL would print it */
			p += len;
			continue;
		}
		ss_buf_addc(&b, *p++);
	}
	free(quoted);
	return ss_buf_detach(&b);
}

char *ss_pg_text_array(const char *const *names, size_t n)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_addc(&b, '{');
	for (size_t i = 0; i < n; i++) {
		if (i)
			ss_buf_addc(&b, ',');
		ss_buf_addc(&b, '"');
		for (const char *p = names[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				ss_buf_addc(&b, '\\');
			ss_buf_addc(&b, *p);
		}
		ss_buf_addc(&b, '"');
	}
	ss_buf_addc(&b, '}');
	return ss_buf_detach(&b);
}

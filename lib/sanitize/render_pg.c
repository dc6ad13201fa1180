/*
 * render_pg.c - the SQL of each rule for a PostgreSQL COPY (SELECT ...).
 * Every value is cast to the column's declared type, so a binary COPY
 * carries exactly the types the target expects.  The source session runs
 * with an empty search_path: only pg_catalog's functions are named.
 * HMAC-SHA256 is composed of sha256() (PostgreSQL 11) over the session's
 * pads (SS_SAN_PG_IPAD, SS_SAN_PG_OPAD, set with set_config()).
 */
#include "config.h"

#include <string.h>

#include "lib/sanitize/internal.h"

static void ident(struct ss_buf *out, const char *name)
{
	ss_buf_addc(out, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			ss_buf_addc(out, '"');
		ss_buf_addc(out, *p);
	}
	ss_buf_addc(out, '"');
}

/* E'...': the same whatever standard_conforming_strings says. */
static void literal(struct ss_buf *out, const char *text)
{
	ss_buf_adds(out, "E'");
	for (const char *p = text; *p; p++) {
		if (*p == '\'' || *p == '\\')
			ss_buf_addc(out, *p);
		ss_buf_addc(out, *p);
	}
	ss_buf_addc(out, '\'');
}

static void as_text(struct ss_buf *out, const char *expr)
{
	ss_buf_addf(out, "COALESCE((%s)::text, '')", expr);
}

static void concat(struct ss_buf *out, char *const *parts, size_t n)
{
	ss_buf_addc(out, '(');
	for (size_t i = 0; i < n; i++)
		ss_buf_addf(out, "%s%s", i ? " || " : "", parts[i]);
	if (!n)
		ss_buf_adds(out, "''");
	ss_buf_addc(out, ')');
}

static void hash(struct ss_buf *out, const char *expr, const struct ss_san_column *c)
{
	int binary = c->type == SS_SAN_T_BINARY;

	if (!binary)
		ss_buf_adds(out, "encode(");
	ss_buf_adds(out, "sha256(decode(current_setting('" SS_SAN_PG_OPAD "'), 'hex') ||"
		    " sha256(decode(current_setting('" SS_SAN_PG_IPAD "'), 'hex') || ");
	if (binary)
		ss_buf_addf(out, "(%s)::bytea", expr);
	else
		ss_buf_addf(out, "convert_to((%s)::text, 'UTF8')", expr);
	ss_buf_adds(out, "))");
	if (!binary)
		ss_buf_adds(out, ", 'hex')");
}

static int random_value(struct ss_buf *out, const char *expr, const struct ss_san_column *c)
{
	switch (c->type) {
	case SS_SAN_T_TEXT:
		ss_buf_addf(out, "substr(repeat(md5(random()::text), length(%s) / 32 + 1), 1,"
			    " length(%s))", expr, expr);
		return 0;
	case SS_SAN_T_BINARY:
		ss_buf_addf(out, "substr(decode(repeat(md5(random()::text), length(%s) / 16 + 1),"
			    " 'hex'), 1, length(%s))", expr, expr);
		return 0;
	case SS_SAN_T_INT:
		ss_buf_addf(out, "CASE WHEN %s IS NULL THEN NULL ELSE floor(random() * 10 ^"
			    " least(length(abs(%s)::text), %d))::bigint END", expr, expr,
			    ss_san_safe_digits(c->int_max));
		return 0;
	case SS_SAN_T_NUMBER:
		ss_buf_addf(out, "CASE WHEN %s IS NULL THEN NULL ELSE floor(random() * 10 ^"
			    " least(length(trunc(abs(%s))::text), 15)) END", expr, expr);
		return 0;
	case SS_SAN_T_DATE:
		ss_buf_addf(out, "CASE WHEN %s IS NULL THEN NULL ELSE DATE '1970-01-02' +"
			    " floor(random() * 20000)::integer END", expr);
		return 0;
	case SS_SAN_T_DATETIME:
		ss_buf_addf(out, "CASE WHEN %s IS NULL THEN NULL ELSE TIMESTAMP '1970-01-02 00:00:00'"
			    " + floor(random() * 1728000000) * INTERVAL '1 second' END", expr);
		return 0;
	case SS_SAN_T_UUID:
		ss_buf_addf(out, "CASE WHEN %s IS NULL THEN NULL ELSE md5(random()::text)::uuid END",
			    expr);
		return 0;
	default:
		return -1;
	}
}

static void fit(struct ss_buf *out, const char *expr, const struct ss_san_column *c)
{
	ss_buf_addf(out, "CAST(%s AS %s)", expr, c->sqltype);
}

static void left(struct ss_buf *out, const char *expr, long long n)
{
	ss_buf_addf(out, "substr(%s, 1, %lld)", expr, n);
}

const struct ss_san_dialect_ops ss_san_pg_ops = {
	.ident = ident,
	.literal = literal,
	.as_text = as_text,
	.concat = concat,
	.hash = hash,
	.random = random_value,
	.fit = fit,
	.left = left,
	.false_sql = "false",
};

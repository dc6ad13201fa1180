/*
 * render_mysql.c - the SQL of each rule for a MySQL/MariaDB source SELECT.
 * Literals are hex (_utf8mb4 X'...'), whatever the session's sql_mode; text
 * values are converted to the column's character set, since LOAD DATA
 * stores the bytes as they come.  HMAC-SHA256 is composed of SHA2() over
 * the session's pads (SS_SAN_MYSQL_IPAD, SS_SAN_MYSQL_OPAD).
 */
#include "config.h"

#include <string.h>

#include "lib/sanitize/internal.h"

static void ident(struct ss_buf *out, const char *name)
{
	ss_buf_addc(out, '`');
	for (const char *p = name; *p; p++) {
		if (*p == '`')
			ss_buf_addc(out, '`');
		ss_buf_addc(out, *p);
	}
	ss_buf_addc(out, '`');
}

static void literal(struct ss_buf *out, const char *text)
{
	static const char hex[] = "0123456789abcdef";

	if (!*text) {
		ss_buf_adds(out, "''");
		return;
	}
	ss_buf_adds(out, "_utf8mb4 X'");
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		ss_buf_addc(out, hex[*p >> 4]);
		ss_buf_addc(out, hex[*p & 15]);
	}
	ss_buf_addc(out, '\'');
}

static void as_text(struct ss_buf *out, const char *expr)
{
	ss_buf_addf(out, "COALESCE(CAST(%s AS CHAR), '')", expr);
}

static void concat(struct ss_buf *out, char *const *parts, size_t n)
{
	ss_buf_adds(out, "CONCAT(");
	for (size_t i = 0; i < n; i++)
		ss_buf_addf(out, "%s%s", i ? ", " : "", parts[i]);
	if (!n)
		ss_buf_adds(out, "''");
	ss_buf_addc(out, ')');
}

static void hash(struct ss_buf *out, const char *expr, const struct ss_san_column *c)
{
	if (c->type == SS_SAN_T_BINARY)
		ss_buf_adds(out, "UNHEX(");
	ss_buf_addf(out, "SHA2(CONCAT(" SS_SAN_MYSQL_OPAD ", UNHEX(SHA2(CONCAT(" SS_SAN_MYSQL_IPAD
		    ", CAST(%s AS BINARY)), 256))), 256)", expr);
	if (c->type == SS_SAN_T_BINARY)
		ss_buf_addc(out, ')');
}

static int random_value(struct ss_buf *out, const char *expr, const struct ss_san_column *c)
{
	switch (c->type) {
	case SS_SAN_T_TEXT:
		ss_buf_addf(out, "LEFT(REPEAT(MD5(RAND()), CHAR_LENGTH(%s) DIV 32 + 1),"
			    " CHAR_LENGTH(%s))", expr, expr);
		return 0;
	case SS_SAN_T_BINARY:
		ss_buf_addf(out, "LEFT(UNHEX(REPEAT(MD5(RAND()), LENGTH(%s) DIV 16 + 1)), LENGTH(%s))",
			    expr, expr);
		return 0;
	case SS_SAN_T_INT:
		ss_buf_addf(out, "CASE WHEN %s IS NULL THEN NULL ELSE FLOOR(RAND() * POW(10,"
			    " LEAST(CHAR_LENGTH(ABS(%s)), %d))) END", expr, expr,
			    ss_san_safe_digits(c->int_max));
		return 0;
	case SS_SAN_T_NUMBER:
		ss_buf_addf(out, "CASE WHEN %s IS NULL THEN NULL ELSE FLOOR(RAND() * POW(10,"
			    " LEAST(CHAR_LENGTH(TRUNCATE(ABS(%s), 0)), 15))) END", expr, expr);
		return 0;
	case SS_SAN_T_DATE:
		ss_buf_addf(out, "CASE WHEN %s IS NULL THEN NULL ELSE DATE('1970-01-02') +"
			    " INTERVAL FLOOR(RAND() * 20000) DAY END", expr);
		return 0;
	case SS_SAN_T_DATETIME:
		ss_buf_addf(out, "CASE WHEN %s IS NULL THEN NULL ELSE TIMESTAMP('1970-01-02 00:00:00')"
			    " + INTERVAL FLOOR(RAND() * 1728000000) SECOND END", expr);
		return 0;
	default:
		return -1;
	}
}

static void fit(struct ss_buf *out, const char *expr, const struct ss_san_column *c)
{
	if (c->type == SS_SAN_T_TEXT && c->charset && *c->charset && strcmp(c->charset, "binary"))
		ss_buf_addf(out, "CONVERT(%s USING %s)", expr, c->charset);
	else
		ss_buf_adds(out, expr);
}

static void left(struct ss_buf *out, const char *expr, long long n)
{
	ss_buf_addf(out, "LEFT(%s, %lld)", expr, n);
}

const struct ss_san_dialect_ops ss_san_mysql_ops = {
	.ident = ident,
	.literal = literal,
	.as_text = as_text,
	.concat = concat,
	.hash = hash,
	.random = random_value,
	.fit = fit,
	.left = left,
	.false_sql = "FALSE",
};

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

static void fit(struct ss_buf *out, const char *expr, const struct ss_san_column *c)
{
	if (c->type == SS_SAN_T_TEXT && c->charset && *c->charset && strcmp(c->charset, "binary"))
		ss_buf_addf(out, "CONVERT(%s USING %s)", expr, c->charset);
	else
		ss_buf_adds(out, expr);
}

const struct ss_san_dialect_ops ss_san_mysql_ops = {
	.quote = '`',
	.as_text = { "COALESCE(CAST(", " AS CHAR), '')" },
	.concat = { "CONCAT(", ", ", ")" },
	.left = { "LEFT(", ", " },
	.false_sql = "FALSE",
	.hash = {
		"SHA2(CONCAT(" SS_SAN_MYSQL_OPAD ", UNHEX(SHA2(CONCAT(" SS_SAN_MYSQL_IPAD ","
		" CAST({} AS BINARY)), 256))), 256)",
		"UNHEX(SHA2(CONCAT(" SS_SAN_MYSQL_OPAD ", UNHEX(SHA2(CONCAT(" SS_SAN_MYSQL_IPAD ","
		" CAST({} AS BINARY)), 256))), 256))",
	},
	.random = {
		[SS_SAN_T_TEXT] = "LEFT(REPEAT(MD5(RAND()), CHAR_LENGTH({}) DIV 32 + 1), CHAR_LENGTH({}))",
		[SS_SAN_T_BINARY] = "LEFT(UNHEX(REPEAT(MD5(RAND()), LENGTH({}) DIV 16 + 1)), LENGTH({}))",
		[SS_SAN_T_INT] = "CASE WHEN {} IS NULL THEN NULL ELSE"
				 " FLOOR(RAND() * POW(10, LEAST(CHAR_LENGTH(ABS({})), {d}))) END",
		[SS_SAN_T_NUMBER] = "CASE WHEN {} IS NULL THEN NULL ELSE"
				    " FLOOR(RAND() * POW(10, LEAST(CHAR_LENGTH(TRUNCATE(ABS({}), 0)), 15))) END",
		[SS_SAN_T_DATE] = "CASE WHEN {} IS NULL THEN NULL ELSE"
				  " DATE('1970-01-02') + INTERVAL FLOOR(RAND() * 20000) DAY END",
		[SS_SAN_T_DATETIME] = "CASE WHEN {} IS NULL THEN NULL ELSE TIMESTAMP('1970-01-02"
				      " 00:00:00') + INTERVAL FLOOR(RAND() * 1728000000) SECOND END",
	},
	.literal = literal,
	.fit = fit,
};

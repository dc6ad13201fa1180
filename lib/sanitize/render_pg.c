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

static void fit(struct ss_buf *out, const char *expr, const struct ss_san_column *c)
{
	ss_buf_addf(out, "CAST(%s AS %s)", expr, c->sqltype);
}

const struct ss_san_dialect_ops ss_san_pg_ops = {
	.quote = '"',
	.as_text = { "COALESCE((", ")::text, '')" },
	.concat = { "(", " || ", ")" },
	.left = { "substr(", ", 1, " },
	.false_sql = "false",
	.hash = {
		"encode(sha256(decode(current_setting('" SS_SAN_PG_OPAD "'), 'hex') ||"
		" sha256(decode(current_setting('" SS_SAN_PG_IPAD "'), 'hex') ||"
		" convert_to(({})::text, 'UTF8'))), 'hex')",
		"sha256(decode(current_setting('" SS_SAN_PG_OPAD "'), 'hex') ||"
		" sha256(decode(current_setting('" SS_SAN_PG_IPAD "'), 'hex') || ({})::bytea))",
	},
	.random = {
		[SS_SAN_T_TEXT] = "substr(repeat(md5(random()::text), length({}) / 32 + 1), 1, length({}))",
		[SS_SAN_T_BINARY] = "substr(decode(repeat(md5(random()::text), length({}) / 16 + 1),"
				    " 'hex'), 1, length({}))",
		[SS_SAN_T_INT] = "CASE WHEN {} IS NULL THEN NULL ELSE"
				 " floor(random() * 10 ^ least(length(abs({})::text), {d}))::bigint END",
		[SS_SAN_T_NUMBER] = "CASE WHEN {} IS NULL THEN NULL ELSE"
				    " floor(random() * 10 ^ least(length(trunc(abs({}))::text), 15)) END",
		[SS_SAN_T_DATE] = "CASE WHEN {} IS NULL THEN NULL ELSE"
				  " DATE '1970-01-02' + floor(random() * 20000)::integer END",
		[SS_SAN_T_DATETIME] = "CASE WHEN {} IS NULL THEN NULL ELSE TIMESTAMP '1970-01-02"
				      " 00:00:00' + floor(random() * 1728000000) * INTERVAL '1 second' END",
		[SS_SAN_T_UUID] = "CASE WHEN {} IS NULL THEN NULL ELSE md5(random()::text)::uuid END",
	},
	.literal = literal,
	.fit = fit,
};

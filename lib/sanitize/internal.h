/*
 * internal.h - what the files of lib/sanitize share: rule lists, patterns,
 * the profiles, and the SQL each dialect writes for a rule.
 */
#ifndef SS_SANITIZE_INTERNAL_H
#define SS_SANITIZE_INTERNAL_H

#include "lib/sanitize/sanitize.h"

/* Append a rule to s (strings copied; column NULL for a table rule); returns it. */
struct ss_san_rule *ss_san_add_rule(struct ss_sanitize *s, enum ss_san_kind kind,
				    const char *table, const char *column, const char *origin);
void ss_san_rule_release(struct ss_san_rule *r);
/* Nonzero for truncate and where. */
int ss_san_table_rule(enum ss_san_kind k);
/* fnmatch of a table pattern: with a dot against "schema.name", else name. */
int ss_san_pattern_match(const char *pattern, const char *schema, const char *name);
/* Nonzero when rule r names the table or one of its parents. */
int ss_san_rule_names(const struct ss_san_rule *r, const char *schema, const char *name,
		      const char *const *parents, size_t nparents);

/* Nonzero when a profile of that name exists. */
int ss_san_profile_known(const char *name);
/* Append the rules of profile name, tables prefixed (prefix NULL: its default). */
void ss_san_profile_add(struct ss_sanitize *s, const char *name, const char *prefix);

/* Wipe n bytes in a way the compiler keeps. */
void ss_san_wipe(void *p, size_t n);
/* The key's two pads as hex (2 * 64 digits and a NUL each). */
void ss_san_key_pads(const struct ss_sanitize *s, char *ipad, char *opad);
/* The decimal digits every value below int_max has (127: 2). */
int ss_san_safe_digits(long long int_max);

/*
 * What a dialect writes (render_mysql.c, render_pg.c).  Each appends to
 * out; col is the column the value goes to, value an expression already
 * rendered.  NULL-valued sources stay NULL where the rule says so.
 */
struct ss_san_dialect_ops {
	void (*ident)(struct ss_buf *out, const char *name);
	void (*literal)(struct ss_buf *out, const char *text);
	/* The column's value as text for a template ("" when NULL). */
	void (*as_text)(struct ss_buf *out, const char *expr);
	/* Concatenate n rendered parts. */
	void (*concat)(struct ss_buf *out, char *const *parts, size_t n);
	/* HMAC-SHA256 of expr keyed by the session's pads: hex for text, bytes for binary. */
	void (*hash)(struct ss_buf *out, const char *expr, const struct ss_san_column *c);
	/* A random value of c's type and of expr's length; -1 when the type has none. */
	int (*random)(struct ss_buf *out, const char *expr, const struct ss_san_column *c);
	/* expr made a value of c (PostgreSQL casts; MySQL converts text to c's charset). */
	void (*fit)(struct ss_buf *out, const char *expr, const struct ss_san_column *c);
	/* The first n characters (text) or bytes (binary) of expr. */
	void (*left)(struct ss_buf *out, const char *expr, long long n);
	const char *false_sql;
};
extern const struct ss_san_dialect_ops ss_san_mysql_ops, ss_san_pg_ops;

#endif

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

/* The key's two pads as hex (2 * 64 digits and a NUL each). */
void ss_san_key_pads(const struct ss_sanitize *s, char *ipad, char *opad);
/* The decimal digits every value below int_max has (127: 2). */
int ss_san_safe_digits(long long int_max);

/*
 * What a dialect writes (render_mysql.c, render_pg.c): what differs only
 * in spelling as strings, the rest as functions appending to out (expr is
 * the column's expression, c the column the value goes to; a NULL value
 * stays NULL where the rule says so).
 */
struct ss_san_dialect_ops {
	char quote;               /* of identifiers, doubled inside */
	const char *as_text[2];   /* around an expression: its text for a template, "" when NULL */
	const char *concat[3];    /* opening, separator, closing of a concatenation */
	const char *left[2];      /* LEFT[0] expr LEFT[1] n ")": its first n characters (bytes) */
	const char *false_sql;
	/*
	 * Templates, "{}" standing for the column's expression and "{d}" for
	 * the digits an integer of the column may have: HMAC-SHA256 keyed by
	 * the session's pads, hex for text ([0]) and bytes for binary ([1]);
	 * a random value of each type of the same length (NULL: the type has
	 * none).  A NULL stays NULL.
	 */
	const char *hash[2];
	const char *random[SS_SAN_T_OTHER];
	void (*literal)(struct ss_buf *out, const char *text);
	/* expr made a value of c (PostgreSQL casts; MySQL converts text to c's charset). */
	void (*fit)(struct ss_buf *out, const char *expr, const struct ss_san_column *c);
};
extern const struct ss_san_dialect_ops ss_san_mysql_ops, ss_san_pg_ops;

/* What every dialect writes the same way, from its strings (render.c). */
void ss_san_ident(const struct ss_san_dialect_ops *d, struct ss_buf *out, const char *name);
void ss_san_concat(const struct ss_san_dialect_ops *d, struct ss_buf *out, char *const *parts,
		   size_t n);
void ss_san_as_text(const struct ss_san_dialect_ops *d, struct ss_buf *out, const char *expr);
void ss_san_left(const struct ss_san_dialect_ops *d, struct ss_buf *out, const char *expr,
		 long long n);
/* Append template with "{}" replaced by expr and "{d}" by digits. */
void ss_san_expand(struct ss_buf *out, const char *template, const char *expr, int digits);

#endif

/*
 * pg_quote.h - the pure text helpers of the PostgreSQL DDL generator:
 * quoting, names cut at 63 bytes on a UTF-8 boundary, schema remapping.
 */
#ifndef SS_PG_QUOTE_H
#define SS_PG_QUOTE_H

#include <stddef.h>
#include <time.h>

#include <sitesync/buf.h>

/* PostgreSQL's NAMEDATALEN - 1: the longest identifier in bytes. */
#define SS_PG_NAME_MAX 63

/* Append ident always double-quoted, inner quotes doubled: "a""b". */
void ss_pg_add_ident(struct ss_buf *b, const char *ident);
/*
 * Quote like PostgreSQL's quote_ident(): only when ident is not all
 * lowercase letters, digits and underscores, or starts with a digit, or is
 * a keyword.  Used where our text must match what PostgreSQL prints.
 */
int ss_pg_ident_needs_quotes(const char *ident);
void ss_pg_add_ident_min(struct ss_buf *b, const char *ident);
/* Append "schema"."name". */
void ss_pg_add_qname(struct ss_buf *b, const char *schema, const char *name);
/* ident quoted into a new string (caller frees). */
char *ss_pg_quote_ident(const char *ident);

/*
 * Append s as a string literal the way PQescapeLiteral does: quotes doubled,
 * and when s holds a backslash, backslashes doubled and an E prefix.
 */
void ss_pg_add_literal(struct ss_buf *b, const char *s);

/* The text array literal {"a","b"} of names, for a text[] parameter (caller frees). */
char *ss_pg_text_array(const char *const *names, size_t n);

/* Length of the longest prefix of s of at most max bytes that ends on a UTF-8 boundary. */
size_t ss_pg_utf8_cut(const char *s, size_t max);

/*
 * The name a preserved object gets: "<name>_dropped_<yyyymmddThhmmssZ>" (UTC
 * of when), with name cut so the whole fits 63 bytes.  Caller frees.
 */
char *ss_pg_dropped_name(const char *name, time_t when);
/* Nonzero when name ends in "_dropped_<yyyymmddThhmmssZ>". */
int ss_pg_is_dropped_name(const char *name);

/*
 * Replace every schema-qualified reference to schema `from` in text by `to`:
 * `from.x`, `"from".x` (also inside string literals, e.g. nextval('from.s')).
 * A new string (caller frees).
 */
char *ss_pg_remap_schema(const char *text, const char *from, const char *to);

#endif

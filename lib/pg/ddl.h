/*
 * pg_ddl.h - SQL text for the objects of the PostgreSQL catalog model:
 * CREATE, DROP, RENAME, COMMENT, column definitions.  Identifiers are
 * always double-quoted; literals escaped like PQescapeLiteral.  Every
 * statement ends in ";\n".
 */
#ifndef SS_PG_DDL_H
#define SS_PG_DDL_H

#include <sitesync/buf.h>

#include "lib/pg/catalog.h"

/* Append "schema"."name" of o (its table's schema for constraints and triggers). */
void ss_pg_ddl_name(struct ss_buf *b, const struct ss_pg_object *o);
/* The object's reference for ALTER/COMMENT/DROP: TABLE "s"."t", FUNCTION "s"."f"(args), ... */
void ss_pg_ddl_ref(struct ss_buf *b, const struct ss_pg_object *o);

/* " GENERATED ... AS IDENTITY [(SEQUENCE NAME "s" START WITH ...)]" of an identity column. */
void ss_pg_ddl_identity(struct ss_buf *b, const struct ss_pg_column *c);
/* Column definition: "name" type [COLLATE c] [GENERATED ...|DEFAULT d] [NOT NULL]. */
void ss_pg_ddl_column(struct ss_buf *b, const struct ss_pg_column *c);

/* CREATE statement(s) of o, with its comments (and its columns' comments). */
void ss_pg_ddl_create(struct ss_buf *b, const struct ss_pg_object *o);
/* DROP statement of o. */
void ss_pg_ddl_drop(struct ss_buf *b, const struct ss_pg_object *o);
/* ALTER ... RENAME TO newname (tables, sequences, functions, types, views). */
void ss_pg_ddl_rename(struct ss_buf *b, const struct ss_pg_object *o, const char *newname);
/* COMMENT ON <o> IS '...' (NULL comment: IS NULL). */
void ss_pg_ddl_comment(struct ss_buf *b, const struct ss_pg_object *o, const char *comment);
void ss_pg_ddl_column_comment(struct ss_buf *b, const struct ss_pg_object *table,
			      const char *column, const char *comment);
/* ALTER SEQUENCE ... OWNED BY "s"."t"."c" when o is owned by a column. */
void ss_pg_ddl_seq_owned(struct ss_buf *b, const struct ss_pg_object *o);
/* ALTER SEQUENCE with every parameter of o. */
void ss_pg_ddl_seq_alter(struct ss_buf *b, const struct ss_pg_object *o);
/* "ALTER TABLE "s"."t" " */
void ss_pg_ddl_alter_table(struct ss_buf *b, const struct ss_pg_object *table);

/*
 * GRANT (revoke: REVOKE) of one privilege item "PRIV[*] grantee" (see
 * ss_pg_object.acl) on o, or on its column when column is not NULL.
 */
void ss_pg_ddl_grant(struct ss_buf *b, const struct ss_pg_object *o, const char *column,
		     const char *item, int revoke);
/* The grantee of an acl item: a quoted role or PUBLIC (points into item). */
const char *ss_pg_acl_grantee(const char *item);
/* ALTER DEFAULT PRIVILEGES for one item "+PRIV grantee" / "-PRIV grantee" of o; undo: the inverse. */
void ss_pg_ddl_defacl(struct ss_buf *b, const struct ss_pg_object *o, const char *item, int undo);
/* CREATE POLICY o for the n roles given (a subset of o's), with its comment. */
void ss_pg_ddl_policy(struct ss_buf *b, const struct ss_pg_object *o, const char *const *roles,
		      size_t n);

#endif

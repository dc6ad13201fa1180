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

#endif

/* objects.h - what sql-drop found in a database, and the two drivers' halves. */
#ifndef SS_SQL_DROP_OBJECTS_H
#define SS_SQL_DROP_OBJECTS_H

#include <stddef.h>

#include <sitesync/sitesync.h>

/* Kinds in the order the confirmation line names them. */
enum obj_kind {
	OBJ_TABLE, OBJ_VIEW, OBJ_MATVIEW, OBJ_SEQUENCE, OBJ_FOREIGN_TABLE, OBJ_ROUTINE,
	OBJ_EVENT, OBJ_TYPE, OBJ_EXTENSION, OBJ_TRIGGER, OBJ_FOREIGN_KEY, OBJ_KINDS
};

struct obj {
	enum obj_kind kind;
	char *schema;  /* PostgreSQL schema, or the MySQL database */
	char *name;    /* PostgreSQL routines: "f(integer, text)" */
	char *detail;  /* "procedure", "on table `t`", ...; or NULL */
};

struct objects {
	struct obj *v;
	size_t n;
	char **schemas;        /* PostgreSQL: the schemas to drop */
	char **schema_owners;  /* their owners (quoted for SQL); "public" recreated as its owner */
	size_t nschemas;
	size_t count[OBJ_KINDS];
};

void objects_add(struct objects *o, enum obj_kind kind, const char *schema, const char *name,
		 const char *detail);
void objects_add_schema(struct objects *o, const char *schema, const char *owner);
void objects_release(struct objects *o);
/* "65 tables, 3 views, 2 routines" into out ("no objects" when empty) */
void objects_summary(const struct objects *o, struct ss_buf *out);
const char *obj_kind_name(enum obj_kind k);

/*
 * Each driver: list what the database holds (PostgreSQL: in the schemas of
 * `schemas`, a comma list, or NULL for the default), then drop it all.
 */
int drop_mysql_inventory(struct ss_conn *conn, struct objects *o, struct ss_error *err);
int drop_mysql_run(struct ss_conn *conn, const struct objects *o, struct ss_error *err);
int drop_pg_inventory(struct ss_conn *conn, const char *schemas, struct objects *o,
		      struct ss_error *err);
int drop_pg_run(struct ss_conn *conn, const struct objects *o, struct ss_error *err);

#endif

/*
 * mysql_catalog.h - what a MySQL/MariaDB database holds: base tables (with
 * size estimates, columns and SHOW CREATE TABLE), views, triggers, routines
 * and events (with their SHOW CREATE text), read in a few queries.
 *
 * Ownership: ss_my_catalog_release() frees everything the catalog holds.
 */
#ifndef SS_MYSQL_CATALOG_H
#define SS_MYSQL_CATALOG_H

#include <stddef.h>
#include <mysql.h>

#include <sitesync/error.h>

struct ss_my_column {
	char *name;
	char *data_type;   /* "int", "varchar", ... */
	int generated;     /* VIRTUAL or STORED generated: never loaded */
	int key;           /* part of the primary (or clustering unique) key */
	int nullable;
	char *charset;     /* CHARACTER_SET_NAME of a string column, else NULL */
	long long max_bytes; /* CHARACTER_OCTET_LENGTH of a string column, else 0 */
};

struct ss_my_table {
	char *name;
	char *engine;
	long long rows;        /* estimate (information_schema.TABLES) */
	long long data_bytes;
	long long index_bytes;
	char *create_sql;      /* SHOW CREATE TABLE, with SS_MY_CATALOG_DDL */
	struct ss_my_column *columns;
	size_t ncolumns;
};

enum ss_my_object_kind {
	SS_MY_VIEW,
	SS_MY_TRIGGER,
	SS_MY_PROCEDURE,
	SS_MY_FUNCTION,
	SS_MY_EVENT,
};

struct ss_my_object {
	enum ss_my_object_kind kind;
	char *name;
	char *table;       /* trigger: the table it belongs to */
	char *create_sql;  /* NULL when the user may not read it; views as the
			    * server prints them with db as default database */
	char *sql_mode;    /* NULL for views */
	char *charset;     /* character_set_client */
	char *collation;   /* collation_connection */
	char *time_zone;   /* events only */
};

struct ss_my_catalog {
	char *db;
	struct ss_my_table *tables;    /* sorted by name */
	size_t ntables;
	struct ss_my_object *objects;  /* functions, procedures, views, triggers, events */
	size_t nobjects;
};

#define SS_MY_CATALOG_DDL     1u  /* SHOW CREATE TABLE of every table */
#define SS_MY_CATALOG_OBJECTS 2u  /* views, triggers, routines, events */

/* Read db's catalog through m; who names the server in errors. */
int ss_my_catalog_read(MYSQL *m, const char *who, const char *db, unsigned flags,
		       struct ss_my_catalog *cat, struct ss_error *err);
void ss_my_catalog_release(struct ss_my_catalog *cat);

const struct ss_my_table *ss_my_catalog_table(const struct ss_my_catalog *cat,
					      const char *name);
const char *ss_my_object_kind_name(enum ss_my_object_kind kind);

/* Name of the single integer key column usable for ranges, or NULL. */
const char *ss_my_table_int_key(const struct ss_my_table *t);

#endif

/*
 * mysql_ddl.h - turn SHOW CREATE TABLE into the shadow table's DDL: the
 * table is created without its secondary indexes and foreign keys, which
 * are added back by one ALTER TABLE once the rows are in (sorted index
 * builds are much faster than row-by-row maintenance).
 *
 * Kept in the CREATE: columns, PRIMARY KEY, FULLTEXT keys (InnoDB builds
 * only one at a time), CHECK constraints, the index the AUTO_INCREMENT
 * column needs when the primary key does not start with it, and the first
 * UNIQUE key of a table without primary key (InnoDB clusters on it).
 */
#ifndef SS_MYSQL_DDL_H
#define SS_MYSQL_DDL_H

#include <sitesync/error.h>

struct ss_my_ddl {
	char *create;  /* CREATE TABLE `db`.`name` (...) ... */
	char *adds;    /* "ADD KEY ..., ADD CONSTRAINT ..." or NULL when none */
};

/*
 * Split create_sql (SHOW CREATE TABLE text) for a table named `name` in
 * database db; foreign keys that name a table of the same database are
 * pointed at `db`.`<prefix><table>`.  prefix may be "" or NULL.
 * The caller releases out with ss_my_ddl_release().
 */
int ss_my_ddl_split(const char *create_sql, const char *db, const char *prefix,
		    const char *name, struct ss_my_ddl *out, struct ss_error *err);
void ss_my_ddl_release(struct ss_my_ddl *ddl);

/*
 * Replace "DEFINER=`u`@`h`" in a SHOW CREATE text by DEFINER=CURRENT_USER.
 * Returns a new string (caller frees), or NULL when there is no DEFINER.
 */
char *ss_my_ddl_current_definer(const char *sql);

#endif

/*
 * mysql_util.h - small helpers around a raw MYSQL handle shared by the
 * MySQL catalog and the sql-sync engine: queries with errors that name the
 * server, identifier and literal quoting, server flavour.
 */
#ifndef SS_MYSQL_UTIL_H
#define SS_MYSQL_UTIL_H

#include <mysql.h>

#include <sitesync/buf.h>
#include <sitesync/error.h>

/*
 * Run sql on m.  On failure fill err with "<who>: <server message>" where
 * who names the side ("source 'db1'"), and return -1.
 */
int ss_my_exec(MYSQL *m, const char *who, const char *sql, struct ss_error *err);
int ss_my_execf(MYSQL *m, const char *who, struct ss_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Run a query returning rows, stored in memory (small results only). */
int ss_my_select(MYSQL *m, const char *who, const char *sql, MYSQL_RES **out,
		 struct ss_error *err);

/* Fill err from the handle's last error, prefixed with who. */
int ss_my_error(MYSQL *m, const char *who, struct ss_error *err);

/* Append `ident` with backticks doubled. */
void ss_my_add_ident(struct ss_buf *b, const char *ident);
/* Append `db`.`table`. */
void ss_my_add_qualified(struct ss_buf *b, const char *db, const char *table);
/* Append 'value' escaped for the connection. */
void ss_my_add_literal(struct ss_buf *b, MYSQL *m, const char *value);

/* Nonzero for MariaDB; *version gets major*10000+minor*100+patch. */
int ss_my_is_mariadb(MYSQL *m, unsigned long *version);

/* Nonzero when the server error code means "access denied" of some kind. */
int ss_my_denied(unsigned int code);

/* Nonzero when the error means the connection is gone. */
int ss_my_conn_lost(unsigned int code);

#endif

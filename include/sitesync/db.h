/*
 * sitesync/db.h - database connections from an alias.
 *
 * MySQL/MariaDB through Connector/C, PostgreSQL through libpq, over TCP or a
 * local socket.  Credentials are handed to the client library in memory,
 * never on a command line or in the environment of a child.
 */
#ifndef SITESYNC_DB_H
#define SITESYNC_DB_H

#include <sitesync/alias.h>
#include <sitesync/error.h>

typedef struct st_mysql MYSQL;
typedef struct pg_conn PGconn;

struct ss_ctx;
struct ss_conn;

/* Connect options beyond the alias. */
struct ss_connect_opts {
	int no_database;      /* connect to the server without selecting db.name */
	int connect_timeout;  /* seconds; 0: 10 */
	const char *app_name; /* application_name / program_name; NULL: "sitesync" */
};

/*
 * Open a connection to the alias's database.  opts may be NULL.  The caller
 * owns *out and closes it with ss_conn_close().  Errors name the alias, the
 * host (or socket) and the database.
 */
int ss_db_connect(struct ss_ctx *ctx, const struct ss_alias *alias,
		  const struct ss_connect_opts *opts, struct ss_conn **out,
		  struct ss_error *err);
void ss_conn_close(struct ss_conn *conn);

enum ss_db_driver ss_conn_driver(const struct ss_conn *conn);
MYSQL *ss_conn_mysql(struct ss_conn *conn);   /* NULL unless MySQL */
PGconn *ss_conn_pg(struct ss_conn *conn);     /* NULL unless PostgreSQL */
const char *ss_conn_server_version(const struct ss_conn *conn); /* "10.11.6-MariaDB" */
const char *ss_conn_where(const struct ss_conn *conn); /* "localhost:3306/drupal" for messages */

/* Run a statement that returns no rows; error names the connection. */
int ss_conn_exec(struct ss_conn *conn, const char *sql, struct ss_error *err);

/* Quote an identifier for the connection's dialect into a new string (caller frees). */
char *ss_conn_quote_ident(const struct ss_conn *conn, const char *ident);
/* Quote a value as an SQL string literal (caller frees); NULL on OOM. */
char *ss_conn_quote_literal(struct ss_conn *conn, const char *value, size_t len);

#endif

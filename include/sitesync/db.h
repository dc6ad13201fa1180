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
	int no_database;      /* connect to the server without selecting db.name
			       * (PostgreSQL: to the "postgres" database) */
	int connect_timeout;  /* seconds; 0: 10 */
	const char *app_name; /* application_name / program_name; NULL: "sitesync" */
	int no_local_infile;  /* MySQL: refuse LOAD DATA LOCAL INFILE, so the server
			       * cannot ask for a client file (read-only commands) */
};

/*
 * Where a connection goes: a TCP host and port, or a local socket.  What the
 * alias says is turned into an endpoint by ss_db_endpoint(), the one place
 * that decides it (an SSH tunnel for a remote alias goes there):
 *
 *   db.socket set                 the socket (PostgreSQL: a directory + port)
 *   MySQL, no host, or "localhost"
 *     with no port                the client library's default socket
 *     (with a port, "localhost" is TCP: a container's published port)
 *   PostgreSQL, no host           libpq's default socket directory
 *   PostgreSQL, host "/dir"       that socket directory
 *   otherwise                     TCP to host:port (3306 / 5432 by default)
 *
 * For a remote alias (ss_alias_is_remote) the db keys say where the
 * database is as seen from that machine (no host: its default socket);
 * ss_db_endpoint() reaches it through an SSH tunnel (ss_ssh_db_endpoint):
 * the endpoint is then the tunnel's local socket, and where reads
 * "db.internal:3306 via ssh 'web1'".
 */
struct ss_db_endpoint {
	char *host;      /* TCP host name or address; NULL for a socket */
	int port;        /* TCP port; PostgreSQL socket: the port in its name */
	char *socket;    /* MySQL: socket file; PostgreSQL: socket directory; or NULL */
	char *where;     /* for messages: "127.0.0.1:3306", "[::1]:5432",
			  * "/run/mysqld/mysqld.sock", "/var/run/postgresql/.s.PGSQL.5432" */
	void *tunnel;    /* what keeps the endpoint reachable (an SSH tunnel), or NULL */
	void (*tunnel_close)(void *tunnel); /* called by ss_db_endpoint_release() */
};

/* The endpoint to connect to for alias; release it with ss_db_endpoint_release(). */
int ss_db_endpoint(struct ss_ctx *ctx, const struct ss_alias *alias,
		   struct ss_db_endpoint *ep, struct ss_error *err);
/* The endpoint as the alias's own db keys describe it, as seen from its host (pure). */
int ss_db_endpoint_direct(const struct ss_alias *alias, struct ss_db_endpoint *ep,
			  struct ss_error *err);
/* Free the strings and close the tunnel, if any; ep is zeroed. */
void ss_db_endpoint_release(struct ss_db_endpoint *ep);

/*
 * Open a connection to the alias's database.  opts may be NULL.  The caller
 * owns *out and closes it with ss_conn_close().  Errors name the alias, the
 * host (or socket) and the database, with the server's reason, in one line:
 *   cannot connect to '@prod' database 'drupal' at 127.0.0.1:3306: Access denied ...
 *
 * The password comes from ss_db_password(), is handed to the client library
 * in memory and wiped as soon as the connection is made, the library's own
 * copy too (so PQreset() and MySQL reconnects cannot work: connect again).  Both drivers talk
 * UTF-8 (utf8mb4 / client_encoding UTF8).  MySQL reads no option file
 * (my.cnf): the alias is the whole configuration; LOAD DATA LOCAL INFILE is
 * enabled unless opts->no_local_infile (sql-sync streams through it; a
 * command that only reads should refuse it), multi-statements are not.
 * PostgreSQL gets keyword arrays, never a conninfo string; libpq's own
 * defaults (PGSSLMODE, ~/.pgpass when the alias names no password) apply.
 * ctx may be NULL (no warnings, no debug output).
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
const char *ss_conn_alias_name(const struct ss_conn *conn); /* "@prod" */

/* Run a statement that returns no rows; error names the connection. */
int ss_conn_exec(struct ss_conn *conn, const char *sql, struct ss_error *err);

/* Quote an identifier for the connection's dialect into a new string (caller frees). */
char *ss_conn_quote_ident(const struct ss_conn *conn, const char *ident);
/*
 * The same without a connection: MySQL `a``b`, PostgreSQL "a""b" (caller
 * frees).  NULL for SS_DB_NONE.
 */
char *ss_db_quote_ident(enum ss_db_driver driver, const char *ident);
/*
 * Quote a value as an SQL string literal (caller frees with free()); NULL
 * when the client library refuses it (PostgreSQL: not valid in the client
 * encoding) or on OOM.
 */
char *ss_conn_quote_literal(struct ss_conn *conn, const char *value, size_t len);

#endif

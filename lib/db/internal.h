/*
 * db_int.h - the inside of struct ss_conn, shared by db.c and the two
 * drivers (db_mysql.c, db_pg.c); internal to libsitesync.
 */
#ifndef SS_DB_INT_H
#define SS_DB_INT_H

#include <sitesync/db.h>

struct ss_conn {
	enum ss_db_driver driver;
	struct ss_ctx *ctx;          /* for debug output; may be NULL */
	MYSQL *my;                   /* SS_DB_MYSQL */
	PGconn *pg;                  /* SS_DB_PGSQL */
	struct ss_db_endpoint ep;    /* owned; released after the connection closes */
	char *alias;                 /* "@prod" */
	char *database;              /* what was selected; NULL with no_database */
	char *where;                 /* "127.0.0.1:3306/drupal" */
	char *version;               /* "10.11.6-MariaDB", "PostgreSQL 15.18" */
};

/*
 * What a driver gets to open a connection: the endpoint is already computed,
 * password is NULL when the alias names none (the caller wipes it).
 */
struct ss_db_login {
	const char *host;      /* NULL with a socket */
	int port;
	const char *socket;
	const char *database;  /* NULL: none (MySQL) / "postgres" (PostgreSQL) */
	const char *user;      /* NULL: the client library's default */
	const char *password;
	const char *app_name;  /* NULL: only the fallback "sitesync" */
	int timeout;           /* seconds, > 0 */
	int local_infile;      /* MySQL: allow LOAD DATA LOCAL INFILE */
	int compress;          /* MySQL: the compressed protocol (zlib) */
};

/*
 * Driver entry points.  connect fills conn->my / conn->pg and
 * conn->version, or returns -1 with the server's reason alone (one line) in
 * reason.  exec fills reason the same way.
 */
int ss_db_mysql_connect(struct ss_conn *conn, const struct ss_db_login *login,
			char *reason, size_t reason_size);
int ss_db_mysql_exec(struct ss_conn *conn, const char *sql, char *reason, size_t reason_size);
char *ss_db_mysql_quote_literal(struct ss_conn *conn, const char *value, size_t len);
void ss_db_mysql_close(struct ss_conn *conn);

int ss_db_pg_connect(struct ss_conn *conn, const struct ss_db_login *login,
		     char *reason, size_t reason_size);
int ss_db_pg_exec(struct ss_conn *conn, const char *sql, char *reason, size_t reason_size);
char *ss_db_pg_quote_literal(struct ss_conn *conn, const char *value, size_t len);
void ss_db_pg_close(struct ss_conn *conn);

/* "PostgreSQL 15.18" from PQserverVersion()'s 150018 (pure); caller frees. */
char *ss_db_pg_version_string(int server_version);

/*
 * Copy a client library's message into reason as one line: trailing
 * newlines go, inner newlines become "; ", leading "FATAL:  " /
 * "ERROR:  " and libpq's "connection to server ... failed: " go (the caller
 * names the endpoint itself).  Pure.
 */
void ss_db_one_line(const char *msg, char *reason, size_t reason_size);

#endif

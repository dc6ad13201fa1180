/* db.c - database connections from an alias: connect, close, exec, quote. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>
#include <sitesync/context.h>
#include <sitesync/db.h>

#include "lib/core/ctx.h"
#include "lib/db/internal.h"

#define SS_DB_DEFAULT_TIMEOUT 10

/* "database 'drupal' at 127.0.0.1:3306", or "database server at ..." */
static void describe_target(struct ss_buf *b, const char *database, const char *where)
{
	if (database)
		ss_buf_addf(b, "database '%s' at %s", database, where);
	else
		ss_buf_addf(b, "database server at %s", where);
}

static int connect_failed(struct ss_error *err, const struct ss_alias *alias,
			  const char *database, const char *where, const char *reason)
{
	struct ss_buf b = SS_BUF_INIT;

	describe_target(&b, database, where);
	ss_error_set(err, SS_FAILED, "cannot connect to '%s' %s: %s", alias->name, b.data, reason);
	ss_buf_release(&b);
	return -1;
}

/* Look the password up now; a warning (world-readable file) goes to ctx. */
static int get_password(struct ss_ctx *ctx, const struct ss_alias *alias, char **password,
			struct ss_error *err)
{
	const char *warning = NULL;

	*password = NULL;
	if (ss_db_password(&alias->db, password, &warning, err) < 0) {
		if (!alias->db.alias)
			ss_error_prefix(err, "alias '%s'", alias->name);
		return -1;
	}
	if (warning && ctx)
		ss_warn(ctx, "%s", warning);
	return 0;
}

static int open_driver(struct ss_conn *conn, const struct ss_db_login *login, char *reason,
		       size_t reason_size)
{
	if (conn->driver == SS_DB_MYSQL)
		return ss_db_mysql_connect(conn, login, reason, reason_size);
	return ss_db_pg_connect(conn, login, reason, reason_size);
}

/* Free what a connection holds, closing the driver before the endpoint (tunnel). */
static void conn_free(struct ss_conn *conn)
{
	if (conn->my)
		ss_db_mysql_close(conn);
	if (conn->pg)
		ss_db_pg_close(conn);
	ss_db_endpoint_release(&conn->ep);
	free(conn->alias);
	free(conn->database);
	free(conn->where);
	free(conn->version);
	free(conn);
}

/* What the driver needs, from the endpoint, the alias and the options. */
static void fill_login(struct ss_db_login *login, const struct ss_conn *conn,
		       const struct ss_alias *alias, const struct ss_connect_opts *opts,
		       const char *password)
{
	login->host = conn->ep.host;
	login->port = conn->ep.port;
	login->socket = conn->ep.socket;
	login->database = conn->database;
	login->user = alias->db.user && *alias->db.user ? alias->db.user : NULL;
	login->password = password;
	login->app_name = opts->app_name;
	login->local_infile = !opts->no_local_infile;
	/* asked for, over TCP itself: a tunnel compresses on its own */
	login->compress = conn->ep.host && !conn->ep.tunnel &&
			  (ss_ctx_compress(conn->ctx) == SS_COMPRESS_FAST ||
			   ss_ctx_compress(conn->ctx) == SS_COMPRESS_BEST);
	login->timeout = opts->connect_timeout > 0 ? opts->connect_timeout : SS_DB_DEFAULT_TIMEOUT;
}

int ss_db_connect(struct ss_ctx *ctx, const struct ss_alias *alias,
		  const struct ss_connect_opts *opts, struct ss_conn **out, struct ss_error *err)
{
	static const struct ss_connect_opts defaults = { 0 };
	struct ss_conn *conn;
	struct ss_db_login login = { 0 };
	char reason[SS_ERROR_MAX / 2];
	char *password = NULL;
	int rc;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	conn = ss_xcalloc(1, sizeof(*conn));
	conn->driver = alias->db.driver;
	conn->ctx = ctx;
	conn->alias = ss_xstrdup(alias->name);
	if (ss_db_endpoint(ctx, alias, &conn->ep, err) < 0) {
		conn_free(conn);
		return -1;
	}
	if (!opts->no_database) {
		if (!alias->db.name || !*alias->db.name) {
			ss_error_set(err, SS_FAILED, "alias '%s' names no database (db.name)",
				     alias->name);
			conn_free(conn);
			return -1;
		}
		conn->database = ss_xstrdup(alias->db.name);
	}
	if (get_password(ctx, alias, &password, err) < 0) {
		conn_free(conn);
		return -1;
	}

	fill_login(&login, conn, alias, opts, password);
	if (ctx)
		ss_debug_once(ctx, "connecting to '%s' at %s as '%s'%s", alias->name, conn->ep.where,
			 login.user ? login.user : "(default user)",
			 password ? " with a password" : "");

	rc = open_driver(conn, &login, reason, sizeof(reason));
	ss_secret_free(password);
	password = NULL;
	login.password = NULL;
	if (rc < 0) {
		connect_failed(err, alias, conn->database, conn->ep.where, reason);
		conn_free(conn);
		return -1;
	}
	conn->where = conn->database
		? ss_xasprintf("%s/%s", conn->ep.where, conn->database)
		: ss_xstrdup(conn->ep.where);
	*out = conn;
	return 0;
}

void ss_conn_close(struct ss_conn *conn)
{
	if (conn)
		conn_free(conn);
}

enum ss_db_driver ss_conn_driver(const struct ss_conn *conn)
{
	return conn->driver;
}

MYSQL *ss_conn_mysql(struct ss_conn *conn)
{
	return conn->my;
}

PGconn *ss_conn_pg(struct ss_conn *conn)
{
	return conn->pg;
}

const char *ss_conn_server_version(const struct ss_conn *conn)
{
	return conn->version;
}

const char *ss_conn_where(const struct ss_conn *conn)
{
	return conn->where;
}

const char *ss_conn_alias_name(const struct ss_conn *conn)
{
	return conn->alias;
}

int ss_conn_exec(struct ss_conn *conn, const char *sql, struct ss_error *err)
{
	char reason[SS_ERROR_MAX / 2];
	int rc;

	if (conn->ctx)
		ss_debug(conn->ctx, "%s: %s", conn->alias, sql);
	if (conn->driver == SS_DB_MYSQL)
		rc = ss_db_mysql_exec(conn, sql, reason, sizeof(reason));
	else
		rc = ss_db_pg_exec(conn, sql, reason, sizeof(reason));
	if (rc < 0)
		return ss_error_set(err, SS_FAILED, "query failed on '%s' (%s): %s", conn->alias,
				    conn->where, reason);
	return 0;
}

char *ss_conn_quote_ident(const struct ss_conn *conn, const char *ident)
{
	return ss_db_quote_ident(conn->driver, ident);
}

char *ss_conn_quote_literal(struct ss_conn *conn, const char *value, size_t len)
{
	if (conn->driver == SS_DB_MYSQL)
		return ss_db_mysql_quote_literal(conn, value, len);
	return ss_db_pg_quote_literal(conn, value, len);
}

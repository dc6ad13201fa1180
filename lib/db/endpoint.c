/* endpoint.c - where a database connection goes: TCP host:port or a socket. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>
#include <sitesync/db.h>
#include <sitesync/ssh.h>

#define SS_MYSQL_PORT 3306
#define SS_PGSQL_PORT 5432
/* The client libraries' compiled-in defaults on Debian (mysql_version.h, pg_config_manual.h). */
#define SS_MYSQL_SOCKET "/run/mysqld/mysqld.sock"
#define SS_PGSQL_SOCKDIR "/var/run/postgresql"

static int empty(const char *s)
{
	return !s || !*s;
}

/* "host:port", "[v6::addr]:port", the MySQL socket file or PostgreSQL's socket file. */
static char *describe(enum ss_db_driver driver, const struct ss_db_endpoint *ep)
{
	if (ep->socket) {
		if (driver == SS_DB_PGSQL)
			return ss_xasprintf("%s%s.s.PGSQL.%d", ep->socket,
					    ep->socket[strlen(ep->socket) - 1] == '/' ? "" : "/",
					    ep->port);
		return ss_xstrdup(ep->socket);
	}
	if (strchr(ep->host, ':'))
		return ss_xasprintf("[%s]:%d", ep->host, ep->port);
	return ss_xasprintf("%s:%d", ep->host, ep->port);
}

int ss_db_endpoint_direct(const struct ss_alias *alias, struct ss_db_endpoint *ep,
			  struct ss_error *err)
{
	const struct ss_db *db = &alias->db;
	const char *host = db->host;

	memset(ep, 0, sizeof(*ep));
	if (!alias->has_db || db->driver == SS_DB_NONE)
		return ss_error_set(err, SS_FAILED, "alias '%s' has no database (no db in %s:%d)",
				    alias->name, alias->file ? alias->file : "?", alias->line);
	if (db->driver != SS_DB_MYSQL && db->driver != SS_DB_PGSQL)
		return ss_error_set(err, SS_FAILED, "alias '%s': unknown database driver",
				    alias->name);
	if (db->port < 0 || db->port > 65535)
		return ss_error_set(err, SS_FAILED, "alias '%s': database port %d is out of range",
				    alias->name, db->port);
	ep->port = db->port ? db->port : db->driver == SS_DB_MYSQL ? SS_MYSQL_PORT : SS_PGSQL_PORT;

	if (!empty(db->socket)) {
		ep->socket = ss_xstrdup(db->socket);
	} else if (db->driver == SS_DB_MYSQL &&
		   (empty(host) || (!strcmp(host, "localhost") && !db->port))) {
		ep->socket = ss_xstrdup(SS_MYSQL_SOCKET);
	} else if (db->driver == SS_DB_PGSQL && empty(host)) {
		ep->socket = ss_xstrdup(SS_PGSQL_SOCKDIR);
	} else if (db->driver == SS_DB_PGSQL && host[0] == '/') {
		ep->socket = ss_xstrdup(host);
	} else {
		ep->host = ss_xstrdup(host);
	}
	if (ep->socket && db->driver == SS_DB_MYSQL)
		ep->port = 0;
	ep->where = describe(db->driver, ep);
	return 0;
}

/*
 * The endpoint of a remote alias: the local end of an SSH tunnel to what
 * the alias's db keys describe on that machine (the ssh pool owns the
 * tunnel).  where keeps the remote view: "/run/mysqld/mysqld.sock via ssh 'web1'".
 */
static int remote_endpoint(struct ss_ctx *ctx, const struct ss_alias *alias,
			   struct ss_db_endpoint *ep, struct ss_error *err)
{
	char *host = NULL, *socket = NULL, *where;
	int port = 0;

	if (!ctx) {
		ss_db_endpoint_release(ep);
		return ss_error_set(err, SS_FAILED,
				    "the database of '%s' on host '%s' needs an ssh tunnel (no context)",
				    alias->name, alias->host);
	}
	if (ss_ssh_db_endpoint(ctx, alias, &host, &port, &socket, err) < 0) {
		ss_db_endpoint_release(ep);
		return -1;
	}
	where = ss_xasprintf("%s via ssh '%s'", ep->where, alias->host);
	ss_db_endpoint_release(ep);
	ep->host = host;
	ep->port = port;
	ep->socket = socket;
	ep->where = where;
	return 0;
}

int ss_db_endpoint(struct ss_ctx *ctx, const struct ss_alias *alias, struct ss_db_endpoint *ep,
		   struct ss_error *err)
{
	memset(ep, 0, sizeof(*ep));
	/* a docker or kubectl alias has no host, yet its database is not this machine's */
	if (ss_alias_need_transport(alias, err) < 0)
		return -1;
	if (ss_db_endpoint_direct(alias, ep, err) < 0)
		return -1;
	if (ss_alias_is_remote(alias))
		return remote_endpoint(ctx, alias, ep, err);
	return 0;
}

void ss_db_endpoint_release(struct ss_db_endpoint *ep)
{
	if (!ep)
		return;
	if (ep->tunnel && ep->tunnel_close)
		ep->tunnel_close(ep->tunnel);
	free(ep->host);
	free(ep->socket);
	free(ep->where);
	memset(ep, 0, sizeof(*ep));
}

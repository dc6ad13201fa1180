/*
 * dburl.c - drush's --db-url form:
 *   mysql://user:pass@host:port/name   mysql://user@/name?socket=/run/mysqld.sock
 *   pgsql:// (or postgres://, postgresql://)user@[::1]:5432/name
 * Parts are percent-decoded; a host starting with '/' is a socket (MySQL) or
 * socket directory (PostgreSQL).  Query parameters: socket=PATH; Doctrine's
 * charset and serverVersion are ignored; anything else is an error.
 * Messages show the url with the password masked.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..len) into a new string; NULL on a bad escape or %00. */
static char *decode(const char *s, size_t len)
{
	char *out = ss_xmalloc(len + 1), *o = out;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < len ? hexval(s[i + 1]) : -1;
			int lo = hi >= 0 ? hexval(s[i + 2]) : -1;

			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				explicit_bzero(out, len + 1);
				free(out);
				return NULL;
			}
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

char *ss_db_url_mask(const char *url)
{
	const char *scheme = strstr(url, "://");
	const char *auth, *at, *colon, *end;
	struct ss_buf b = SS_BUF_INIT;

	if (!scheme)
		return ss_xstrdup(url);
	auth = scheme + 3;
	end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (const char *p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	if (!at)
		return ss_xstrdup(url);
	colon = memchr(auth, ':', (size_t)(at - auth));
	if (!colon)
		return ss_xstrdup(url);
	ss_buf_add(&b, url, (size_t)(colon - url));
	ss_buf_adds(&b, ":***");
	ss_buf_adds(&b, at);
	return ss_buf_detach(&b);
}

static int bad(struct ss_error *err, const char *url, const char *what)
{
	char *masked = ss_db_url_mask(url);

	ss_error_set(err, SS_FAILED, "db url '%s': %s", masked, what);
	free(masked);
	return -1;
}

static void replace(char **field, char *value)
{
	free(*field);
	*field = value;
}

static void replace_secret(char **field, char *value)
{
	if (*field) {
		explicit_bzero(*field, strlen(*field));
		free(*field);
	}
	*field = value;
}

/* Set (or, when s is empty, keep) a decoded field; -1 on a bad escape. */
static int set_part(char **field, const char *s, size_t len, int secret)
{
	char *v;

	if (!len)
		return 0;
	v = decode(s, len);
	if (!v)
		return -1;
	if (secret)
		replace_secret(field, v);
	else
		replace(field, v);
	return 0;
}

static int parse_port(const char *s, size_t len, int *port)
{
	long v = 0;

	if (!len || len > 5)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

static int parse_scheme(const char *url, size_t len, enum ss_db_driver *driver)
{
	static const struct { const char *name; enum ss_db_driver d; } schemes[] = {
		{ "mysql", SS_DB_MYSQL }, { "mysqli", SS_DB_MYSQL }, { "mariadb", SS_DB_MYSQL },
		{ "pgsql", SS_DB_PGSQL }, { "postgres", SS_DB_PGSQL },
		{ "postgresql", SS_DB_PGSQL },
	};

	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strlen(schemes[i].name) == len && !strncmp(url, schemes[i].name, len)) {
			*driver = schemes[i].d;
			return 0;
		}
	return -1;
}

/* host[:port] or [v6]:port */
static int parse_hostport(const char *s, size_t len, struct ss_db *db)
{
	const char *port = NULL;
	size_t hostlen = len;

	if (len && s[0] == '[') {
		const char *close = memchr(s, ']', len);

		if (!close)
			return -1;
		if (set_part(&db->host, s + 1, (size_t)(close - s - 1), 0) < 0)
			return -1;
		if ((size_t)(close - s + 1) < len) {
			if (close[1] != ':')
				return -1;
			port = close + 2;
		}
	} else {
		const char *colon = memchr(s, ':', len);

		if (colon) {
			hostlen = (size_t)(colon - s);
			port = colon + 1;
		}
		if (set_part(&db->host, s, hostlen, 0) < 0)
			return -1;
	}
	if (port && parse_port(port, (size_t)(s + len - port), &db->port) < 0)
		return -1;
	return 0;
}

/* Doctrine's DATABASE_URL parameters that do not change where we connect. */
static int ignored(const char *key, size_t len)
{
	return (len == 7 && !strncmp(key, "charset", 7)) ||
	       (len == 13 && !strncmp(key, "serverVersion", 13));
}

static int parse_query(const char *url, const char *q, struct ss_db *db, struct ss_error *err)
{
	while (*q) {
		size_t len = strcspn(q, "&");
		const char *eq = memchr(q, '=', len);

		size_t klen = eq ? (size_t)(eq - q) : len;

		if (eq && klen == 6 && !strncmp(q, "socket", 6)) {
			if (set_part(&db->socket, eq + 1, (size_t)(q + len - eq - 1), 0) < 0)
				return bad(err, url, "bad %-escape");
		} else if (!eq || !ignored(q, klen)) {
			return bad(err, url, "only the parameter 'socket' is understood "
				   "('charset' and 'serverVersion' are ignored)");
		}
		q += len + (q[len] == '&');
	}
	return 0;
}

int ss_db_url_parse(const char *url, struct ss_db *db, struct ss_error *err)
{
	const char *sep = strstr(url, "://"), *auth, *auth_end, *at = NULL, *path;

	if (!sep)
		return bad(err, url, "expected DRIVER://USER@HOST:PORT/NAME");
	if (parse_scheme(url, (size_t)(sep - url), &db->driver) < 0)
		return bad(err, url, "unknown driver (use mysql, pgsql or postgres)");
	auth = sep + 3;
	auth_end = auth + strcspn(auth, "/?#");
	if (*auth_end == '#')
		return bad(err, url, "unexpected '#'");
	for (const char *p = auth; p < auth_end; p++)
		if (*p == '@')
			at = p;
	if (at) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		size_t ulen = colon ? (size_t)(colon - auth) : (size_t)(at - auth);

		if (set_part(&db->user, auth, ulen, 0) < 0 ||
		    (colon && set_part(&db->url_password, colon + 1,
				       (size_t)(at - colon - 1), 1) < 0))
			return bad(err, url, "bad %-escape");
		auth = at + 1;
	}
	if (parse_hostport(auth, (size_t)(auth_end - auth), db) < 0)
		return bad(err, url, "bad host or port");
	if (db->host && db->host[0] == '/') {
		/* a socket (MySQL) or socket directory (PostgreSQL) given as host */
		free(db->socket);
		db->socket = db->host;
		db->host = NULL;
	}
	path = auth_end;
	if (*path == '/') {
		size_t len = strcspn(path + 1, "?");

		if (set_part(&db->name, path + 1, len, 0) < 0)
			return bad(err, url, "bad %-escape");
		path += 1 + len;
	}
	if (*path == '?')
		return parse_query(url, path + 1, db, err);
	return 0;
}

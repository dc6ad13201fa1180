/* env.c - `default` built from the environment and the project's .env. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"

/* One family of variables that can describe the database. */
struct family {
	const char *driver, *host, *port, *name, *name2, *user, *user2, *password;
	enum ss_db_driver fixed; /* SS_DB_NONE: from the driver variable */
};

static const struct family families[] = {
	{ "DB_DRIVER", "DB_HOST", "DB_PORT", "DB_NAME", "DB_DATABASE", "DB_USER",
	  "DB_USERNAME", "DB_PASSWORD", SS_DB_NONE },
	{ NULL, "MARIADB_HOST", "MARIADB_PORT", "MARIADB_DATABASE", NULL, "MARIADB_USER",
	  NULL, "MARIADB_PASSWORD", SS_DB_MYSQL },
	{ NULL, "PGHOST", "PGPORT", "PGDATABASE", NULL, "PGUSER", NULL, "PGPASSWORD",
	  SS_DB_PGSQL },
};

/* A non-empty value of key, or NULL. */
static const char *get(const struct ss_dotenv *env, const char *key)
{
	const char *v = key ? ss_dotenv_get(env, key) : NULL;

	return v && *v ? v : NULL;
}

static const char *either(const struct ss_dotenv *env, const char *a, const char *b)
{
	const char *v = get(env, a);

	return v ? v : get(env, b);
}

static int set_port(const char *var, const char *v, struct ss_db *db, struct ss_error *err)
{
	char *end;
	long port = strtol(v, &end, 10);

	if (*end || port < 1 || port > 65535)
		return ss_error_set(err, SS_FAILED,
				    "%s '%s' is not a port number from 1 to 65535", var, v);
	db->port = (int)port;
	return 0;
}

static int set_driver(const struct ss_dotenv *env, struct ss_db *db, struct ss_error *err)
{
	const char *var = get(env, "DB_DRIVER") ? "DB_DRIVER" : "DB_CONNECTION";
	const char *v = get(env, var);

	if (!v || !strcmp(v, "mysql") || !strcmp(v, "mariadb"))
		db->driver = SS_DB_MYSQL;
	else if (!strcmp(v, "pgsql") || !strcmp(v, "postgres") || !strcmp(v, "postgresql"))
		db->driver = SS_DB_PGSQL;
	else
		return ss_error_set(err, SS_FAILED, "%s '%s' is not a database driver "
				    "(use mysql or pgsql)", var, v);
	return 0;
}

/* A family with a host or a name set fills db; 0 when neither is set. */
static int from_family(const struct ss_dotenv *env, const struct family *f, struct ss_db *db,
		       struct ss_error *err)
{
	const char *host = get(env, f->host), *name = either(env, f->name, f->name2);
	const char *v;

	if (!host && !name)
		return 0;
	if (f->fixed)
		db->driver = f->fixed;
	else if (set_driver(env, db, err) < 0)
		return -1;
	db->host = ss_xstrdup(host);
	db->name = ss_xstrdup(name);
	db->user = ss_xstrdup(either(env, f->user, f->user2));
	v = get(env, f->port);
	if (v && set_port(f->port, v, db, err) < 0)
		return -1;
	v = get(env, f->password);
	db->env_password = ss_xstrdup(v);
	return 1;
}

/* DATABASE_URL or DB_URL; 0 when neither is set. */
static int from_url(const struct ss_dotenv *env, struct ss_db *db, struct ss_error *err)
{
	const char *var = get(env, "DATABASE_URL") ? "DATABASE_URL" : "DB_URL";
	const char *url = get(env, var);

	if (!url)
		return 0;
	if (ss_db_url_parse(url, db, err) < 0)
		return ss_error_prefix(err, "%s", var);
	db->url = ss_db_url_mask(url);
	/* a password from the environment, not from a file */
	db->env_password = db->url_password;
	db->url_password = NULL;
	return 1;
}

int ss_alias_from_env(const char *dir, struct ss_alias **out, struct ss_error *err)
{
	struct ss_dotenv env = { 0 };
	struct ss_alias *a;
	int found;

	if (ss_dotenv_find(dir, &env, err) < 0)
		return -1;
	a = ss_alias_new(env.path ? env.path : "(environment)", "self", "default");
	if (env.path) {
		char *slash = strrchr(env.path, '/');

		a->root = ss_xstrndup(env.path, slash && slash != env.path
						? (size_t)(slash - env.path) : 1);
	} else {
		a->root = ss_xstrdup(dir);
	}
	found = from_family(&env, &families[0], &a->db, err);
	if (found == 0)
		found = from_url(&env, &a->db, err);
	if (found == 0)
		found = from_family(&env, &families[1], &a->db, err);
	if (found == 0)
		found = from_family(&env, &families[2], &a->db, err);
	a->line = a->column = env.path ? 1 : 0;
	ss_dotenv_release(&env);
	if (found < 0) {
		ss_error_prefix(err, "default");
		ss_alias_free(a);
		return -1;
	}
	a->has_db = found;
	*out = a;
	return 0;
}

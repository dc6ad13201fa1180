/* entry.c - one environment's settings (a YAML mapping) into a struct ss_alias. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"

/* Where we are while converting: for file:line:col messages. */
struct conv {
	const char *file;
	struct ss_error *err;
};

static int fail_node(const struct conv *c, const struct ss_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_node(const struct conv *c, const struct ss_node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ss_error_atv(c->err, c->file, n->line, n->column, fmt, ap);
	va_end(ap);
	return -1;
}

/* The position of a mapping's i-th key as a node, for messages. */
static struct ss_node key_pos(const struct ss_node *map, size_t i)
{
	struct ss_node n = { .line = map->line, .column = map->column };

	if (map->key_marks) {
		n.line = map->key_marks[i].line;
		n.column = map->key_marks[i].column;
	}
	return n;
}

/* A scalar setting; "" (or null) leaves *out NULL. */
static int get_str(const struct conv *c, const struct ss_node *n, const char *what, char **out)
{
	if (n->kind != SS_NODE_SCALAR)
		return fail_node(c, n, "'%s' must be a single value, not a %s", what,
				 n->kind == SS_NODE_MAP ? "mapping" : "list");
	free(*out);
	*out = *n->scalar ? ss_xstrdup(n->scalar) : NULL;
	return 0;
}

/*
 * A mapping of plain values (paths, env-vars) into key/value pairs.  A list
 * (drush's docs once wrote `paths:` as a list of one-key mappings) is kept
 * in the node as drush keeps it, and like drush sitesync finds no NAME in it.
 */
static int get_kv(const struct conv *c, const struct ss_node *n, const char *what,
		  struct ss_kv **out, size_t *nout)
{
	if (n->kind == SS_NODE_SEQ || (n->kind == SS_NODE_SCALAR && n->type == SS_SCALAR_NULL))
		return 0;
	if (n->kind != SS_NODE_MAP)
		return fail_node(c, n, "'%s' must be a mapping of names to values", what);
	*out = ss_xcalloc(n->n ? n->n : 1, sizeof(**out));
	for (size_t i = 0; i < n->n; i++) {
		const struct ss_node *v = n->items[i];

		if (v->kind != SS_NODE_SCALAR)
			return fail_node(c, v, "'%s.%s' must be a single value", what, n->keys[i]);
		(*out)[i].key = ss_xstrdup(n->keys[i]);
		(*out)[i].value = ss_xstrdup(v->scalar);
		*nout = i + 1;
	}
	return 0;
}

static int get_port(const struct conv *c, const struct ss_node *n, int *port)
{
	long long v;
	char *end;

	if (n->kind != SS_NODE_SCALAR)
		return fail_node(c, n, "db port must be a number from 1 to 65535");
	if (!*n->scalar)
		return 0;
	if (ss_node_int(n, &v) < 0) {
		v = strtoll(n->scalar, &end, 10);
		if (*end || end == n->scalar)
			v = -1;
	}
	if (v < 1 || v > 65535)
		return fail_node(c, n, "db port '%s' is not a number from 1 to 65535", n->scalar);
	*port = (int)v;
	return 0;
}

static int get_driver(const struct conv *c, const struct ss_node *n, enum ss_db_driver *d)
{
	if (n->kind == SS_NODE_SCALAR && !strcmp(n->scalar, "mysql"))
		*d = SS_DB_MYSQL;
	else if (n->kind == SS_NODE_SCALAR && !strcmp(n->scalar, "pgsql"))
		*d = SS_DB_PGSQL;
	else
		return fail_node(c, n, "unknown db driver '%s' (use mysql or pgsql)",
				 n->kind == SS_NODE_SCALAR ? n->scalar : "(not a value)");
	return 0;
}

static void wipe_str(char **s)
{
	if (*s) {
		ss_secret_wipe(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

/* db.url first, then the explicit keys on top of it. */
static int get_db(const struct conv *c, const struct ss_node *n, struct ss_db *db)
{
	static const char known[] =
		"driver, host, port, socket, name, user, password-env, password-file or url";
	const char *url;

	if (n->kind != SS_NODE_MAP)
		return fail_node(c, n, "'db' must be a mapping (%s)", known);
	url = ss_node_str(n, "url");
	if (url && *url) {
		if (ss_db_url_parse(url, db, c->err) < 0)
			return ss_error_prefix(c->err, "%s:%d:%d", c->file,
					       ss_node_get(n, "url")->line,
					       ss_node_get(n, "url")->column);
		db->url = ss_db_url_mask(url);
	}
	for (size_t i = 0; i < n->n; i++) {
		const char *k = n->keys[i];
		const struct ss_node *v = n->items[i];
		struct ss_node kp = key_pos(n, i);
		int rc = 0;

		if (!strcmp(k, "url"))
			rc = v->kind == SS_NODE_SCALAR ? 0
						       : fail_node(c, v, "'db.url' must be a single value");
		else if (!strcmp(k, "driver"))
			rc = get_driver(c, v, &db->driver);
		else if (!strcmp(k, "host"))
			rc = get_str(c, v, "db.host", &db->host);
		else if (!strcmp(k, "port"))
			rc = get_port(c, v, &db->port);
		else if (!strcmp(k, "socket"))
			rc = get_str(c, v, "db.socket", &db->socket);
		else if (!strcmp(k, "name"))
			rc = get_str(c, v, "db.name", &db->name);
		else if (!strcmp(k, "user"))
			rc = get_str(c, v, "db.user", &db->user);
		else if (!strcmp(k, "password-env"))
			rc = get_str(c, v, "db.password-env", &db->password_env);
		else if (!strcmp(k, "password-file"))
			rc = get_str(c, v, "db.password-file", &db->password_file);
		else if (!strcmp(k, "password"))
			rc = fail_node(c, &kp, "a password in an alias file is not allowed: use "
				       "db.password-env (a variable's name) or db.password-file "
				       "(a private file)");
		else
			rc = fail_node(c, &kp, "unknown db key '%s' (use %s)", k, known);
		if (rc < 0)
			return -1;
	}
	if (db->password_file && db->password_file[0] != '/' && db->password_file[0] != '~') {
		/* relative to the alias file, not to wherever sitesync runs */
		const char *slash = strrchr(c->file, '/');
		char *abs = ss_xasprintf("%.*s/%s", slash ? (int)(slash - c->file) : 1,
					 slash ? c->file : ".", db->password_file);

		free(db->password_file);
		db->password_file = abs;
	}
	if (db->password_env && db->password_file)
		return fail_node(c, n, "db has both password-env and password-file; keep one");
	if (db->password_env || db->password_file)
		wipe_str(&db->url_password);
	if (db->driver == SS_DB_NONE)
		return fail_node(c, n, "db has no driver (add 'driver: mysql' or "
				 "'driver: pgsql', or a url)");
	return 0;
}

/* A hook is a list of command lines, or one. */
static int get_hooks(const struct conv *c, const struct ss_node *n, struct ss_alias *a)
{
	if (n->kind != SS_NODE_MAP)
		return fail_node(c, n, "'hooks' must map events (pre-sql-sync, ...) to commands");
	a->hooks = ss_xcalloc(n->n ? n->n : 1, sizeof(*a->hooks));
	for (size_t i = 0; i < n->n; i++) {
		const struct ss_node *v = n->items[i];
		struct ss_hook *h = &a->hooks[i];

		h->event = ss_xstrdup(n->keys[i]);
		a->nhooks = i + 1;
		if (v->kind == SS_NODE_MAP)
			return fail_node(c, v, "hook '%s' must be a command or a list of commands",
					 n->keys[i]);
		if (v->kind == SS_NODE_SCALAR) {
			if (!*v->scalar)
				continue;
			h->commands = ss_xcalloc(1, sizeof(*h->commands));
			h->commands[0] = ss_xstrdup(v->scalar);
			h->ncommands = 1;
			continue;
		}
		h->commands = ss_xcalloc(v->n ? v->n : 1, sizeof(*h->commands));
		for (size_t j = 0; j < v->n; j++) {
			if (v->items[j]->kind != SS_NODE_SCALAR)
				return fail_node(c, v->items[j],
						 "each command of hook '%s' must be one line of text",
						 n->keys[i]);
			h->commands[j] = ss_xstrdup(v->items[j]->scalar);
			h->ncommands = j + 1;
		}
	}
	return 0;
}

static int get_role(const struct conv *c, const struct ss_node *n, struct ss_alias *a)
{
	if (n->kind != SS_NODE_SCALAR || ss_role_parse(n->scalar, &a->role) < 0)
		return fail_node(c, n, "unknown role '%s' (use production, staging, development "
				 "or local)", n->kind == SS_NODE_SCALAR ? n->scalar : "(not a value)");
	a->role_explicit = 1;
	return 0;
}

static int get_ssh(const struct conv *c, const struct ss_node *n, struct ss_alias *a)
{
	const struct ss_node *o;

	if (n->kind == SS_NODE_SCALAR && n->type == SS_SCALAR_NULL)
		return 0;
	if (n->kind != SS_NODE_MAP)
		return fail_node(c, n, "'ssh' must be a mapping (options: ...)");
	o = ss_node_get(n, "options");
	return o ? get_str(c, o, "ssh.options", &a->ssh_options) : 0;
}

/* One known top-level key of an entry; others are kept in a->node only. */
static int get_key(const struct conv *c, const char *k, const struct ss_node *v,
		   struct ss_alias *a)
{
	if (!strcmp(k, "host"))
		return get_str(c, v, k, &a->host);
	if (!strcmp(k, "user"))
		return get_str(c, v, k, &a->user);
	if (!strcmp(k, "root"))
		return get_str(c, v, k, &a->root);
	if (!strcmp(k, "uri"))
		return get_str(c, v, k, &a->uri);
	if (!strcmp(k, "paths"))
		return get_kv(c, v, k, &a->paths, &a->npaths);
	if (!strcmp(k, "env-vars"))
		return get_kv(c, v, k, &a->env_vars, &a->nenv_vars);
	if (!strcmp(k, "ssh"))
		return get_ssh(c, v, a);
	if (!strcmp(k, "role"))
		return get_role(c, v, a);
	if (!strcmp(k, "hooks"))
		return get_hooks(c, v, a);
	if (!strcmp(k, "db")) {
		a->has_db = 1;
		return get_db(c, v, &a->db);
	}
	return 0;
}

int ss_alias_from_node(const char *file, const char *site, const char *env, const char *name,
		       int line, int column, const struct ss_node *entry,
		       struct ss_alias **out, struct ss_error *err)
{
	struct conv c = { file, err };
	struct ss_alias *a = ss_alias_new(file, site, env);

	if (name) {
		free(a->name);
		a->name = ss_xstrdup(name);
		a->db.alias = a->name;
	}
	a->line = line;
	a->column = column;
	for (size_t i = 0; entry && i < entry->n; i++) {
		if (get_key(&c, entry->keys[i], entry->items[i], a) < 0) {
			ss_alias_free(a);
			return -1;
		}
	}
	if (entry) {
		ss_node_free(a->node);
		a->node = ss_node_clone(entry);
	}
	*out = a;
	return 0;
}

enum ss_role ss_role_infer(const char *env)
{
	static const struct { const char *name; enum ss_role role; } names[] = {
		{ "prod", SS_ROLE_PRODUCTION }, { "production", SS_ROLE_PRODUCTION },
		{ "live", SS_ROLE_PRODUCTION }, { "master", SS_ROLE_PRODUCTION },
		{ "stage", SS_ROLE_STAGING }, { "staging", SS_ROLE_STAGING },
		{ "test", SS_ROLE_STAGING }, { "qa", SS_ROLE_STAGING },
		{ "preprod", SS_ROLE_STAGING }, { "uat", SS_ROLE_STAGING },
		{ "dev", SS_ROLE_DEVELOPMENT }, { "development", SS_ROLE_DEVELOPMENT },
		{ "develop", SS_ROLE_DEVELOPMENT },
		{ "local", SS_ROLE_LOCAL }, { "default", SS_ROLE_LOCAL }, { "self", SS_ROLE_LOCAL },
		{ "ddev", SS_ROLE_LOCAL }, { "lando", SS_ROLE_LOCAL }, { "docker", SS_ROLE_LOCAL },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(env, names[i].name))
			return names[i].role;
	return SS_ROLE_PRODUCTION;
}

struct ss_alias *ss_alias_new(const char *file, const char *site, const char *env)
{
	struct ss_alias *a = ss_xcalloc(1, sizeof(*a));

	a->name = ss_alias_canonical(site, env);
	a->site = ss_xstrdup(site);
	a->env = ss_xstrdup(env);
	a->file = ss_xstrdup(file);
	/* "default" is this site only in self.site.yml; another site's is not */
	a->role = strcmp(site, "self") && (!strcasecmp(env, "default") || !strcasecmp(env, "self"))
			  ? SS_ROLE_PRODUCTION : ss_role_infer(env);
	a->db.alias = a->name;
	a->node = ss_xcalloc(1, sizeof(*a->node));
	a->node->kind = SS_NODE_MAP;
	return a;
}

static void free_kv(struct ss_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

void ss_alias_free(struct ss_alias *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->site);
	free(a->env);
	free(a->file);
	free(a->host);
	free(a->user);
	free(a->root);
	free(a->uri);
	free(a->ssh_options);
	free_kv(a->paths, a->npaths);
	free_kv(a->env_vars, a->nenv_vars);
	free(a->db.host);
	free(a->db.socket);
	free(a->db.name);
	free(a->db.user);
	free(a->db.password_env);
	free(a->db.password_file);
	free(a->db.url);
	wipe_str(&a->db.url_password);
	wipe_str(&a->db.env_password);
	for (size_t i = 0; i < a->nhooks; i++) {
		for (size_t j = 0; j < a->hooks[i].ncommands; j++)
			free(a->hooks[i].commands[j]);
		free(a->hooks[i].commands);
		free(a->hooks[i].event);
	}
	free(a->hooks);
	ss_node_free(a->node);
	free(a);
}

/* endpoint.c - schema-diff's source and target: options, env file and libpq connections. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "plugins/schema-diff/endpoint.h"

static void wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* Trim s in place; strip one level of matching quotes. */
static char *unquote(char *s)
{
	size_t len;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0]) {
		s[len - 1] = '\0';
		s++;
	}
	return s;
}

int sd_env_read(struct sd_env *env, const char *file, int required, struct ss_error *err)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0;

	if (!f) {
		if (!required && errno == ENOENT)
			return 0;
		return ss_error_set(err, SS_FAILED, "cannot read env file '%s': %s", file,
				    strerror(errno));
	}
	while (getline(&line, &cap, f) > 0) {
		char *p = line, *eq;

		lineno++;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		if (!strncmp(p, "export ", 7))
			p += 7;
		eq = strchr(p, '=');
		if (!eq) {
			explicit_bzero(line, cap);
			free(line);
			fclose(f);
			return ss_error_set(err, SS_USAGE, "%s:%d: expected KEY=VALUE", file, lineno);
		}
		*eq = '\0';
		env->vars = ss_xrealloc(env->vars, (env->n + 1) * sizeof(*env->vars));
		env->vars[env->n].key = ss_xstrdup(unquote(p));
		env->vars[env->n++].value = ss_xstrdup(unquote(eq + 1));
	}
	if (line)
		explicit_bzero(line, cap);
	free(line);
	fclose(f);
	return 0;
}

const char *sd_env_get(const struct sd_env *env, const char *key)
{
	const char *v = NULL;

	for (size_t i = 0; i < env->n; i++)
		if (!strcmp(env->vars[i].key, key))
			v = env->vars[i].value; /* the last one wins */
	return v && *v ? v : NULL;
}

void sd_env_release(struct sd_env *env)
{
	for (size_t i = 0; i < env->n; i++) {
		free(env->vars[i].key);
		wipe_free(env->vars[i].value);
	}
	free(env->vars);
	env->vars = NULL;
	env->n = 0;
}

/* --<label>-<opt>, else <LABEL>_DB_<VAR> of env, else def. */
static char *setting(struct ss_ctx *ctx, const struct sd_env *env, const char *label,
		     const char *opt, const char *var, const char *def)
{
	char name[64], key[64];
	const char *v;

	snprintf(name, sizeof(name), "%s-%s", label, opt);
	snprintf(key, sizeof(key), "%s_DB_%s", !strcmp(label, "source") ? "SOURCE" : "TARGET", var);
	v = ss_opt_str(ctx, name);
	if (!v || !*v)
		v = sd_env_get(env, key);
	return ss_xstrdup(v ? v : def);
}

int sd_endpoint_from_options(struct sd_endpoint *ep, struct ss_ctx *ctx, const struct sd_env *env,
			     struct ss_error *err)
{
	const char *l = ep->label;
	char *end;
	long port;

	ep->host = setting(ctx, env, l, "host", "HOST", "localhost");
	ep->port = setting(ctx, env, l, "port", "PORT", "5432");
	ep->db = setting(ctx, env, l, "database", "NAME", NULL);
	ep->user = setting(ctx, env, l, "username", "USER", NULL);
	ep->password = setting(ctx, env, l, "password", "PASSWORD", NULL);
	ep->schema = setting(ctx, env, l, "schema", "SCHEMA", NULL);
	if (!ep->db || !ep->user)
		return ss_error_set(err, SS_USAGE,
				    "%c%s database credentials are required (--%s-database and --%s-username, or %s_DB_NAME and %s_DB_USER)",
				    toupper((unsigned char)l[0]), l + 1, l, l,
				    l[0] == 's' ? "SOURCE" : "TARGET", l[0] == 's' ? "SOURCE" : "TARGET");
	port = strtol(ep->port, &end, 10);
	if (*end || port <= 0 || port > 65535)
		return ss_error_set(err, SS_USAGE, "%s port '%s' is not a port number", l, ep->port);
	ep->where = ss_xasprintf("%s:%s/%s", ep->host, ep->port, ep->db);
	return 0;
}

int sd_endpoint_connect(struct sd_endpoint *ep, struct ss_error *err)
{
	const char *keys[8], *vals[8];
	const char *msg;
	int n = 0;

	keys[n] = "host", vals[n++] = ep->host;
	keys[n] = "port", vals[n++] = ep->port;
	keys[n] = "dbname", vals[n++] = ep->db;
	keys[n] = "user", vals[n++] = ep->user;
	if (ep->password)
		keys[n] = "password", vals[n++] = ep->password;
	keys[n] = "application_name", vals[n++] = "sitesync schema-diff";
	keys[n] = "connect_timeout", vals[n++] = "10";
	keys[n] = NULL, vals[n] = NULL;
	ep->conn = PQconnectdbParams(keys, vals, 0);
	if (ep->conn && PQstatus(ep->conn) == CONNECTION_OK)
		return 0;
	msg = ep->conn ? PQerrorMessage(ep->conn) : "out of memory";
	if (strstr(msg, "Connection refused"))
		ss_error_set(err, SS_FAILED, "connecting to %s %s:%s failed: connection refused",
			     ep->label, ep->host, ep->port);
	else {
		/* libpq: "connection to server at ... failed: FATAL:  reason\n" → the reason */
		const char *r = strstr(msg, "failed: ");
		size_t len;

		r = r ? r + 8 : msg;
		if (!strncmp(r, "FATAL:  ", 8))
			r += 8;
		len = strcspn(r, "\n");
		ss_error_set(err, SS_FAILED, "connecting to %s %s:%s failed: %.*s", ep->label,
			     ep->host, ep->port, (int)len, r);
	}
	PQfinish(ep->conn);
	ep->conn = NULL;
	return -1;
}

void sd_endpoint_release(struct sd_endpoint *ep)
{
	if (ep->sconn)
		sd_endpoint_close_alias(ep);
	else if (ep->conn)
		PQfinish(ep->conn);
	free(ep->host);
	free(ep->port);
	free(ep->db);
	free(ep->user);
	wipe_free(ep->password);
	free(ep->schema);
	free(ep->where);
	memset(ep, 0, sizeof(*ep));
}

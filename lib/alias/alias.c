/* alias.c - small questions about a resolved alias: roles, paths, hooks, where it lives. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sitesync/alias.h>

static const char *const role_names[] = { "local", "development", "staging", "production" };

const char *ss_role_name(enum ss_role role)
{
	return (unsigned)role < 4 ? role_names[role] : "unknown";
}

int ss_role_parse(const char *s, enum ss_role *out)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, role_names[i])) {
			*out = (enum ss_role)i;
			return 0;
		}
	return -1;
}

const char *ss_db_driver_name(enum ss_db_driver d)
{
	switch (d) {
	case SS_DB_MYSQL: return "mysql";
	case SS_DB_PGSQL: return "pgsql";
	default: return "none";
	}
}

const char *ss_alias_path(const struct ss_alias *a, const char *name)
{
	for (size_t i = 0; i < a->npaths; i++)
		if (!strcmp(a->paths[i].key, name))
			return a->paths[i].value;
	return NULL;
}

/* The host's own names: "localhost", loopback addresses, gethostname(). */
static int is_this_machine(const char *host)
{
	char self[HOST_NAME_MAX + 1];
	size_t len;

	if (!strcasecmp(host, "localhost") || !strcmp(host, "127.0.0.1") ||
	    !strcmp(host, "::1") || !strcmp(host, "[::1]"))
		return 1;
	if (gethostname(self, sizeof(self)) < 0)
		return 0;
	self[sizeof(self) - 1] = '\0';
	if (!strcasecmp(host, self))
		return 1;
	/* "web1" against "web1.example.org", either way round */
	len = strcspn(self, ".");
	return strlen(host) == len && !strncasecmp(host, self, len);
}

int ss_alias_is_remote(const struct ss_alias *a)
{
	return a->host && *a->host && !is_this_machine(a->host);
}

const char *ss_alias_transport(const struct ss_alias *a)
{
	/* site-process's order: ssh (host) first, then these */
	static const char *const keys[] = { "kubectl", "skpr", "docker", "vagrant" };

	if (a->host && *a->host)
		return NULL;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (ss_node_get(a->node, keys[i]))
			return keys[i];
	return NULL;
}

int ss_alias_need_transport(const struct ss_alias *a, struct ss_error *err)
{
	const char *t = ss_alias_transport(a);

	if (!t)
		return 0;
	return ss_error_set(err, SS_REFUSED, "alias '%s' is reached with %s (%s:%d), which "
			    "sitesync does not speak yet; refusing to act on this machine instead",
			    a->name, t, a->file, a->line);
}

size_t ss_alias_hook(const struct ss_alias *a, const char *event, char *const **commands)
{
	for (size_t i = 0; i < a->nhooks; i++)
		if (!strcmp(a->hooks[i].event, event)) {
			*commands = a->hooks[i].commands;
			return a->hooks[i].ncommands;
		}
	*commands = NULL;
	return 0;
}

int ss_alias_need_db(const struct ss_alias *a, struct ss_error *err)
{
	size_t len = strlen(a->file), sl = strlen(".site.yml");

	if (a->has_db)
		return 0;
	if (len < sl || strcmp(a->file + len - sl, ".site.yml"))
		return ss_error_set(err, SS_FAILED, "alias '%s' has no db (%s sets none of "
				    "DB_HOST, DB_NAME, DATABASE_URL, MARIADB_*, PG*, and no "
				    "self.site.yml has a 'default' entry)", a->name, a->file);
	if (a->line)
		return ss_error_set(err, SS_FAILED, "alias '%s' has no db (%s:%d)", a->name,
				    a->file, a->line);
	return ss_error_set(err, SS_FAILED, "alias '%s' has no db (%s)", a->name, a->file);
}

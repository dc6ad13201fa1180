/* sites.c - the sites serve offers, from the alias files, and the directions the policy allows. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/serve/sites.h"

static int from_site_file(const struct ss_alias *a)
{
	size_t n = a->file ? strlen(a->file) : 0;

	return a->site && a->env && n > 9 && !strcmp(a->file + n - 9, ".site.yml");
}

static struct site *site_for(struct sites *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	s->v = ss_xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	s->v[s->n].name = ss_xstrdup(name);
	return &s->v[s->n++];
}

static void add_env(struct site *site, const struct ss_alias *a)
{
	const char *files = ss_alias_path(a, "files");
	struct site_env *e;

	site->envs = ss_xrealloc(site->envs, (site->nenvs + 1) * sizeof(*site->envs));
	e = &site->envs[site->nenvs++];
	e->name = a->env;
	e->alias = a;
	e->database = a->has_db && a->db.driver != SS_DB_NONE && a->db.name && *a->db.name;
	e->files = (files && *files == '/') || (a->root && *a->root);
}

int sites_load(struct ss_ctx *ctx, struct sites *out, struct ss_error *err)
{
	const struct ss_alias *const *list;
	struct ss_aliases *set;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (ss_ctx_aliases(ctx, &set, err) < 0 || ss_aliases_all(set, &list, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (from_site_file(list[i]))
			add_env(site_for(out, list[i]->site), list[i]);
	return 0;
}

void sites_release(struct sites *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].envs);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

const struct site *sites_find(const struct sites *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

const struct site_env *site_env_find(const struct site *site, const char *env)
{
	for (size_t i = 0; i < site->nenvs; i++)
		if (!strcmp(site->envs[i].name, env))
			return &site->envs[i];
	return NULL;
}

int site_kind_valid(const char *kind)
{
	return !strcmp(kind, "database") || !strcmp(kind, "files") || !strcmp(kind, "both");
}

static int need(const struct site_env *e, const char *kind, const char *field, const char **out,
		struct ss_error *err)
{
	int db = strcmp(kind, "files") != 0, files = strcmp(kind, "database") != 0;

	*out = field;
	if (db && !e->database)
		return ss_error_set(err, SS_USAGE, "environment '%s' (%s) has no database",
				    e->name, ss_target_name(e->alias));
	if (files && !e->files)
		return ss_error_set(err, SS_USAGE, "environment '%s' (%s) has no files path "
				    "(paths.files or root)", e->name, ss_target_name(e->alias));
	*out = NULL;
	return 0;
}

int site_direction(const struct site_env *from, const struct site_env *to, const char *kind,
		   const char **field, struct ss_error *err)
{
	int db = strcmp(kind, "files") != 0, files = strcmp(kind, "database") != 0;

	*field = NULL;
	if (need(from, kind, "from", field, err) < 0 || need(to, kind, "to", field, err) < 0)
		return -1;
	if (db && from->alias->db.driver != to->alias->db.driver) {
		*field = "to";
		return ss_error_set(err, SS_USAGE, "cannot sync between %s '%s' and %s '%s'",
				    ss_db_driver_name(from->alias->db.driver), from->name,
				    ss_db_driver_name(to->alias->db.driver), to->name);
	}
	if (db && ss_policy_check(from->alias, to->alias, "sql-sync", err) < 0)
		return -1;
	if (files && ss_policy_check(from->alias, to->alias, "rsync", err) < 0)
		return -1;
	return 0;
}

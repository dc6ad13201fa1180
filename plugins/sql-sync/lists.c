/* lists.c - sql-sync's table lists: options, and named lists from the aliases and sitesync.yml. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/alias/yaml_load.h"
#include "plugins/sql-sync/sql_sync.h"

#define SETTINGS_FILE "sitesync.yml"
#define OPTIONS_PATH "command.sql.sync.options"

void sync_settings_release(struct sync_settings *s)
{
	for (int i = 0; i < 2; i++) {
		ss_node_free(s->file[i]);
		free(s->path[i]);
	}
}

/* dir of the alias's file + sitesync.yml, or NULL for an alias from the environment. */
static char *settings_path(const struct ss_alias *a)
{
	const char *slash;

	if (!a->file || a->line == 0)
		return NULL;
	slash = strrchr(a->file, '/');
	if (!slash)
		return ss_xstrdup(SETTINGS_FILE);
	return ss_xasprintf("%.*s/%s", (int)(slash - a->file), a->file, SETTINGS_FILE);
}

int sync_settings_load(const struct ss_alias *source, const struct ss_alias *target,
		       struct sync_settings *s, struct ss_error *err)
{
	memset(s, 0, sizeof(*s));
	s->alias[0] = source;
	s->alias[1] = target;
	for (int i = 0; i < 2; i++) {
		char *path = settings_path(s->alias[i]);

		if (!path || (i == 1 && s->path[0] && !strcmp(path, s->path[0])) ||
		    access(path, F_OK) != 0) {
			free(path);
			continue;
		}
		s->path[i] = path;
		if (ss_yaml_load_file(path, &s->file[i], err) < 0)
			return -1;
		if (s->file[i] && s->file[i]->kind != SS_NODE_MAP)
			return ss_error_set(err, SS_FAILED, "%s:%d:%d: settings must be a mapping",
					    path, s->file[i]->line, s->file[i]->column);
	}
	return 0;
}

/* A list node (sequence or comma string) as one comma string; NULL if neither. */
static char *node_list(const struct ss_node *n)
{
	struct ss_buf b = SS_BUF_INIT;

	if (!n)
		return NULL;
	if (n->kind == SS_NODE_SCALAR)
		return ss_xstrdup(n->scalar ? n->scalar : "");
	if (n->kind != SS_NODE_SEQ)
		return NULL;
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->kind != SS_NODE_SCALAR || !n->items[i]->scalar)
			continue;
		if (b.len)
			ss_buf_addc(&b, ',');
		ss_buf_adds(&b, n->items[i]->scalar);
	}
	if (!b.len)
		return ss_xstrdup("");
	return ss_buf_detach(&b);
}

/* command.sql.sync.options.<opt> of the aliases, then of the settings files. */
static const struct ss_node *option(const struct sync_settings *s, const char *opt)
{
	char *path = ss_xasprintf(OPTIONS_PATH ".%s", opt);
	const struct ss_node *n = NULL;

	for (int i = 0; i < 2 && !n; i++)
		if (s->alias[i]->node)
			n = ss_node_path(s->alias[i]->node, path);
	for (int i = 0; i < 2 && !n; i++)
		if (s->file[i])
			n = ss_node_path(s->file[i], path);
	free(path);
	return n;
}

/* The node of map.key where map is at path in n, or NULL. */
static const struct ss_node *keyed(const struct ss_node *n, const char *path, const char *key)
{
	const struct ss_node *map = n ? ss_node_path(n, path) : NULL;

	return map && map->kind == SS_NODE_MAP ? ss_node_get(map, key) : NULL;
}

/*
 * The list named key of kind ("structure-tables"): <kind>.<key> under
 * command.sql.sync.options or sql, in the aliases, then in the settings
 * files (drush.yml writes sql.structure-tables.common).
 */
static const struct ss_node *named_list(const struct sync_settings *s, const char *kind,
					const char *key)
{
	char *opts = ss_xasprintf(OPTIONS_PATH ".%s", kind), *sql = ss_xasprintf("sql.%s", kind);
	const struct ss_node *n = NULL;

	for (int i = 0; i < 2 && !n; i++) {
		n = keyed(s->alias[i]->node, opts, key);
		if (!n)
			n = keyed(s->alias[i]->node, sql, key);
	}
	for (int i = 0; i < 2 && !n; i++) {
		n = keyed(s->file[i], sql, key);
		if (!n)
			n = keyed(s->file[i], opts, key);
	}
	free(opts);
	free(sql);
	return n;
}

/* "'a' or 'b'" / "'a'": the places a named list was looked for, for messages. */
static char *places(const struct sync_settings *s)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_addf(&b, OPTIONS_PATH " of '%s'", s->alias[0]->name);
	if (strcmp(s->alias[0]->name, s->alias[1]->name))
		ss_buf_addf(&b, " or '%s'", s->alias[1]->name);
	for (int i = 0; i < 2; i++)
		if (s->path[i])
			ss_buf_addf(&b, ", or '%s'", s->path[i]);
	if (!s->path[0] && !s->path[1]) {
		char *p = settings_path(s->alias[1]);

		if (!p)
			p = settings_path(s->alias[0]);
		if (p)
			ss_buf_addf(&b, " (no '%s')", p);
		free(p);
	}
	return ss_buf_detach(&b);
}

/* An empty list from the settings is as if none were given. */
static int none_if_empty(char **list)
{
	if (*list && !**list) {
		free(*list);
		*list = NULL;
	}
	return 0;
}

/* One list: --X-list, else --X-key, else the settings' X-list, else their X-key. */
static int load_one(struct ss_ctx *ctx, const struct sync_settings *s, const char *kind, char **out,
		    struct ss_error *err)
{
	char opt_list[64], opt_key[64];
	const char *list, *key, *from = "option";
	const struct ss_node *n;
	char *where;

	snprintf(opt_list, sizeof(opt_list), "%s-list", kind);
	snprintf(opt_key, sizeof(opt_key), "%s-key", kind);
	list = ss_opt_str(ctx, opt_list);
	if (list) {
		*out = ss_xstrdup(list);
		return 0;
	}
	key = ss_opt_str(ctx, opt_key);
	if (!key) {
		n = option(s, opt_list);
		if (n) {
			*out = node_list(n);
			return none_if_empty(out);
		}
		n = option(s, opt_key);
		key = n && n->kind == SS_NODE_SCALAR ? n->scalar : NULL;
		if (!key || !*key)
			return 0;
		from = "setting";
	}
	*out = node_list(named_list(s, kind, key));
	if (*out)
		return none_if_empty(out);
	where = places(s);
	ss_error_set(err, *from == 'o' ? SS_USAGE : SS_FAILED,
		     "no %s list named '%s' (--%s) in %s", kind, key, opt_key, where);
	free(where);
	return -1;
}

int sync_lists_load(struct ss_ctx *ctx, const struct ss_alias *source,
		    const struct ss_alias *target, struct sync_lists *lists,
		    struct ss_error *err)
{
	struct sync_settings s;
	int rc = -1;

	memset(lists, 0, sizeof(*lists));
	if (sync_settings_load(source, target, &s, err) < 0 ||
	    load_one(ctx, &s, "tables", &lists->tables, err) < 0 ||
	    load_one(ctx, &s, "skip-tables", &lists->skip, err) < 0 ||
	    load_one(ctx, &s, "structure-tables", &lists->structure, err) < 0)
		sync_lists_release(lists);
	else
		rc = 0;
	sync_settings_release(&s);
	return rc;
}

void sync_lists_release(struct sync_lists *lists)
{
	free(lists->tables);
	free(lists->skip);
	free(lists->structure);
	memset(lists, 0, sizeof(*lists));
}

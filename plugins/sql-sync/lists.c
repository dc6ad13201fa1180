/* lists.c - sql-sync's table lists: options, and named lists from the aliases' settings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/sql-sync/sql_sync.h"

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
	return ss_buf_detach(&b);
}

/* command.sql.sync.options.<key> of the source, else of the target. */
static const struct ss_node *setting(const struct ss_alias *source, const struct ss_alias *target,
				     const char *key)
{
	const struct ss_alias *a[2] = { source, target };
	char *path = ss_xasprintf("command.sql.sync.options.%s", key);
	const struct ss_node *n = NULL;

	for (int i = 0; i < 2 && !n; i++)
		if (a[i]->node)
			n = ss_node_path(a[i]->node, path);
	free(path);
	return n;
}

/* The named list `kind`-tables.<key> (drush: structure-tables: {common: [...]}) */
static char *named_list(const struct ss_alias *source, const struct ss_alias *target,
			const char *kind, const char *key)
{
	const struct ss_node *lists = setting(source, target, kind);

	if (!lists || lists->kind != SS_NODE_MAP)
		return NULL;
	return node_list(ss_node_get(lists, key));
}

/* One list: --X-list, else --X-key, else the settings' X-list / X-key. */
static int load_one(struct ss_ctx *ctx, const struct ss_alias *source,
		    const struct ss_alias *target, const char *kind, char **out,
		    struct ss_error *err)
{
	char opt_list[64], opt_key[64], tables_kind[64];
	const char *list, *key;
	const struct ss_node *n;

	snprintf(opt_list, sizeof(opt_list), "%s-list", kind);
	snprintf(opt_key, sizeof(opt_key), "%s-key", kind);
	snprintf(tables_kind, sizeof(tables_kind), "%s", kind);
	list = ss_opt_str(ctx, opt_list);
	if (list) {
		*out = ss_xstrdup(list);
		return 0;
	}
	key = ss_opt_str(ctx, opt_key);
	if (!key) {
		n = setting(source, target, opt_list);
		if (n) {
			*out = node_list(n);
			return 0;
		}
		n = setting(source, target, opt_key);
		key = n && n->kind == SS_NODE_SCALAR ? n->scalar : NULL;
		if (!key)
			return 0;
	}
	/* "structure-tables" holds the named structure lists */
	*out = named_list(source, target, tables_kind, key);
	if (!*out)
		return ss_error_set(err, SS_USAGE, "no %s list named '%s' in"
				    " command.sql.sync.options.%s of '%s' or '%s'",
				    kind, key, kind, source->name, target->name);
	return 0;
}

int sync_lists_load(struct ss_ctx *ctx, const struct ss_alias *source,
		    const struct ss_alias *target, struct sync_lists *lists,
		    struct ss_error *err)
{
	memset(lists, 0, sizeof(*lists));
	if (load_one(ctx, source, target, "tables", &lists->tables, err) < 0 ||
	    load_one(ctx, source, target, "skip-tables", &lists->skip, err) < 0 ||
	    load_one(ctx, source, target, "structure-tables", &lists->structure, err) < 0) {
		sync_lists_release(lists);
		return -1;
	}
	return 0;
}

void sync_lists_release(struct sync_lists *lists)
{
	free(lists->tables);
	free(lists->skip);
	free(lists->structure);
	memset(lists, 0, sizeof(*lists));
}

/* load.c - a *.site.yml file into its environments, as drush reads it; checked and cached. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"
#include "lib/alias/yaml_load.h"

char *ss_alias_canonical(const char *site, const char *env)
{
	if (strcmp(site, "self"))
		return ss_xasprintf("@%s.%s", site, env);
	if (!strcmp(env, "default"))
		return ss_xstrdup("default");
	return ss_xasprintf("@%s", env);
}

char *ss_alias_file_name(const struct ss_alias_file *f, const char *env)
{
	if (*f->location)
		return f->single ? ss_xasprintf("@%s.%s", f->location, f->site)
				 : ss_xasprintf("@%s.%s.%s", f->location, f->site, env);
	if (!f->single)
		return ss_alias_canonical(f->site, env);
	return strcmp(f->site, "self") ? ss_xasprintf("@%s", f->site) : ss_xstrdup("default");
}

/*
 * Alias files name commands that run (hooks): refuse one that others could
 * have written into, like OpenBSD doas refuses its config.
 */
int ss_alias_unsafe_mode(const char *path, struct ss_error *err, const char *what)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return ss_error_set(err, SS_FAILED, "cannot read %s '%s': %s", what, path,
				    strerror(errno));
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return ss_error_set(err, SS_REFUSED,
				    "%s '%s' is writable by group or others; refusing it "
				    "(chmod go-w '%s')", what, path, path);
	return 0;
}

/*
 * drush tells the two shapes apart by whether any top-level value is a
 * mapping with keys: one is an environment file, none a single alias
 * (`root: /path` and the like at the top).
 */
static int is_single(const struct ss_node *root)
{
	if (!root->n)
		return 0;
	for (size_t i = 0; i < root->n; i++)
		if (root->items[i]->kind == SS_NODE_MAP && root->items[i]->n)
			return 0;
	return 1;
}

static int read_file(const char *path, struct ss_node **root, struct ss_error *err)
{
	char *dir = ss_xstrdup(path), *slash = strrchr(dir, '/');

	*root = NULL;
	if (slash)
		*slash = '\0';
	if (slash && *dir && ss_alias_unsafe_mode(dir, err, "alias directory") < 0) {
		free(dir);
		return -1;
	}
	free(dir);
	if (ss_alias_unsafe_mode(path, err, "alias file") < 0)
		return -1;
	if (ss_yaml_load_file(path, root, err) < 0)
		return -1;
	if (*root && (*root)->kind != SS_NODE_MAP) {
		ss_error_set(err, SS_FAILED, "%s:%d:%d: an alias file is a mapping of environment "
			     "names to their settings", path, (*root)->line, (*root)->column);
		ss_node_free(*root);
		*root = NULL;
		return -1;
	}
	return 0;
}

int ss_alias_file_get(struct ss_aliases *set, const struct ss_alias_spot *spot,
		      struct ss_alias_file **out, struct ss_error *err)
{
	struct ss_alias_file *f;

	for (size_t i = 0; i < set->nfiles; i++)
		if (!strcmp(set->files[i]->path, spot->path)) {
			*out = set->files[i];
			goto found;
		}
	f = ss_xcalloc(1, sizeof(*f));
	f->path = ss_xstrdup(spot->path);
	f->site = ss_xstrdup(spot->site);
	f->location = ss_xstrdup(spot->location);
	ss_error_clear(&f->error);
	if (read_file(spot->path, &f->root, &f->error) < 0)
		f->failed = 1;
	f->single = f->root && is_single(f->root);
	set->files = ss_xrealloc(set->files, (set->nfiles + 1) * sizeof(*set->files));
	set->files[set->nfiles++] = f;
	*out = f;
found:
	if ((*out)->failed) {
		*err = (*out)->error;
		return -1;
	}
	return 0;
}

/* The data of entry key when it is a mapping; a single file is all "default". */
static const struct ss_node *env_data(const struct ss_alias_file *f, const char *key,
				      struct ss_node_mark *mark)
{
	const struct ss_node *n;
	const struct ss_node_mark *m;

	if (!f->root)
		return NULL;
	if (f->single) {
		*mark = (struct ss_node_mark){ 1, 1 };
		return strcmp(key, "default") ? NULL : f->root;
	}
	n = ss_node_get(f->root, key);
	if (!n || n->kind != SS_NODE_MAP)
		return NULL;
	m = ss_node_key_mark(f->root, key);
	*mark = m ? *m : (struct ss_node_mark){ n->line, n->column };
	return n;
}

int ss_alias_file_is_env(const struct ss_alias_file *f, size_t i)
{
	return !f->single && f->root->items[i]->kind == SS_NODE_MAP &&
	       strcmp(f->root->keys[i], "common");
}

const char *ss_alias_file_default_env(const struct ss_alias_file *f)
{
	const struct ss_node *d;

	if (!f->root || f->single)
		return "default";
	d = ss_node_get(f->root, "default");
	if (d && d->kind == SS_NODE_SCALAR && d->type != SS_SCALAR_NULL)
		return d->scalar;
	if (d && d->kind != SS_NODE_SCALAR)
		return "default";
	d = ss_node_get(f->root, "dev");
	if (d && !(d->kind == SS_NODE_SCALAR && d->type == SS_SCALAR_NULL))
		return "dev";
	return f->root->n ? f->root->keys[0] : "default";
}

/* common under data, ${...} filled in, into an alias. */
static int convert(struct ss_alias_file *f, const char *env, const struct ss_node *data,
		   struct ss_node_mark mark, struct ss_alias **out, struct ss_error *err)
{
	const struct ss_node *common = f->single ? NULL : ss_node_get(f->root, "common");
	struct ss_node *merged, *entry;
	struct ss_interp ix = { .env_name = env };
	char *name;
	int rc;

	merged = ss_node_merged(common && common->kind == SS_NODE_MAP ? common : NULL, data);
	entry = ss_node_clone(merged);
	ix.data = merged;
	rc = ss_interpolate_node(f->path, entry, &ix, err);
	name = ss_alias_file_name(f, env);
	if (rc == 0)
		rc = ss_alias_from_node(f->path, f->site, f->single ? "default" : env, name,
					mark.line, mark.column, entry, out, err);
	free(name);
	ss_node_free(entry);
	ss_node_free(merged);
	return rc;
}

int ss_alias_file_entry(struct ss_alias_file *f, const char *env, int exact,
			struct ss_alias **out, struct ss_error *err)
{
	struct ss_node_mark mark = { 0, 0 };
	const struct ss_node *data;

	*out = NULL;
	for (size_t i = 0; i < f->nenvs; i++)
		if (!strcmp(f->envs[i].env, env)) {
			*out = f->envs[i].alias;
			return 0;
		}
	data = env_data(f, env, &mark);
	if (!data && !exact)
		data = env_data(f, "*", &mark);
	if (!data)
		return 0;
	if (convert(f, env, data, mark, out, err) < 0)
		return -1;
	f->envs = ss_xrealloc(f->envs, (f->nenvs + 1) * sizeof(*f->envs));
	f->envs[f->nenvs].env = ss_xstrdup(env);
	f->envs[f->nenvs++].alias = *out;
	return 0;
}

void ss_alias_file_free(struct ss_alias_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nenvs; i++) {
		ss_alias_free(f->envs[i].alias);
		free(f->envs[i].env);
	}
	free(f->envs);
	ss_node_free(f->root);
	free(f->path);
	free(f->site);
	free(f->location);
	free(f);
}

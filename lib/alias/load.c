/* load.c - a *.site.yml file into its entries, checked and cached. */
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

char *ss_alias_find_file(const struct ss_aliases *set, const char *site)
{
	for (size_t i = 0; i < set->ndirs; i++) {
		char *path = ss_xasprintf("%s/%s.site.yml", set->dirs[i], site);
		struct stat st;

		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return path;
		free(path);
	}
	return NULL;
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

/* Entry names become alias names: letters, digits, '_' and '-' only. */
static int check_entries(const char *path, const struct ss_node *root, struct ss_error *err)
{
	if (root->kind != SS_NODE_MAP)
		return ss_error_set(err, SS_FAILED,
				    "%s:%d:%d: an alias file is a mapping of environment names "
				    "to their settings", path, root->line, root->column);
	for (size_t i = 0; i < root->n; i++) {
		const char *k = root->keys[i];
		const struct ss_node_mark *m = &root->key_marks[i];

		if (!*k || k[strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					"0123456789_-")])
			return ss_error_set(err, SS_FAILED,
					    "%s:%d:%d: environment name '%s' may only use letters, "
					    "digits, '_' and '-'", path, m->line, m->column, k);
		if (root->items[i]->kind != SS_NODE_MAP)
			return ss_error_set(err, SS_FAILED,
					    "%s:%d:%d: environment '%s' must be a mapping of settings",
					    path, root->items[i]->line, root->items[i]->column, k);
	}
	return 0;
}

static int load_file(const char *path, const char *site, struct ss_alias_file **out,
		     struct ss_error *err)
{
	struct ss_alias_file *f;
	struct ss_node *root;
	char *dir = ss_xstrdup(path), *slash = strrchr(dir, '/');

	if (slash)
		*slash = '\0';
	if (slash && *dir && ss_alias_unsafe_mode(dir, err, "alias directory") < 0) {
		free(dir);
		return -1;
	}
	free(dir);
	if (ss_alias_unsafe_mode(path, err, "alias file") < 0)
		return -1;
	if (ss_yaml_load_file(path, &root, err) < 0)
		return -1;
	if (root && check_entries(path, root, err) < 0) {
		ss_node_free(root);
		return -1;
	}
	f = ss_xcalloc(1, sizeof(*f));
	f->path = ss_xstrdup(path);
	f->site = ss_xstrdup(site);
	f->root = root;
	f->entries = ss_xcalloc(root ? root->n : 1, sizeof(*f->entries));
	*out = f;
	return 0;
}

int ss_alias_file_get(struct ss_aliases *set, const char *path, const char *site,
		      struct ss_alias_file **out, struct ss_error *err)
{
	for (size_t i = 0; i < set->nfiles; i++)
		if (!strcmp(set->files[i]->path, path)) {
			*out = set->files[i];
			return 0;
		}
	if (load_file(path, site, out, err) < 0)
		return -1;
	set->files = ss_xrealloc(set->files, (set->nfiles + 1) * sizeof(*set->files));
	set->files[set->nfiles++] = *out;
	return 0;
}

int ss_alias_file_entry(struct ss_alias_file *f, const char *env, struct ss_alias **out,
			struct ss_error *err)
{
	struct ss_node *entry;
	size_t i;
	int rc;

	*out = NULL;
	if (!f->root)
		return 0;
	for (i = 0; i < f->root->n; i++)
		if (!strcmp(f->root->keys[i], env))
			break;
	if (i == f->root->n)
		return 0;
	if (f->entries[i]) {
		*out = f->entries[i];
		return 0;
	}
	entry = ss_node_clone(f->root->items[i]);
	rc = ss_interpolate_node(f->path, entry, err);
	if (rc == 0)
		rc = ss_alias_from_node(f->path, f->site, env, f->root->key_marks[i].line,
					f->root->key_marks[i].column, entry, out, err);
	ss_node_free(entry);
	if (rc == 0)
		f->entries[i] = *out;
	return rc;
}

void ss_alias_file_free(struct ss_alias_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; f->root && i < f->root->n; i++)
		ss_alias_free(f->entries[i]);
	free(f->entries);
	ss_node_free(f->root);
	free(f->path);
	free(f->site);
	free(f);
}

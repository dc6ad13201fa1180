/* resolve.c - alias names to aliases as drush resolves them, lazily; "did you mean". */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"
#include "lib/core/suggest.h"

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"

int ss_aliases_open(const struct ss_alias_search *search, struct ss_aliases **out,
		    struct ss_error *err)
{
	struct ss_aliases *set = ss_xcalloc(1, sizeof(*set));

	*out = NULL;
	if (ss_alias_search_build(set, search, err) < 0) {
		ss_aliases_free(set);
		return -1;
	}
	*out = set;
	return 0;
}

void ss_aliases_free(struct ss_aliases *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->ndirs; i++)
		free(set->dirs[i]);
	free(set->dirs);
	for (size_t i = 0; i < set->nfiles; i++)
		ss_alias_file_free(set->files[i]);
	free(set->files);
	ss_alias_free(set->env_default);
	free(set->all);
	free(set->group);
	for (size_t i = 0; i < set->ntold; i++)
		free(set->told[i]);
	free(set->told);
	free(set->cwd);
	free(set);
}

size_t ss_aliases_dirs(const struct ss_aliases *set, const char *const **dirs)
{
	*dirs = (const char *const *)set->dirs;
	return set->ndirs;
}

void ss_aliases_on_skip(struct ss_aliases *set, ss_alias_skip_fn fn, void *data)
{
	set->skip = fn;
	set->skip_data = data;
}

void ss_aliases_tell(struct ss_aliases *set, const struct ss_error *e)
{
	for (size_t i = 0; i < set->ntold; i++)
		if (!strcmp(set->told[i], e->msg))
			return;
	set->told = ss_xrealloc(set->told, (set->ntold + 1) * sizeof(*set->told));
	set->told[set->ntold++] = ss_xstrdup(e->msg);
	if (set->skip)
		set->skip(set->skip_data, e);
}

/* A file or entry left out: "skipped: FILE:LINE:COL: ...", once. */
static void tell_skipped(struct ss_aliases *set, const struct ss_error *e)
{
	struct ss_error copy = *e;

	ss_error_prefix(&copy, "skipped");
	ss_aliases_tell(set, &copy);
}

static int is_default_name(const char *name)
{
	return !strcmp(name, "@self") || !strcmp(name, "self") || !strcmp(name, "default") ||
	       !strcmp(name, "@default");
}

/* The file of site (at location, or anywhere): 1 loaded, 0 none, -1 it fails to load. */
static int site_file(struct ss_aliases *set, const char *site, const char *location,
		     struct ss_alias_file **f, struct ss_error *err)
{
	struct ss_alias_spot spot;
	int rc;

	*f = NULL;
	if (!ss_alias_find_file(set, site, location, &spot))
		return 0;
	rc = ss_alias_file_get(set, &spot, f, err);
	ss_alias_spot_release(&spot);
	return rc < 0 ? -1 : 1;
}

static int env_default(struct ss_aliases *set, const struct ss_alias **out,
		       struct ss_error *err)
{
	if (!set->env_default && ss_alias_from_env(set->cwd, &set->env_default, err) < 0)
		return -1;
	*out = set->env_default;
	return 0;
}

/*
 * The `default:` entry of self.site.yml (a mapping, or a file that is one
 * alias), else the environment.  Never its '*' entry: default is this site.
 */
static int resolve_default(struct ss_aliases *set, const struct ss_alias **out,
			   struct ss_error *err)
{
	struct ss_alias_file *f;
	struct ss_alias *a;

	if (site_file(set, "self", NULL, &f, err) < 0)
		return -1;
	if (f) {
		if (ss_alias_file_entry(f, "default", 1, &a, err) < 0)
			return -1;
		if (a) {
			*out = a;
			return 0;
		}
	}
	return env_default(set, out, err);
}

static void add_name(const char ***names, size_t *n, const char *name)
{
	*names = ss_xrealloc(*names, (*n + 1) * sizeof(**names));
	(*names)[(*n)++] = name;
}

/* Say once per run which Drush 8 alias files lie on the search path, and how to convert them. */
static void tell_legacy(struct ss_aliases *set)
{
	char **legacy;
	size_t n = ss_alias_legacy_files(set, &legacy);

	for (size_t i = 0; i < n; i++) {
		struct ss_error e;

		ss_error_set(&e, SS_FAILED, "%s is a Drush 8 alias file, which sitesync does not "
			     "read: convert it to *.site.yml ('drush site:alias-convert' of Drush 9 "
			     "to 11, or by hand)", legacy[i]);
		ss_aliases_tell(set, &e);
		free(legacy[i]);
	}
	free(legacy);
}

/* An entry drush lists (so does sa) whose name no alias name can spell: say so. */
static int unnameable(const struct ss_alias *a, const char *name, struct ss_error *err)
{
	char *fix = ss_xstrdup(a->env);

	if (!strcmp(a->env, "*")) {
		ss_error_set(err, SS_USAGE, "alias '%s' is the wildcard entry of %s:%d: name an "
			     "environment instead, e.g. '%.*sdev'", name, a->file, a->line,
			     (int)(strlen(name) - 1), name);
	} else {
		for (char *p = fix; *p; p++)
			if (!strchr(NAME_CHARS, *p))
				*p = '-';
		ss_error_set(err, SS_USAGE, "alias '%s' cannot be named: its entry '%s' (%s:%d) "
			     "has characters alias names cannot have (drush reads '@a.b.c' as "
			     "@LOCATION.SITE.ENV and cannot reach it either); rename the entry, e.g. "
			     "'%s'", name, a->env, a->file, a->line, fix);
	}
	free(fix);
	return -1;
}

static void scan_lenient(struct ss_aliases *set);

/* "alias 'X' not found" with the closest known names, or the dirs searched. */
static int not_found(struct ss_aliases *set, const char *name, struct ss_error *err)
{
	const char **names = NULL;
	struct ss_buf hint = SS_BUF_INIT;
	size_t nnames = 0;

	scan_lenient(set);
	tell_legacy(set);
	for (size_t i = 0; i < set->nall; i++)
		if (!strcmp(set->all[i]->name, name))
			return unnameable(set->all[i], name, err);
	for (size_t i = 0; i < set->nall; i++)
		add_name(&names, &nnames, set->all[i]->name);
	add_name(&names, &nnames, "@self");
	if (ss_suggest(name, names, nnames, 3, &hint)) {
		ss_error_set(err, SS_USAGE, "alias '%s' not found; did you mean %s?", name,
			     hint.data);
	} else if (!set->ndirs) {
		ss_error_set(err, SS_USAGE, "alias '%s' not found (no alias directory exists; "
			     "see 'sitesync help site-alias')", name);
	} else {
		ss_buf_reset(&hint);
		for (size_t i = 0; i < set->ndirs; i++)
			ss_buf_addf(&hint, "%s%s", i ? ", " : "", set->dirs[i]);
		ss_error_set(err, SS_USAGE, "alias '%s' not found (searched %s)", name, hint.data);
	}
	free(names);
	ss_buf_release(&hint);
	return -1;
}

/* The environments f lists: their entry names and alias names (caller frees both). */
static size_t env_names(const struct ss_alias_file *f, char ***envs, char ***names)
{
	size_t n = 0, cap = f->root ? f->root->n + 1 : 1;

	*envs = ss_xcalloc(cap, sizeof(**envs));
	*names = ss_xcalloc(cap, sizeof(**names));
	for (size_t i = 0; f->root && i < f->root->n + 1; i++) {
		const char *env = i == f->root->n ? "default" : f->root->keys[i];

		if (i == f->root->n ? !f->single : !ss_alias_file_is_env(f, i))
			continue;
		(*envs)[n] = ss_xstrdup(env);
		(*names)[n++] = ss_alias_file_name(f, env);
	}
	return n;
}

/* "alias '@example.nope' not found in FILE; did you mean ... / it has ..." */
static int not_in_file(const struct ss_alias_file *f, const char *name, const char *env,
		       struct ss_error *err)
{
	const struct ss_node_mark *m = f->root && !f->single ? ss_node_key_mark(f->root, env)
							      : NULL;
	struct ss_buf hint = SS_BUF_INIT;
	char **envs, **names;
	size_t n = env_names(f, &envs, &names), close;

	/* judge closeness on the environment names, show the full names */
	close = n ? ss_suggest(env, (const char *const *)envs, n, 3, &hint) : 0;
	ss_buf_reset(&hint);
	if (m)
		ss_error_set(err, SS_USAGE, "alias '%s' not found: entry '%s' of %s:%d:%d is not "
			     "a mapping of settings", name, env, f->path, m->line, m->column);
	else if (close && ss_suggest(name, (const char *const *)names, n, close, &hint))
		ss_error_set(err, SS_USAGE, "alias '%s' not found in %s; did you mean %s?", name,
			     f->path, hint.data);
	else if (!n)
		ss_error_set(err, SS_USAGE, "alias '%s' not found: %s has no environments", name,
			     f->path);
	else {
		for (size_t i = 0; i < n; i++)
			ss_buf_addf(&hint, "%s'%s'", i ? ", " : "", names[i]);
		ss_error_set(err, SS_USAGE, "alias '%s' not found in %s; it has %s", name, f->path,
			     hint.data);
	}
	for (size_t i = 0; i < n; i++) {
		free(envs[i]);
		free(names[i]);
	}
	free(envs);
	free(names);
	ss_buf_release(&hint);
	return -1;
}

/* "@[location.]site.env": the entry env of the site's file, else its '*' entry. */
static int resolve_site_env(struct ss_aliases *set, const char *name, const char *location,
			    const char *site, const char *env, const struct ss_alias **out,
			    struct ss_error *err)
{
	struct ss_alias_file *f;
	struct ss_alias *a;
	int rc = site_file(set, site, location, &f, err);

	if (rc < 0)
		return -1;
	if (!f)
		return not_found(set, name, err);
	if (ss_alias_file_entry(f, env, 0, &a, err) < 0)
		return -1;
	if (!a)
		return not_in_file(f, name, env, err);
	*out = a;
	return 0;
}

/*
 * "@x": entry x of self.site.yml (or its '*' entry), else site x in its
 * default environment.  A self.site.yml that fails to load is skipped with
 * a warning; the request fails with its error only when no site x exists.
 */
static int resolve_short(struct ss_aliases *set, const char *name, const char *x,
			 const struct ss_alias **out, struct ss_error *err)
{
	struct ss_alias_file *self, *f;
	struct ss_error self_err;
	struct ss_alias *a;
	int self_rc = site_file(set, "self", NULL, &self, &self_err);

	if (self_rc > 0) {
		if (ss_alias_file_entry(self, x, 0, &a, err) < 0)
			return -1;
		if (a) {
			*out = a;
			return 0;
		}
	} else if (self_rc < 0) {
		tell_skipped(set, &self_err);
	}
	if (site_file(set, x, NULL, &f, err) < 0)
		return -1;
	if (f) {
		const char *env = ss_alias_file_default_env(f);

		if (ss_alias_file_entry(f, env, 0, &a, err) < 0)
			return -1;
		if (a) {
			*out = a;
			return 0;
		}
		return not_in_file(f, name, env, err);
	}
	if (self_rc < 0) {
		*err = self_err;
		return -1;
	}
	return not_found(set, name, err);
}

/* "@a", "@a.b", "@a.b.c" into parts (each of NAME_CHARS); 0 when name is none of them. */
static int split_name(const char *name, char *parts[3])
{
	const char *p = name + 1;
	int n = 0;

	if (name[0] != '@')
		return 0;
	while (n < 3) {
		size_t len = strspn(p, NAME_CHARS);

		if (!len || (p[len] && p[len] != '.'))
			break;
		parts[n++] = ss_xstrndup(p, len);
		p += len;
		if (!*p)
			return n;
		p++;
	}
	for (int i = 0; i < n; i++)
		free(parts[i]);
	return 0;
}

int ss_alias_resolve(struct ss_aliases *set, const char *name, const struct ss_alias **out,
		     struct ss_error *err)
{
	char *parts[3];
	int n, rc;

	*out = NULL;
	if (is_default_name(name))
		return resolve_default(set, out, err);
	n = split_name(name, parts);
	if (n == 0)
		return not_found(set, name, err);
	if (n == 1)
		rc = resolve_short(set, name, parts[0], out, err);
	else if (n == 2)
		rc = resolve_site_env(set, name, NULL, parts[0], parts[1], out, err);
	else
		rc = resolve_site_env(set, name, parts[0], parts[1], parts[2], out, err);
	for (int i = 0; i < n; i++)
		free(parts[i]);
	return rc;
}

struct scan {
	struct ss_aliases *set;
	int strict;
	struct ss_error *err;
	const struct ss_alias **list;
	size_t n;
	int has_default;
};

/* In strict mode fail; else tell (once) and go on. */
static int trouble(struct scan *s, struct ss_error *e)
{
	if (s->strict) {
		*s->err = *e;
		return -1;
	}
	tell_skipped(s->set, e);
	return 0;
}

static int add_env(struct scan *s, struct ss_alias_file *f, const char *env)
{
	struct ss_alias *a;
	struct ss_error e;

	if (ss_alias_file_entry(f, env, 1, &a, &e) < 0)
		return trouble(s, &e);
	if (!a)
		return 0;
	if (!strcmp(a->name, "default"))
		s->has_default = 1;
	s->list = ss_xrealloc(s->list, (s->n + 1) * sizeof(*s->list));
	s->list[s->n++] = a;
	return 0;
}

static int scan_file(struct scan *s, const struct ss_alias_spot *spot)
{
	struct ss_alias_file *f;
	struct ss_error e;

	if (ss_alias_file_get(s->set, spot, &f, &e) < 0)
		return trouble(s, &e);
	if (f->single)
		return add_env(s, f, "default");
	for (size_t i = 0; f->root && i < f->root->n; i++)
		if (ss_alias_file_is_env(f, i) && add_env(s, f, f->root->keys[i]) < 0)
			return -1;
	return 0;
}

static int by_name(const void *x, const void *y)
{
	const struct ss_alias *const *a = x, *const *b = y;

	return strcmp((*a)->name, (*b)->name);
}

/* Is spot i the first of its location and site (an earlier dir wins)? */
static int first_of_its_name(const struct ss_alias_spot *spots, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (!strcmp(spots[k].site, spots[i].site) &&
		    !strcmp(spots[k].location, spots[i].location))
			return 0;
	return 1;
}

static int scan(struct scan *s)
{
	struct ss_aliases *set = s->set;
	struct ss_alias_spot *spots;
	const struct ss_alias *def;
	struct ss_error e;
	size_t nspots = ss_alias_list_files(set, &spots);
	int rc = 0;

	for (size_t i = 0; i < nspots; i++) {
		if (rc == 0 && first_of_its_name(spots, i))
			rc = scan_file(s, &spots[i]);
	}
	for (size_t i = 0; i < nspots; i++)
		ss_alias_spot_release(&spots[i]);
	free(spots);
	if (rc == 0 && !s->has_default) {
		if (env_default(set, &def, &e) < 0) {
			rc = trouble(s, &e);
		} else {
			s->list = ss_xrealloc(s->list, (s->n + 1) * sizeof(*s->list));
			s->list[s->n++] = def;
		}
	}
	if (s->n)
		qsort(s->list, s->n, sizeof(*s->list), by_name);
	free(set->all);
	set->all = s->list;
	set->nall = s->n;
	return rc;
}

int ss_aliases_all(struct ss_aliases *set, const struct ss_alias *const **list, size_t *n,
		   struct ss_error *err)
{
	struct scan s = { .set = set, .strict = 1, .err = err };
	int rc = scan(&s);

	*list = rc == 0 ? set->all : NULL;
	*n = rc == 0 ? set->nall : 0;
	return rc;
}

static void scan_lenient(struct ss_aliases *set)
{
	struct ss_error e;
	struct scan s = { .set = set, .err = &e };

	scan(&s);
}

void ss_aliases_all_lenient(struct ss_aliases *set, const struct ss_alias *const **list,
			    size_t *n)
{
	scan_lenient(set);
	*list = set->all;
	*n = set->nall;
}

/* Add every environment of f to the group (a bad entry is skipped with a warning). */
static void group_file(struct ss_aliases *set, struct ss_alias_file *f, size_t *n)
{
	struct scan s = { .set = set };

	if (f->single) {
		add_env(&s, f, "default");
	} else {
		for (size_t i = 0; f->root && i < f->root->n; i++)
			if (ss_alias_file_is_env(f, i))
				add_env(&s, f, f->root->keys[i]);
	}
	set->group = ss_xrealloc(set->group, (*n + s.n + 1) * sizeof(*set->group));
	for (size_t i = 0; i < s.n; i++)
		set->group[(*n)++] = s.list[i];
	free(s.list);
}

/*
 * The files of a group: pass 0 those at location loc (all of site, or any
 * site), pass 1 those of site loc anywhere.  A file of a site named in the
 * request that fails to load fails it; in a whole location it is skipped.
 */
static int group_files(struct ss_aliases *set, const char *loc, const char *site, int pass,
		       size_t *n, struct ss_error *err)
{
	struct ss_alias_spot *spots;
	size_t nspots = ss_alias_list_files(set, &spots);
	int rc = 0;

	for (size_t i = 0; i < nspots && rc == 0; i++) {
		struct ss_alias_file *f;
		struct ss_error e;
		int in = pass == 0 ? !strcmp(spots[i].location, loc) && *loc &&
					     (!site || !strcmp(spots[i].site, site))
				   : !strcmp(spots[i].site, loc);

		if (!in || !first_of_its_name(spots, i))
			continue;
		if (ss_alias_file_get(set, &spots[i], &f, &e) == 0)
			group_file(set, f, n);
		else if (pass == 0 && !site)
			tell_skipped(set, &e);
		else
			rc = (*err = e, -1);
	}
	for (size_t i = 0; i < nspots; i++)
		ss_alias_spot_release(&spots[i]);
	free(spots);
	return rc;
}

int ss_aliases_group(struct ss_aliases *set, const char *name,
		     const struct ss_alias *const **list, size_t *n, struct ss_error *err)
{
	char *parts[3];
	int nparts = is_default_name(name) ? 0 : split_name(name, parts);
	int rc = 0;

	free(set->group);
	set->group = NULL;
	*list = NULL;
	*n = 0;
	if (nparts == 2)
		rc = group_files(set, parts[0], parts[1], 0, n, err);
	if (nparts == 1)
		rc = group_files(set, parts[0], NULL, 0, n, err);
	if (nparts == 1 && rc == 0 && !*n && strcmp(parts[0], "self"))
		rc = group_files(set, parts[0], NULL, 1, n, err);
	for (int i = 0; i < nparts; i++)
		free(parts[i]);
	if (*n)
		qsort(set->group, *n, sizeof(*set->group), by_name);
	*list = set->group;
	return rc;
}

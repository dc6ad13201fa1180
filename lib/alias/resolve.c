/* resolve.c - alias names to aliases, lazily; listing all; "did you mean". */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"
#include "lib/core/suggest.h"

#define SUFFIX ".site.yml"
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
	free(set->cwd);
	free(set);
}

size_t ss_aliases_dirs(const struct ss_aliases *set, const char *const **dirs)
{
	*dirs = (const char *const *)set->dirs;
	return set->ndirs;
}

static int is_default_name(const char *name)
{
	return !strcmp(name, "@self") || !strcmp(name, "self") || !strcmp(name, "default") ||
	       !strcmp(name, "@default");
}

/* The file of site, loaded; 0 with *f NULL when no dir has one. */
static int site_file(struct ss_aliases *set, const char *site, struct ss_alias_file **f,
		     struct ss_error *err)
{
	char *path = ss_alias_find_file(set, site);
	int rc = 0;

	*f = NULL;
	if (path)
		rc = ss_alias_file_get(set, path, site, f, err);
	free(path);
	return rc;
}

static int env_default(struct ss_aliases *set, const struct ss_alias **out,
		       struct ss_error *err)
{
	if (!set->env_default && ss_alias_from_env(set->cwd, &set->env_default, err) < 0)
		return -1;
	*out = set->env_default;
	return 0;
}

static int resolve_default(struct ss_aliases *set, const struct ss_alias **out,
			   struct ss_error *err)
{
	struct ss_alias_file *f;
	struct ss_alias *a;

	if (site_file(set, "self", &f, err) < 0)
		return -1;
	if (f) {
		if (ss_alias_file_entry(f, "default", &a, err) < 0)
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

static void ignore(void *data, const struct ss_error *err)
{
	(void)data;
	(void)err;
}

/* "alias 'X' not found" with the closest known names, or the dirs searched. */
static int not_found(struct ss_aliases *set, const char *name, struct ss_error *err)
{
	const struct ss_alias *const *all;
	const char **names = NULL;
	struct ss_buf hint = SS_BUF_INIT;
	size_t n, nnames = 0;

	ss_aliases_all_lenient(set, ignore, NULL, &all, &n);
	for (size_t i = 0; i < n; i++)
		add_name(&names, &nnames, all[i]->name);
	add_name(&names, &nnames, "@self");
	if (ss_suggest(name, names, nnames, 3, &hint)) {
		ss_error_set(err, SS_FAILED, "alias '%s' not found; did you mean %s?", name,
			     hint.data);
	} else if (!set->ndirs) {
		ss_error_set(err, SS_FAILED, "alias '%s' not found (no alias directory exists; "
			     "see 'sitesync help site-alias')", name);
	} else {
		ss_buf_reset(&hint);
		for (size_t i = 0; i < set->ndirs; i++)
			ss_buf_addf(&hint, "%s%s", i ? ", " : "", set->dirs[i]);
		ss_error_set(err, SS_FAILED, "alias '%s' not found (searched %s)", name, hint.data);
	}
	free(names);
	ss_buf_release(&hint);
	return -1;
}

/* "alias '@example.nope' not found in FILE; did you mean ... / it has ..." */
static int not_in_file(const struct ss_alias_file *f, const char *name, struct ss_error *err)
{
	struct ss_buf hint = SS_BUF_INIT;
	char **names;
	size_t n = f->root ? f->root->n : 0;

	const char *env = strrchr(name, '.') ? strrchr(name, '.') + 1 : name + 1;
	size_t close;

	/* judge closeness on the environment names, show the full names */
	close = n ? ss_suggest(env, (const char *const *)f->root->keys, n, 3, &hint) : 0;
	ss_buf_reset(&hint);
	names = ss_xcalloc(n ? n : 1, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = ss_alias_canonical(f->site, f->root->keys[i]);
	if (close && ss_suggest(name, (const char *const *)names, n, close, &hint)) {
		ss_error_set(err, SS_FAILED, "alias '%s' not found in %s; did you mean %s?", name,
			     f->path, hint.data);
	} else if (!n) {
		ss_error_set(err, SS_FAILED, "alias '%s' not found: %s has no environments", name,
			     f->path);
	} else {
		for (size_t i = 0; i < n; i++)
			ss_buf_addf(&hint, "%s'%s'", i ? ", " : "", names[i]);
		ss_error_set(err, SS_FAILED, "alias '%s' not found in %s; it has %s", name,
			     f->path, hint.data);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	ss_buf_release(&hint);
	return -1;
}

/* "@site.env" */
static int resolve_site_env(struct ss_aliases *set, const char *name, const char *site,
			    const char *env, const struct ss_alias **out, struct ss_error *err)
{
	struct ss_alias_file *f;
	struct ss_alias *a;

	if (site_file(set, site, &f, err) < 0)
		return -1;
	if (!f)
		return not_found(set, name, err);
	if (ss_alias_file_entry(f, env, &a, err) < 0)
		return -1;
	if (!a)
		return not_in_file(f, name, err);
	*out = a;
	return 0;
}

/* "@env" of self.site.yml, else "@site" of a site with one environment. */
static int resolve_short(struct ss_aliases *set, const char *name, const char *env,
			 const struct ss_alias **out, struct ss_error *err)
{
	struct ss_alias_file *f;
	struct ss_alias *a;

	if (site_file(set, "self", &f, err) < 0)
		return -1;
	if (f) {
		if (ss_alias_file_entry(f, env, &a, err) < 0)
			return -1;
		if (a) {
			*out = a;
			return 0;
		}
	}
	if (site_file(set, env, &f, err) < 0)
		return -1;
	if (f && f->root && f->root->n == 1) {
		if (ss_alias_file_entry(f, f->root->keys[0], &a, err) < 0)
			return -1;
		*out = a;
		return 0;
	}
	if (f && f->root && f->root->n > 1) {
		struct ss_buf envs = SS_BUF_INIT;

		for (size_t i = 0; i < f->root->n; i++)
			ss_buf_addf(&envs, "%s'@%s.%s'", i ? ", " : "", env, f->root->keys[i]);
		ss_error_set(err, SS_FAILED, "alias '%s' is site '%s' of %s, which has several "
			     "environments: %s", name, env, f->path, envs.data);
		ss_buf_release(&envs);
		return -1;
	}
	return not_found(set, name, err);
}

int ss_alias_resolve(struct ss_aliases *set, const char *name, const struct ss_alias **out,
		     struct ss_error *err)
{
	const char *body = name + 1, *dot;
	char *site;
	int rc;

	*out = NULL;
	if (is_default_name(name))
		return resolve_default(set, out, err);
	if (name[0] != '@' || !*body)
		return not_found(set, name, err);
	/* a name is never a path: "@a/b" or "@../x" find nothing */
	if (body[strspn(body, NAME_CHARS ".")] || body[0] == '.')
		return not_found(set, name, err);
	dot = strchr(body, '.');
	if (!dot)
		return resolve_short(set, name, body, out, err);
	if (!dot[1] || strchr(dot + 1, '.'))
		return not_found(set, name, err);
	site = ss_xstrndup(body, (size_t)(dot - body));
	rc = resolve_site_env(set, name, site, dot + 1, out, err);
	free(site);
	return rc;
}

static int by_name(const void *x, const void *y)
{
	const struct ss_alias *const *a = x, *const *b = y;

	return strcmp((*a)->name, (*b)->name);
}

static int by_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* SITE of every SITE.site.yml in dir, sorted; the caller frees. */
static size_t sites_in(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **sites = NULL;
	size_t n = 0, sl = strlen(SUFFIX);

	*out = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len <= sl || strcmp(e->d_name + len - sl, SUFFIX) || e->d_name[0] == '.')
			continue;
		sites = ss_xrealloc(sites, (n + 1) * sizeof(*sites));
		sites[n++] = ss_xstrndup(e->d_name, len - sl);
	}
	closedir(d);
	if (n)
		qsort(sites, n, sizeof(*sites), by_str);
	*out = sites;
	return n;
}

struct scan {
	struct ss_aliases *set;
	ss_alias_skip_fn skipped; /* NULL: strict */
	void *data;
	struct ss_error *err;
	char **seen;
	size_t nseen;
	int has_default;
};

/* In strict mode fail; else report the error and go on. */
static int trouble(struct scan *s, struct ss_error *e)
{
	if (!s->skipped) {
		*s->err = *e;
		return -1;
	}
	s->skipped(s->data, e);
	return 0;
}

static int scan_file(struct scan *s, const char *dir, const char *site)
{
	struct ss_aliases *set = s->set;
	struct ss_alias_file *f;
	struct ss_error e;
	char *path;
	int rc;

	for (size_t i = 0; i < s->nseen; i++)
		if (!strcmp(s->seen[i], site))
			return 0; /* an earlier dir has this site */
	s->seen = ss_xrealloc(s->seen, (s->nseen + 1) * sizeof(*s->seen));
	s->seen[s->nseen++] = ss_xstrdup(site);
	path = ss_xasprintf("%s/%s%s", dir, site, SUFFIX);
	rc = ss_alias_file_get(set, path, site, &f, &e);
	free(path);
	if (rc < 0)
		return trouble(s, &e);
	for (size_t i = 0; f->root && i < f->root->n; i++) {
		struct ss_alias *a;

		if (ss_alias_file_entry(f, f->root->keys[i], &a, &e) < 0) {
			if (trouble(s, &e) < 0)
				return -1;
			continue;
		}
		if (!strcmp(a->name, "default"))
			s->has_default = 1;
		set->all = ss_xrealloc(set->all, (set->nall + 1) * sizeof(*set->all));
		set->all[set->nall++] = a;
	}
	return 0;
}

static int scan(struct scan *s)
{
	struct ss_aliases *set = s->set;
	const struct ss_alias *def;
	struct ss_error e;
	int rc = 0;

	free(set->all);
	set->all = NULL;
	set->nall = 0;
	for (size_t i = 0; i < set->ndirs && rc == 0; i++) {
		char **sites;
		size_t n = sites_in(set->dirs[i], &sites);

		for (size_t j = 0; j < n; j++) {
			if (rc == 0)
				rc = scan_file(s, set->dirs[i], sites[j]);
			free(sites[j]);
		}
		free(sites);
	}
	if (rc == 0 && !s->has_default) {
		if (env_default(set, &def, &e) < 0) {
			rc = trouble(s, &e);
		} else {
			set->all = ss_xrealloc(set->all, (set->nall + 1) * sizeof(*set->all));
			set->all[set->nall++] = def;
		}
	}
	for (size_t i = 0; i < s->nseen; i++)
		free(s->seen[i]);
	free(s->seen);
	if (set->nall)
		qsort(set->all, set->nall, sizeof(*set->all), by_name);
	return rc;
}

int ss_aliases_all(struct ss_aliases *set, const struct ss_alias *const **list, size_t *n,
		   struct ss_error *err)
{
	struct scan s = { .set = set, .err = err };
	int rc = scan(&s);

	*list = rc == 0 ? set->all : NULL;
	*n = rc == 0 ? set->nall : 0;
	return rc;
}

void ss_aliases_all_lenient(struct ss_aliases *set, ss_alias_skip_fn skipped, void *data,
			    const struct ss_alias *const **list, size_t *n)
{
	struct ss_error e;
	struct scan s = { .set = set, .skipped = skipped ? skipped : ignore, .data = data,
			  .err = &e };

	scan(&s);
	*list = set->all;
	*n = set->nall;
}

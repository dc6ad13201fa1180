/* search.c - the directories searched for *.site.yml files, and the files in them. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Append dir (canonical form) unless it is already on the path. */
static void add_dir(struct ss_aliases *set, const char *dir)
{
	char *real = realpath(dir, NULL);

	if (!real)
		return;
	for (size_t i = 0; i < set->ndirs; i++)
		if (!strcmp(set->dirs[i], real)) {
			free(real);
			return;
		}
	set->dirs = ss_xrealloc(set->dirs, (set->ndirs + 1) * sizeof(*set->dirs));
	set->dirs[set->ndirs++] = real;
}

/* Add a colon-separated list of explicit dirs; each must exist. */
static int add_explicit(struct ss_aliases *set, const char *list, struct ss_error *err)
{
	while (list && *list) {
		const char *colon = strchr(list, ':');
		size_t len = colon ? (size_t)(colon - list) : strlen(list);
		char *dir = ss_xstrndup(list, len);
		struct stat st;

		if (len && stat(dir, &st) < 0) {
			ss_error_set(err, SS_USAGE, "alias path '%s' does not exist", dir);
			free(dir);
			return -1;
		}
		if (len && !S_ISDIR(st.st_mode)) {
			ss_error_set(err, SS_USAGE, "alias path '%s' is not a directory", dir);
			free(dir);
			return -1;
		}
		if (len)
			add_dir(set, dir);
		free(dir);
		list += len + (colon ? 1 : 0);
	}
	return 0;
}

/* drush/sites/ and .sitesync/aliases/ of cwd and each ancestor, nearest first. */
static void add_walk_up(struct ss_aliases *set)
{
	char *dir = ss_xstrdup(set->cwd);

	for (;;) {
		static const char *const subs[] = { "drush/sites", ".sitesync/aliases" };
		char *slash;

		for (size_t i = 0; i < 2; i++) {
			char *p = ss_xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", subs[i]);

			if (is_dir(p))
				add_dir(set, p);
			free(p);
		}
		slash = strrchr(dir, '/');
		if (!slash || !strcmp(dir, "/"))
			break;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(dir);
}

static void add_user_and_system(struct ss_aliases *set)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *dir = NULL;

	if (xdg && *xdg == '/')
		dir = ss_xasprintf("%s/sitesync/aliases", xdg);
	else if (home && *home)
		dir = ss_xasprintf("%s/.config/sitesync/aliases", home);
	if (dir && is_dir(dir))
		add_dir(set, dir);
	free(dir);
	dir = ss_xasprintf("%s/sitesync/aliases", SS_SYSCONFDIR);
	if (is_dir(dir))
		add_dir(set, dir);
	free(dir);
	if (is_dir("/etc/sitesync/aliases"))
		add_dir(set, "/etc/sitesync/aliases");
}

int ss_alias_search_build(struct ss_aliases *set, const struct ss_alias_search *search,
			  struct ss_error *err)
{
	if (search && search->cwd) {
		set->cwd = realpath(search->cwd, NULL);
		if (!set->cwd)
			return ss_error_set(err, SS_USAGE, "directory '%s' does not exist",
					    search->cwd);
	} else {
		set->cwd = getcwd(NULL, 0);
		if (!set->cwd)
			return ss_error_set(err, SS_FAILED, "cannot get the working directory: %s",
					    strerror(errno));
	}
	if (add_explicit(set, search ? search->alias_path : NULL, err) < 0)
		return -1;
	if (add_explicit(set, getenv("SITESYNC_ALIAS_PATH"), err) < 0)
		return -1;
	add_walk_up(set);
	add_user_and_system(set);
	return 0;
}

#define SUFFIX ".site.yml"

/* drush's location of the files in dir: its name without leading dots; "" for sites, drush. */
static char *location_of(const char *dir)
{
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;

	base += strspn(base, ".");
	if (!strcmp(base, "sites") || !strcmp(base, "drush"))
		base = "";
	return ss_xstrdup(base);
}

static int by_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Names in dir (sorted) that are subdirectories (dirs) or *.site.yml files; hidden ones skipped. */
static size_t entries(const char *dir, int dirs, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, sl = strlen(SUFFIX);

	*out = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char *path;
		int keep;

		if (e->d_name[0] == '.')
			continue;
		if (!dirs && (len <= sl || strcmp(e->d_name + len - sl, SUFFIX)))
			continue;
		path = ss_xasprintf("%s/%s", dir, e->d_name);
		keep = dirs ? is_dir(path) : is_file(path);
		free(path);
		if (!keep)
			continue;
		names = ss_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = dirs ? ss_xstrdup(e->d_name) : ss_xstrndup(e->d_name, len - sl);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_str);
	*out = names;
	return n;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void add_spot(struct ss_alias_spot **spots, size_t *n, const char *dir, const char *site,
		     const char *location)
{
	struct ss_alias_spot *s;

	*spots = ss_xrealloc(*spots, (*n + 1) * sizeof(**spots));
	s = &(*spots)[(*n)++];
	s->path = ss_xasprintf("%s/%s%s", dir, site, SUFFIX);
	s->site = ss_xstrdup(site);
	s->location = ss_xstrdup(location);
}

/* The files of dir (top) or of its subdirectories, appended to spots. */
static void spots_in(const char *dir, int top, struct ss_alias_spot **spots, size_t *n)
{
	char **subs, **sites;
	size_t nsubs, nsites;

	if (top) {
		nsites = entries(dir, 0, &sites);
		for (size_t j = 0; j < nsites; j++)
			add_spot(spots, n, dir, sites[j], "");
		free_names(sites, nsites);
		return;
	}
	nsubs = entries(dir, 1, &subs);
	for (size_t i = 0; i < nsubs; i++) {
		char *sub = ss_xasprintf("%s/%s", dir, subs[i]), *loc = location_of(sub);

		nsites = entries(sub, 0, &sites);
		for (size_t j = 0; j < nsites; j++)
			add_spot(spots, n, sub, sites[j], loc);
		free_names(sites, nsites);
		free(loc);
		free(sub);
	}
	free_names(subs, nsubs);
}

size_t ss_alias_list_files(const struct ss_aliases *set, struct ss_alias_spot **out)
{
	size_t n = 0;

	*out = NULL;
	for (int top = 1; top >= 0; top--)
		for (size_t i = 0; i < set->ndirs; i++)
			spots_in(set->dirs[i], top, out, &n);
	return n;
}

void ss_alias_spot_release(struct ss_alias_spot *s)
{
	free(s->path);
	free(s->site);
	free(s->location);
	memset(s, 0, sizeof(*s));
}

/* Does the file at spot s answer to location (drush: the name of its directory)? */
static int at_location(const struct ss_alias_spot *s, const char *location)
{
	char *dir, *loc;
	int ok;

	if (!location)
		return 1;
	dir = ss_xstrndup(s->path, (size_t)(strrchr(s->path, '/') - s->path));
	loc = location_of(dir);
	ok = *loc && !strcmp(loc, location);
	free(loc);
	free(dir);
	return ok;
}

int ss_alias_find_file(const struct ss_aliases *set, const char *site, const char *location,
		       struct ss_alias_spot *out)
{
	memset(out, 0, sizeof(*out));
	for (int top = 1; top >= 0; top--) {
		for (size_t i = 0; i < set->ndirs; i++) {
			struct ss_alias_spot *spots = NULL;
			size_t n = 0, found;

			spots_in(set->dirs[i], top, &spots, &n);
			for (found = 0; found < n; found++)
				if (!strcmp(spots[found].site, site) &&
				    at_location(&spots[found], location))
					break;
			for (size_t k = 0; k < n; k++) {
				if (k == found)
					*out = spots[k];
				else
					ss_alias_spot_release(&spots[k]);
			}
			free(spots);
			if (found < n)
				return 1;
		}
	}
	return 0;
}

/* Does name look like a Drush 8 alias file? */
static int legacy_name(const char *name)
{
	static const char *const ends[] = { ".aliases.drushrc.php", ".alias.drushrc.php" };
	size_t len = strlen(name);

	if (!strcmp(name, "aliases.drushrc.php"))
		return 1;
	for (size_t i = 0; i < 2; i++) {
		size_t el = strlen(ends[i]);

		if (len > el && !strcmp(name + len - el, ends[i]))
			return 1;
	}
	return 0;
}

static void legacy_in(const char *dir, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *path = ss_xasprintf("%s/%s", dir, e->d_name);

		if (e->d_name[0] != '.' && legacy_name(e->d_name) && is_file(path)) {
			*out = ss_xrealloc(*out, (*n + 1) * sizeof(**out));
			(*out)[(*n)++] = path;
		} else {
			free(path);
		}
	}
	closedir(d);
}

size_t ss_alias_legacy_files(const struct ss_aliases *set, char ***out)
{
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; i < set->ndirs; i++) {
		char **subs;
		size_t nsubs = entries(set->dirs[i], 1, &subs);

		legacy_in(set->dirs[i], out, &n);
		for (size_t j = 0; j < nsubs; j++) {
			char *sub = ss_xasprintf("%s/%s", set->dirs[i], subs[j]);

			legacy_in(sub, out, &n);
			free(sub);
		}
		free_names(subs, nsubs);
	}
	if (n)
		qsort(*out, n, sizeof(**out), by_str);
	return n;
}

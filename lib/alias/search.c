/* search.c - the directories searched for *.site.yml files, in order. */
#include "config.h"

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

/* endpoint.c - ALIAS[:PATH] of `sitesync rsync`: %name aliases, root-relative paths, target checks. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugins/rsync/rsync.h"

/* Resolve "." and ".." and repeated slashes of an absolute path, in place. */
static void normalise(char *p)
{
	char *out = p, *in = p;

	while (*in) {
		while (*in == '/')
			in++;
		if (!*in)
			break;
		size_t n = strcspn(in, "/");
		if (n == 1 && in[0] == '.') {
			in += n;
			continue;
		}
		if (n == 2 && in[0] == '.' && in[1] == '.') {
			while (out > p && *--out != '/')
				;
			in += n;
			continue;
		}
		*out++ = '/';
		memmove(out, in, n);
		out += n;
		in += n;
	}
	if (out == p)
		*out++ = '/';
	*out = 0;
}

/* The value of %name for alias a, or NULL when it has none. */
static const char *path_alias(const struct ss_alias *a, const char *name)
{
	const char *v = ss_alias_path(a, name);

	if (v)
		return v;
	if (!strcmp(name, "files"))
		return "sites/default/files";
	if (!strcmp(name, "temp"))
		return "/tmp";
	if (!strcmp(name, "root"))
		return a->root ? a->root : "";
	return NULL;
}

/* Join root and a path (absolute paths stand alone); caller frees. */
static char *under_root(const struct ss_alias *a, const char *p)
{
	if (p[0] == '/')
		return ss_xstrdup(p);
	return ss_xasprintf("%s/%s", a->root && *a->root ? a->root : ".", p);
}

static int expand(const struct ss_alias *a, const char *p, char **out, struct ss_error *err)
{
	const char *slash, *val;
	char *name, *joined;

	if (p[0] != '%') {
		*out = under_root(a, p);
		return 0;
	}
	slash = strchr(p, '/');
	name = slash ? ss_xstrndup(p + 1, (size_t)(slash - p - 1)) : ss_xstrdup(p + 1);
	val = path_alias(a, name);
	if (!val) {
		ss_error_set(err, SS_USAGE, "alias '%s' has no path '%%%s' (add paths.%s)",
			     ss_target_name(a), name, name);
		free(name);
		return -1;
	}
	free(name);
	joined = ss_xasprintf("%s%s", val, slash ? slash : "");
	*out = under_root(a, joined);
	free(joined);
	return 0;
}

int endpoint_resolve(struct ss_ctx *ctx, const char *arg, struct endpoint *out,
		     struct ss_error *err)
{
	const char *colon = strchr(arg, ':');
	char *name = colon ? ss_xstrndup(arg, (size_t)(colon - arg)) : ss_xstrdup(arg);
	const char *p = colon ? colon + 1 : "";
	int rc;

	memset(out, 0, sizeof(*out));
	rc = ss_ctx_alias(ctx, name, &out->alias, err);
	free(name);
	if (rc < 0 || ss_alias_need_transport(out->alias, err) < 0)
		return -1;
	if (!*p && (!out->alias->root || !*out->alias->root))
		return ss_error_set(err, SS_USAGE, "alias '%s' has no root; give a path ('%s:PATH')",
				    ss_target_name(out->alias), arg);
	if (expand(out->alias, *p ? p : "%root", &out->path, err) < 0)
		return -1;
	if (out->path[0] != '/') {
		char cwd[PATH_MAX], *abs;

		if (!getcwd(cwd, sizeof(cwd)))
			return ss_error_set(err, SS_FAILED, "cannot get the working directory: %s",
					    strerror(errno));
		abs = ss_xasprintf("%s/%s", cwd, out->path);
		free(out->path);
		out->path = abs;
	}
	normalise(out->path);
	out->remote = ss_alias_is_remote(out->alias);
	return 0;
}

void endpoint_release(struct endpoint *e)
{
	free(e->path);
	e->path = NULL;
}

char *endpoint_name(const struct endpoint *e)
{
	return ss_xasprintf("%s:%s", ss_target_name(e->alias), e->path);
}

/* The real path of p, or of its nearest existing ancestor with the rest appended. */
static char *real_existing(const char *p)
{
	char *copy = ss_xstrdup(p), *cut, buf[PATH_MAX], *res;
	size_t keep = strlen(p);

	for (;;) {
		if (realpath(copy, buf)) {
			res = ss_xasprintf("%s%s", strcmp(buf, "/") ? buf : "", p + keep);
			free(copy);
			normalise(res);
			return res;
		}
		cut = strrchr(copy, '/');
		if (!cut || cut == copy) {
			free(copy);
			return ss_xstrdup(p);
		}
		*cut = 0;
		keep = (size_t)(cut - copy);
	}
}

/* Nonzero when path is dir or inside it (both normalised, absolute). */
static int inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return 1;
	return !strncmp(path, dir, n) && (path[n] == 0 || path[n] == '/');
}

/* p normalised, and on this machine with links resolved as far as it exists; caller frees. */
static char *canonical(const struct endpoint *e, const char *p)
{
	char *c = ss_xstrdup(p), *r;

	normalise(c);
	if (e->remote)
		return c;
	r = real_existing(c);
	free(c);
	return r;
}

/*
 * Nonzero when path lies in a directory the alias itself declares under
 * paths: (files kept outside the docroot, as hosting platforms do);
 * drush-script names a program, and '/' is never a declared place.
 */
static int declared(const struct endpoint *e, const char *path)
{
	const struct ss_alias *a = e->alias;
	int ok = 0;

	for (size_t i = 0; i < a->npaths && !ok; i++) {
		char *d;

		if (!strcmp(a->paths[i].key, "drush-script") || !*a->paths[i].value)
			continue;
		d = under_root(a, a->paths[i].value);
		if (d[0] == '/') {
			char *c = canonical(e, d);

			ok = strcmp(c, "/") && inside(path, c);
			free(c);
		}
		free(d);
	}
	return ok;
}

int endpoint_check_target(const struct endpoint *e, struct ss_error *err)
{
	const char *name = ss_target_name(e->alias);
	char *path, *root = NULL;
	int ok;

	if (!e->path || !*e->path || !strcmp(e->path, "/"))
		return ss_error_set(err, SS_REFUSED, "rsync into '%s:/' refused: the target is the "
				    "root of the filesystem", name);
	if (!e->alias->root || !*e->alias->root)
		return 0;
	path = e->remote ? ss_xstrdup(e->path) : real_existing(e->path);
	root = ss_xstrdup(e->alias->root);
	if (root[0] == '/')
		normalise(root);
	if (!e->remote && root[0] == '/') {
		char *r = real_existing(root);

		free(root);
		root = r;
	}
	ok = !strcmp(path, "/") ? 0 : inside(path, root) || declared(e, path);
	if (!ok)
		ss_error_set(err, SS_REFUSED, "rsync into '%s:%s' refused: outside the alias's root "
			     "'%s' and the paths it declares", name, e->path, e->alias->root);
	free(path);
	free(root);
	return ok ? 0 : -1;
}

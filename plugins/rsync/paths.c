/* paths.c - "@alias:%files/x" to an absolute path, and target path checks. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/rsync/rsync.h"

void rs_normalise(char *path)
{
	char *out = path, *p = path;

	while (*p) {
		if (p[0] == '/' && p[1] == '/') {
			p++;
		} else if (p[0] == '/' && p[1] == '.' && (p[2] == '/' || !p[2])) {
			p += 2;
		} else if (p[0] == '/' && p[1] == '.' && p[2] == '.' && (p[3] == '/' || !p[3])) {
			p += 3;
			while (out > path && *--out != '/')
				;
		} else {
			*out++ = *p++;
		}
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
	if (out > path + 1 && out[-1] == '/')
		out[-1] = '\0';
}

/* The directory a %name stands for, or NULL (err set). */
static const char *path_alias(const struct ss_alias *a, const char *name, struct ss_error *err)
{
	const char *p = ss_alias_path(a, name);

	if (p && *p)
		return p;
	if (!strcmp(name, "root"))
		p = a->root;
	else if (!strcmp(name, "files"))
		p = "sites/default/files";
	else if (!strcmp(name, "temp"))
		p = "/tmp";
	if (p && *p)
		return p;
	ss_error_set(err, SS_USAGE, "alias '%s' has no path '%%%s' (set paths.%s in %s)", a->name,
		     name, name, a->file ? a->file : "its alias file");
	return NULL;
}

int rs_end_resolve(struct ss_ctx *ctx, const char *spec, struct rs_end *out,
		   struct ss_error *err)
{
	const char *colon = strchr(spec, ':');
	char *name = colon ? ss_xstrndup(spec, (size_t)(colon - spec)) : ss_xstrdup(spec);
	const char *rest = colon ? colon + 1 : "%root";
	struct ss_buf path = SS_BUF_INIT;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (ss_ctx_alias(ctx, name, &out->alias, err) < 0)
		goto done;
	if (rest[0] == '%') {
		size_t len = strcspn(rest + 1, "/");
		char *pname = ss_xstrndup(rest + 1, len);
		const char *dir = path_alias(out->alias, pname, err);

		free(pname);
		if (!dir)
			goto done;
		ss_buf_adds(&path, dir);
		ss_buf_adds(&path, rest + 1 + len);
	} else {
		ss_buf_adds(&path, rest);
	}
	if (path.data[0] != '/') {
		const char *root = out->alias->root;
		char *rel = ss_buf_detach(&path);

		if (!root || !*root) {
			ss_error_set(err, SS_USAGE, "'%s': the path '%s' is relative and alias '%s' "
				     "has no root", spec, rel, out->alias->name);
			free(rel);
			goto done;
		}
		ss_buf_addf(&path, "%s/%s", root, rel);
		free(rel);
	}
	out->spec = ss_xstrdup(spec);
	out->path = ss_buf_detach(&path);
	rs_normalise(out->path);
	out->remote = ss_alias_is_remote(out->alias);
	rc = 0;
done:
	ss_buf_release(&path);
	free(name);
	return rc;
}

void rs_end_release(struct rs_end *e)
{
	free(e->spec);
	free(e->path);
	memset(e, 0, sizeof(*e));
}

int rs_check_target(const struct rs_end *t, struct ss_error *err)
{
	const char *root = t->alias->root;
	char *nroot;
	size_t len;
	int inside;

	if (!*t->path || !strcmp(t->path, "/"))
		return ss_error_set(err, SS_REFUSED, "refusing to copy into '%s': it resolves to '/'",
				    t->spec);
	if (!root || !*root)
		return 0;
	nroot = ss_xstrdup(root);
	rs_normalise(nroot);
	len = strlen(nroot);
	inside = !strcmp(nroot, "/") || (!strncmp(t->path, nroot, len) &&
					  (t->path[len] == '/' || !t->path[len]));
	if (!inside) {
		ss_error_set(err, SS_REFUSED, "refusing to copy into '%s': '%s' is outside the root "
			     "'%s' of alias '%s'", t->spec, t->path, nroot, t->alias->name);
		free(nroot);
		return -1;
	}
	free(nroot);
	return 0;
}

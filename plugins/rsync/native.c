/* native.c - the native engine between local directories: quick check by size and mtime, atomic renames. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugins/rsync/rsync.h"

struct nat {
	const struct copy_opts *o;
	struct native_stats *st;
	struct ss_error *err;
};

/* Does the colon-separated pattern list match name? */
static int list_match(const char *list, const char *name)
{
	while (list && *list) {
		size_t n = strcspn(list, ":");
		char *pat = ss_xstrndup(list, n);
		int hit = n && fnmatch(pat, name, 0) == 0;

		free(pat);
		if (hit)
			return 1;
		list += n + (list[n] == ':');
	}
	return 0;
}

/* rsync's basic rule: an include that matches wins, then an exclude leaves it out. */
static int excluded(const struct copy_opts *o, const char *name)
{
	if (list_match(o->includes, name))
		return 0;
	return list_match(o->excludes, name);
}

static int sys_error(struct nat *n, const char *doing, const char *path)
{
	return ss_error_set(n->err, SS_FAILED, "cannot %s '%s': %s", doing, path, strerror(errno));
}

static void item(struct nat *n, const char *code, const char *rel)
{
	if (n->o->verbose || n->o->simulate)
		printf("%s %s\n", code, rel);
}

/* Copy regular file src to dst through a temporary name beside it. */
static int copy_file(struct nat *n, const char *src, const char *dst, const struct stat *s)
{
	char *slash = strrchr(dst, '/');
	char *tmp = ss_xasprintf("%.*s/.%s.sitesync-XXXXXX", (int)(slash - dst), dst, slash + 1);
	struct timespec times[2] = { s->st_atim, s->st_mtim };
	char buf[1 << 16];
	int in, out, rc = -1;
	ssize_t r;

	if ((in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		sys_error(n, "open", src);
		free(tmp);
		return -1;
	}
	if ((out = mkostemp(tmp, O_CLOEXEC)) < 0) {
		sys_error(n, "create", tmp);
		close(in);
		free(tmp);
		return -1;
	}
	while ((r = read(in, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(out, buf + off, (size_t)(r - off));

			if (w < 0) {
				sys_error(n, "write", tmp);
				goto out;
			}
			off += w;
		}
		n->st->bytes += r;
	}
	if (r < 0) {
		sys_error(n, "read", src);
		goto out;
	}
	if (fchmod(out, s->st_mode & 07777) < 0 || futimens(out, times) < 0) {
		sys_error(n, "set the mode and time of", tmp);
		goto out;
	}
	if (close(out) < 0) {
		out = -1;
		sys_error(n, "write", tmp);
		goto out;
	}
	out = -1;
	if (rename(tmp, dst) < 0) {
		sys_error(n, "rename into", dst);
		goto out;
	}
	rc = 0;
out:
	if (out >= 0)
		close(out);
	close(in);
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Make dst a symlink like src (replacing what is there) through a temporary name. */
static int copy_link(struct nat *n, const char *src, const char *dst, const char *rel,
		     const struct stat *d, int have)
{
	char target[4096], old[4096];
	ssize_t len = readlink(src, target, sizeof(target) - 1), olen;
	char *tmp;

	if (len < 0)
		return sys_error(n, "read the link", src);
	target[len] = 0;
	if (have && S_ISLNK(d->st_mode) && (olen = readlink(dst, old, sizeof(old) - 1)) == len &&
	    !memcmp(old, target, (size_t)len))
		return 0;
	item(n, have ? "cL.st......" : "cL+++++++++", rel);
	n->st->files++;
	if (n->o->simulate)
		return 0;
	tmp = ss_xasprintf("%s.sitesync-link-%ld", dst, (long)getpid());
	unlink(tmp);
	if (symlink(target, tmp) < 0 || rename(tmp, dst) < 0) {
		sys_error(n, "create the link", dst);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static int remove_tree(struct nat *n, const char *path, const char *rel);
static int sync_dir(struct nat *n, const char *src, const char *dst, const char *rel);

/* Delete path, a directory's contents first; symlinks are removed, never followed. */
static int remove_tree(struct nat *n, const char *path, const char *rel)
{
	struct stat s;

	if (lstat(path, &s) < 0)
		return errno == ENOENT ? 0 : sys_error(n, "stat", path);
	item(n, "*deleting", rel);
	if (n->o->simulate)
		return 0;
	if (S_ISDIR(s.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;

		if (!d)
			return sys_error(n, "open the directory", path);
		while ((e = readdir(d))) {
			char *p, *r;
			int rc;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			p = ss_xasprintf("%s/%s", path, e->d_name);
			r = ss_xasprintf("%s/%s", rel, e->d_name);
			rc = remove_tree(n, p, r);
			free(p);
			free(r);
			if (rc < 0) {
				closedir(d);
				return -1;
			}
		}
		closedir(d);
		return rmdir(path) < 0 ? sys_error(n, "remove", path) : 0;
	}
	return unlink(path) < 0 ? sys_error(n, "remove", path) : 0;
}

/* One entry of a source directory. */
static int sync_entry(struct nat *n, const char *src, const char *dst, const char *rel)
{
	struct stat s, d;
	int have = lstat(dst, &d) == 0;

	if (lstat(src, &s) < 0)
		return sys_error(n, "stat", src);
	if (have && (S_ISDIR(s.st_mode) != S_ISDIR(d.st_mode) ||
		     S_ISLNK(s.st_mode) != S_ISLNK(d.st_mode))) {
		if (remove_tree(n, dst, rel) < 0)
			return -1;
		have = 0;
	}
	if (S_ISDIR(s.st_mode))
		return sync_dir(n, src, dst, rel);
	if (S_ISLNK(s.st_mode))
		return copy_link(n, src, dst, rel, &d, have);
	if (!S_ISREG(s.st_mode))
		return 0;
	if (have && d.st_size == s.st_size && d.st_mtim.tv_sec == s.st_mtim.tv_sec &&
	    d.st_mtim.tv_nsec == s.st_mtim.tv_nsec) {
		if ((d.st_mode & 07777) != (s.st_mode & 07777) && !n->o->simulate &&
		    chmod(dst, s.st_mode & 07777) < 0)
			return sys_error(n, "chmod", dst);
		return 0;
	}
	item(n, have ? ">f.st......" : ">f+++++++++", rel);
	n->st->files++;
	return n->o->simulate ? 0 : copy_file(n, src, dst, &s);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir (without . and ..), sorted; *count set.  NULL on error. */
static char **list_dir(struct nat *n, const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t k = 0, cap = 0;

	*count = 0;
	if (!d) {
		sys_error(n, "open the directory", dir);
		return NULL;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (k + 1 >= cap) {
			cap = cap ? cap * 2 : 16;
			v = ss_xrealloc(v, cap * sizeof(*v));
		}
		v[k++] = ss_xstrdup(e->d_name);
	}
	closedir(d);
	if (!v)
		v = ss_xcalloc(1, sizeof(*v));
	qsort(v, k, sizeof(*v), cmp_names);
	*count = k;
	return v;
}

static void free_names(char **v, size_t k)
{
	for (size_t i = 0; i < k; i++)
		free(v[i]);
	free(v);
}

static int sync_dir(struct nat *n, const char *src, const char *dst, const char *rel)
{
	struct stat s;
	char **names;
	size_t k;
	int rc = 0;

	if (lstat(src, &s) < 0)
		return sys_error(n, "stat", src);
	if (access(dst, F_OK) < 0) {
		if (*rel)
			item(n, "cd+++++++++", rel);
		if (!n->o->simulate && mkdir(dst, 0700) < 0)
			return sys_error(n, "create the directory", dst);
	}
	if (!(names = list_dir(n, src, &k)))
		return -1;
	for (size_t i = 0; i < k && rc == 0; i++) {
		char *sp, *dp, *rp;

		if (excluded(n->o, names[i]))
			continue;
		sp = ss_xasprintf("%s/%s", src, names[i]);
		dp = ss_xasprintf("%s/%s", dst, names[i]);
		rp = *rel ? ss_xasprintf("%s/%s", rel, names[i]) : ss_xstrdup(names[i]);
		rc = sync_entry(n, sp, dp, rp);
		free(sp);
		free(dp);
		free(rp);
	}
	free_names(names, k);
	if (rc == 0 && n->o->delete_ && access(dst, F_OK) == 0) {
		char **have = list_dir(n, dst, &k);
		struct stat x;

		if (!have)
			return -1;
		for (size_t i = 0; i < k && rc == 0; i++) {
			char *sp = ss_xasprintf("%s/%s", src, have[i]);

			if (!excluded(n->o, have[i]) && lstat(sp, &x) < 0 && errno == ENOENT) {
				char *dp = ss_xasprintf("%s/%s", dst, have[i]);
				char *rp = *rel ? ss_xasprintf("%s/%s", rel, have[i])
						: ss_xstrdup(have[i]);

				rc = remove_tree(n, dp, rp);
				free(dp);
				free(rp);
			}
			free(sp);
		}
		free_names(have, k);
	}
	if (rc == 0 && !n->o->simulate) {
		struct timespec times[2] = { s.st_atim, s.st_mtim };

		if (chmod(dst, s.st_mode & 07777) < 0 ||
		    utimensat(AT_FDCWD, dst, times, AT_SYMLINK_NOFOLLOW) < 0)
			return sys_error(n, "set the mode and time of", dst);
	}
	return rc;
}

int native_run(const struct endpoint *src, const struct endpoint *dst,
	       const struct copy_opts *o, struct native_stats *st, struct ss_error *err)
{
	struct nat n = { .o = o, .st = st, .err = err };
	struct stat s;

	if (src->remote || dst->remote)
		return ss_error_set(err, SS_USAGE, "the native engine copies between local "
				    "aliases only; '%s' is remote",
				    ss_target_name(src->remote ? src->alias : dst->alias));
	if (o->nextra)
		return ss_error_set(err, SS_USAGE, "the native engine takes no rsync options "
				    "after '--'");
	if (stat(src->path, &s) < 0 || !S_ISDIR(s.st_mode))
		return ss_error_set(err, SS_FAILED, "source '%s' is not a directory", src->path);
	if (!o->simulate) {
		/* the target's missing parents, like rsync --mkpath */
		char *p = ss_xstrdup(dst->path);

		for (char *c = strchr(p + 1, '/'); c; c = strchr(c + 1, '/')) {
			*c = 0;
			if (mkdir(p, 0755) < 0 && errno != EEXIST) {
				sys_error(&n, "create the directory", p);
				free(p);
				return -1;
			}
			*c = '/';
		}
		free(p);
	}
	return sync_dir(&n, src->path, dst->path, "");
}

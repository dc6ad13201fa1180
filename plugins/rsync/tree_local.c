/* tree_local.c - the native engine's tree on the local filesystem. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugins/rsync/tree.h"

struct ltree {
	struct tree base;
	char *top;
	const char *alias;    /* for messages; owned by the ctx */
};

struct lio {
	struct ltree *t;
	int fd;
	char *tmp, *rel;      /* a writer's temporary path and final rel */
	char *path;           /* a reader's path, for messages */
};

static char *full(const struct ltree *t, const char *rel)
{
	return *rel ? ss_xasprintf("%s/%s", t->top, rel) : ss_xstrdup(t->top);
}

/* "cannot DOING 'alias:path': why" from errno. */
static int sys_error(const struct ltree *t, struct ss_error *err, const char *doing,
		     const char *path)
{
	return ss_error_set(err, SS_FAILED, "cannot %s '%s:%s': %s", doing, t->alias, path,
			    strerror(errno));
}

static void fill(struct tree_entry *e, const struct stat *s)
{
	e->mode = s->st_mode & 07777;
	e->size = s->st_size;
	e->mtime = s->st_mtim;
}

static char type_of(mode_t m)
{
	return S_ISREG(m) ? 'f' : S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : '?';
}

static int list_dir(struct ltree *t, const struct copy_opts *o, const char *rel,
		    struct tree_list *out, struct tree_list *temps, struct ss_error *err)
{
	char *path = full(t, rel);
	DIR *d = opendir(path);
	struct dirent *de;
	struct tree_list subdirs = { 0 };
	int rc = 0;

	if (!d) {
		sys_error(t, err, "open the directory", path);
		free(path);
		return -1;
	}
	while (rc == 0 && (de = readdir(d))) {
		char *p, *r;
		struct stat s;
		struct tree_entry *e;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = ss_xasprintf("%s/%s", path, de->d_name);
		r = tree_child(rel, de->d_name);
		if (lstat(p, &s) < 0) {
			rc = errno == ENOENT ? 0 : sys_error(t, err, "stat", p);
		} else if (tree_is_temp(de->d_name) && (S_ISREG(s.st_mode) || S_ISLNK(s.st_mode))) {
			if (temps)
				tree_list_add(temps, r, type_of(s.st_mode));
		} else if (tree_excluded(o, de->d_name)) {
			/* left out */
		} else {
			e = tree_list_add(out, r, type_of(s.st_mode));
			fill(e, &s);
			if (e->type == 'l') {
				char buf[4096];
				ssize_t n = readlink(p, buf, sizeof(buf) - 1);

				if (n < 0)
					rc = sys_error(t, err, "read the link", p);
				else
					e->link = ss_xstrndup(buf, (size_t)n);
			} else if (e->type == 'd') {
				tree_list_add(&subdirs, r, 'd');
			}
		}
		free(p);
		free(r);
	}
	closedir(d);
	free(path);
	for (size_t i = 0; rc == 0 && i < subdirs.n; i++)
		rc = list_dir(t, o, subdirs.v[i].rel, out, temps, err);
	tree_list_release(&subdirs);
	return rc;
}

static int l_list(struct tree *tt, const struct copy_opts *o, struct tree_list *out,
		  struct tree_list *temps, struct ss_error *err)
{
	struct ltree *t = (struct ltree *)tt;
	struct stat s;

	if (lstat(t->top, &s) < 0)
		return errno == ENOENT ? 0 : sys_error(t, err, "stat", t->top);
	fill(tree_list_add(out, "", type_of(s.st_mode)), &s);
	if (!S_ISDIR(s.st_mode))
		return 0;
	if (list_dir(t, o, "", out, temps, err) < 0)
		return -1;
	tree_list_sort(out);
	return 0;
}

static int l_mkdirs(struct tree *tt, struct ss_error *err)
{
	struct ltree *t = (struct ltree *)tt;
	char *p = ss_xasprintf("%s/", t->top);
	int rc = 0;

	for (char *c = strchr(p + 1, '/'); c && rc == 0; c = strchr(c + 1, '/')) {
		*c = 0;
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			rc = sys_error(t, err, "create the directory", p);
		*c = '/';
	}
	free(p);
	return rc;
}

static int l_open_read(struct tree *tt, const char *rel, long long size, struct tree_io **out,
		       struct ss_error *err)
{
	struct ltree *t = (struct ltree *)tt;
	char *p = full(t, rel);
	int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct lio *io;

	(void)size;
	if (fd < 0) {
		int vanished = errno == ENOENT;

		sys_error(t, err, "open", p);
		free(p);
		return vanished ? TREE_VANISHED : -1;
	}
	io = ss_xcalloc(1, sizeof(*io));
	io->t = t;
	io->fd = fd;
	io->path = p;
	*out = (struct tree_io *)io;
	return 0;
}

static ssize_t l_read(struct tree_io *r, void *buf, size_t n, struct ss_error *err)
{
	struct lio *io = (struct lio *)r;
	ssize_t got;

	while ((got = read(io->fd, buf, n)) < 0 && errno == EINTR)
		;
	if (got < 0)
		return sys_error(io->t, err, "read", io->path);
	return got;
}

static int l_create(struct tree *tt, const char *rel, struct tree_io **out, struct ss_error *err)
{
	struct ltree *t = (struct ltree *)tt;
	char *trel = tree_temp_name(rel, 0);
	char *tmp = full(t, trel);
	struct lio *io;
	int fd;

	/* mkostemp fills the six X of the suffix */
	memcpy(tmp + strlen(tmp) - 6, "XXXXXX", 6);
	free(trel);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		sys_error(t, err, "create", tmp);
		free(tmp);
		return -1;
	}
	io = ss_xcalloc(1, sizeof(*io));
	io->t = t;
	io->fd = fd;
	io->tmp = tmp;
	io->rel = ss_xstrdup(rel);
	*out = (struct tree_io *)io;
	return 0;
}

static int l_write(struct tree_io *w, const void *buf, size_t n, struct ss_error *err)
{
	struct lio *io = (struct lio *)w;

	for (size_t off = 0; off < n;) {
		ssize_t k = write(io->fd, (const char *)buf + off, n - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return sys_error(io->t, err, "write", io->tmp);
		off += (size_t)k;
	}
	return 0;
}

static void l_close(struct tree_io *x)
{
	struct lio *io = (struct lio *)x;

	if (!io)
		return;
	if (io->fd >= 0)
		close(io->fd);
	if (io->tmp)
		unlink(io->tmp);
	free(io->tmp);
	free(io->rel);
	free(io->path);
	free(io);
}

static int l_commit(struct tree_io *w, const struct tree_entry *like, struct ss_error *err)
{
	struct lio *io = (struct lio *)w;
	struct timespec times[2] = { like->mtime, like->mtime };
	char *dst = full(io->t, io->rel);
	int rc = 0;

	if (fchmod(io->fd, like->mode) < 0 || futimens(io->fd, times) < 0)
		rc = sys_error(io->t, err, "set the mode and time of", io->tmp);
	else if (close(io->fd) < 0)
		rc = sys_error(io->t, err, "write", io->tmp);
	else if (io->fd = -1, rename(io->tmp, dst) < 0)
		rc = sys_error(io->t, err, "rename into", dst);
	else {
		free(io->tmp);
		io->tmp = NULL;
	}
	io->fd = -1;
	free(dst);
	l_close(w);
	return rc;
}

static int l_symlink(struct tree *tt, const char *rel, const char *target, struct ss_error *err)
{
	struct ltree *t = (struct ltree *)tt;
	char *trel = tree_temp_name(rel, (unsigned long long)getpid() * 2654435761u);
	char *tmp = full(t, trel), *dst = full(t, rel);
	int rc = 0;

	unlink(tmp);
	if (symlink(target, tmp) < 0 || rename(tmp, dst) < 0) {
		rc = sys_error(t, err, "create the link", dst);
		unlink(tmp);
	}
	free(trel);
	free(tmp);
	free(dst);
	return rc;
}

static int l_mkdir(struct tree *tt, const char *rel, struct ss_error *err)
{
	struct ltree *t = (struct ltree *)tt;
	char *p = full(t, rel);
	int rc = mkdir(p, 0700) < 0 && errno != EEXIST ? sys_error(t, err, "create the directory", p) : 0;

	free(p);
	return rc;
}

static int l_remove(struct tree *tt, const char *rel, int dir, struct ss_error *err)
{
	struct ltree *t = (struct ltree *)tt;
	char *p = full(t, rel);
	int rc = (dir ? rmdir(p) : unlink(p)) < 0 && errno != ENOENT ? sys_error(t, err, "remove", p) : 0;

	free(p);
	return rc;
}

static int l_set_attrs(struct tree *tt, const char *rel, const struct tree_entry *like,
		       int times, struct ss_error *err)
{
	struct ltree *t = (struct ltree *)tt;
	char *p = full(t, rel);
	struct timespec ts[2] = { like->mtime, like->mtime };
	int rc = 0;

	if (chmod(p, like->mode) < 0 ||
	    (times && utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW) < 0))
		rc = sys_error(t, err, "set the mode and time of", p);
	free(p);
	return rc;
}

static void l_free(struct tree *tt)
{
	struct ltree *t = (struct ltree *)tt;

	free(t->top);
	free(t->base.name);
	free(t);
}

static const struct tree_ops local_ops = {
	.list = l_list,
	.mkdirs = l_mkdirs,
	.open_read = l_open_read,
	.read = l_read,
	.create = l_create,
	.write = l_write,
	.commit = l_commit,
	.close = l_close,
	.symlink = l_symlink,
	.mkdir = l_mkdir,
	.remove = l_remove,
	.set_attrs = l_set_attrs,
	.free = l_free,
};

int tree_local_open(const struct endpoint *e, struct tree **out, struct ss_error *err)
{
	struct ltree *t = ss_xcalloc(1, sizeof(*t));

	(void)err;
	t->base.ops = &local_ops;
	t->base.name = endpoint_name(e);
	t->top = ss_xstrdup(e->path);
	t->alias = ss_target_name(e->alias);
	*out = &t->base;
	return 0;
}

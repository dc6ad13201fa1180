/* tree_sftp.c - the native engine's tree on a remote alias over SFTP: listing, reading with files opened ahead, directories. */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "plugins/rsync/tree_sftp.h"

char *stree_full(const struct stree *t, const char *rel)
{
	return *rel ? ss_xasprintf("%s/%s", t->top, rel) : ss_xstrdup(t->top);
}

static const char *fx_text(int code)
{
	switch (code) {
	case SSH_FX_EOF: return "unexpected end of file";
	case SSH_FX_NO_SUCH_FILE: return "no such file or directory";
	case SSH_FX_PERMISSION_DENIED: return "permission denied";
	case SSH_FX_FAILURE: return "the server reported a failure";
	case SSH_FX_BAD_MESSAGE: return "bad message";
	case SSH_FX_OP_UNSUPPORTED: return "operation not supported by the server";
	case SSH_FX_FILE_ALREADY_EXISTS: return "file exists";
	default: return NULL;
	}
}

/* The last SFTP or SSH error as an ss_error; call with the session locked. */
static int fx_error(struct stree *t, struct ss_error *err, const char *doing, const char *path)
{
	const char *why = fx_text(sftp_get_error(t->sftp));
	ssh_session s = (ssh_session)ss_ssh_libssh(t->ssh);

	if (!why || !ssh_is_connected(s))
		why = *ssh_get_error(s) ? ssh_get_error(s) : "the connection was lost";
	return ss_error_set(err, SS_FAILED, "cannot %s '%s:%s': %s", doing, t->alias, path, why);
}

static void fill(struct tree_entry *e, const sftp_attributes a)
{
	e->mode = a->permissions & 07777;
	e->size = (long long)a->size;
	e->mtime.tv_sec = (time_t)a->mtime;
	e->mtime.tv_nsec = 0;
}

static char type_of(uint32_t perm)
{
	return S_ISREG(perm) ? 'f' : S_ISDIR(perm) ? 'd' : S_ISLNK(perm) ? 'l' : '?';
}

/* One directory's entries (links resolved); its subdirectories into subdirs.  Locked. */
static int list_one(struct stree *t, const struct copy_opts *o, const char *rel,
		    struct tree_list *out, struct tree_list *temps, struct tree_list *subdirs,
		    struct ss_error *err)
{
	char *path = stree_full(t, rel);
	sftp_dir d = sftp_opendir(t->sftp, path);
	sftp_attributes a;
	int rc = 0;

	if (!d) {
		fx_error(t, err, "open the directory", path);
		free(path);
		return -1;
	}
	while (rc == 0 && (a = sftp_readdir(t->sftp, d))) {
		if (!strcmp(a->name, ".") || !strcmp(a->name, "..")) {
			/* not entries */
		} else if (tree_is_temp(a->name) &&
			   (S_ISREG(a->permissions) || S_ISLNK(a->permissions))) {
			if (temps) {
				char *r = tree_child(rel, a->name);

				tree_list_add(temps, r, type_of(a->permissions));
				free(r);
			}
		} else if (!tree_excluded(o, a->name)) {
			char *r = tree_child(rel, a->name);
			struct tree_entry *e = tree_list_add(out, r, type_of(a->permissions));

			fill(e, a);
			if (e->type == 'l') {
				char *p = stree_full(t, r), *target = sftp_readlink(t->sftp, p);

				if (!target)
					rc = fx_error(t, err, "read the link", p);
				else
					e->link = ss_xstrdup(target);
				ssh_string_free_char(target);
				free(p);
			} else if (e->type == 'd') {
				tree_list_add(subdirs, r, 'd');
			}
			free(r);
		}
		sftp_attributes_free(a);
	}
	if (rc == 0 && !sftp_dir_eof(d))
		rc = fx_error(t, err, "read the directory", path);
	sftp_closedir(d);
	free(path);
	return rc;
}

static int s_list(struct tree *tt, const struct copy_opts *o, struct tree_list *out,
		  struct tree_list *temps, struct ss_error *err)
{
	struct stree *t = (struct stree *)tt;
	struct tree_list queue = { 0 };
	sftp_attributes a;
	int rc = 0;

	ss_ssh_lock(t->ssh);
	a = sftp_lstat(t->sftp, t->top);
	if (!a) {
		rc = sftp_get_error(t->sftp) == SSH_FX_NO_SUCH_FILE ? 0 :
			fx_error(t, err, "stat", t->top);
		ss_ssh_unlock(t->ssh);
		return rc;
	}
	fill(tree_list_add(out, "", type_of(a->permissions)), a);
	if (S_ISDIR(a->permissions))
		tree_list_add(&queue, "", 'd');
	sftp_attributes_free(a);
	/* breadth first: the queue grows while it is walked */
	for (size_t i = 0; rc == 0 && i < queue.n; i++) {
		char *rel = ss_xstrdup(queue.v[i].rel);

		rc = list_one(t, o, rel, out, temps, &queue, err);
		free(rel);
	}
	ss_ssh_unlock(t->ssh);
	tree_list_release(&queue);
	if (rc == 0)
		tree_list_sort(out);
	return rc;
}

static int s_mkdirs(struct tree *tt, struct ss_error *err)
{
	struct stree *t = (struct stree *)tt;
	char *p = ss_xasprintf("%s/", t->top);
	int rc = 0;

	ss_ssh_lock(t->ssh);
	for (char *c = strchr(p + 1, '/'); c && rc == 0; c = strchr(c + 1, '/')) {
		sftp_attributes a;

		*c = 0;
		if ((a = sftp_stat(t->sftp, p)))
			sftp_attributes_free(a);
		else if (sftp_mkdir(t->sftp, p, 0755) < 0)
			rc = fx_error(t, err, "create the directory", p);
		*c = '/';
	}
	ss_ssh_unlock(t->ssh);
	free(p);
	return rc;
}

/* Ask for more of a file being read, up to its listed size.  Locked. */
static int read_ahead(struct sio *io, struct ss_error *err)
{
	while (io->count < READS_IN_FLIGHT && io->asked < io->want) {
		long long n = io->want - io->asked < READ_LEN ? io->want - io->asked : READ_LEN;
		struct sftp_pipe_tag *slot = &io->slots[(io->head + io->count) % READS_IN_FLIGHT];

		memset(slot, 0, sizeof(*slot));
		if (sftp_pipe_read(&io->t->pipe, &io->h, (uint64_t)io->asked, (uint32_t)n, slot) < 0)
			return stree_error(io->t, err, -1, "read", io->path);
		io->count++;
		io->asked += n;
	}
	return 0;
}

/* Drop the oldest file opened ahead (its handle closed once it came).  Locked. */
static void ahead_drop(struct stree *t)
{
	struct stree_ahead *a = &t->ahead[t->ahead_head];
	struct sftp_pipe_handle h;

	sftp_pipe_wait(&t->pipe, &a->tag);
	if (a->tag.data && a->tag.len <= sizeof(h.data)) {
		h.len = (uint32_t)a->tag.len;
		memcpy(h.data, a->tag.data + 8, h.len);
		sftp_pipe_close_handle(&t->pipe, &h, NULL);
	}
	free(a->tag.data);
	free(a->path);
	memset(a, 0, sizeof(*a));
	t->ahead_head = (t->ahead_head + 1) % OPENS_AHEAD;
	t->ahead_count--;
}

static void s_prefetch(struct tree *tt, const char *rel, long long size)
{
	struct stree *t = (struct stree *)tt;
	struct stree_ahead *a;
	struct ss_error ignored;

	if (size == 0 || t->ahead_count == OPENS_AHEAD)
		return;
	ss_ssh_lock(t->ssh);
	if (stree_need_pipe(t, &ignored) == 0) {
		a = &t->ahead[(t->ahead_head + t->ahead_count) % OPENS_AHEAD];
		memset(a, 0, sizeof(*a));
		a->path = stree_full(t, rel);
		if (sftp_pipe_open_read_async(&t->pipe, a->path, &a->tag) == 0) {
			t->ahead_count++;
		} else {
			free(a->path);
			a->path = NULL;
		}
	}
	ss_ssh_unlock(t->ssh);
}

/*
 * Open io->path: its OPEN sent ahead when it was hinted, else now (which
 * also reads the replies queued before, such as the last file's CLOSE).
 * 0, an SFTP status code, or -1.  Locked.
 */
static int open_for_read(struct stree *t, struct sio *io)
{
	while (t->ahead_count && strcmp(t->ahead[t->ahead_head].path, io->path))
		ahead_drop(t);
	if (t->ahead_count) {
		struct stree_ahead *a = &t->ahead[t->ahead_head];
		int rc;

		if (sftp_pipe_wait(&t->pipe, &a->tag) < 0)
			return -1;
		rc = a->tag.status;
		if (!rc && (!a->tag.data || a->tag.len > sizeof(io->h.data)))
			rc = -1;
		if (rc == 0) {
			io->h.len = (uint32_t)a->tag.len;
			memcpy(io->h.data, a->tag.data + 8, io->h.len);
			free(a->tag.data);
			a->tag.data = NULL;
		}
		ahead_drop(t);
		return rc;
	}
	return sftp_pipe_open_read(&t->pipe, io->path, &io->h);
}

static int s_open_read(struct tree *tt, const char *rel, long long size, struct tree_io **out,
		       struct ss_error *err)
{
	struct stree *t = (struct stree *)tt;
	struct sio *io = ss_xcalloc(1, sizeof(*io));
	int rc;

	io->t = t;
	io->want = size;
	io->path = stree_full(t, rel);
	if (size == 0) {
		/* nothing to read: the listing said all there is to say */
		*out = (struct tree_io *)io;
		return 0;
	}
	ss_ssh_lock(t->ssh);
	if ((rc = stree_need_pipe(t, err)) == 0) {
		rc = open_for_read(t, io);
		if (rc == SSH_FX_NO_SUCH_FILE)
			rc = TREE_VANISHED;
		else if (rc)
			rc = stree_error(t, err, rc, "open", io->path);
	}
	if (rc == 0) {
		io->reading = 1;
		rc = read_ahead(io, err);
	}
	ss_ssh_unlock(t->ssh);
	if (rc == TREE_VANISHED)
		ss_error_set(err, SS_FAILED, "cannot open '%s:%s': no such file", t->alias, io->path);
	if (rc < 0) {
		t->base.ops->close((struct tree_io *)io);
		return rc;
	}
	*out = (struct tree_io *)io;
	return 0;
}

static ssize_t s_read(struct tree_io *r, void *buf, size_t n, struct ss_error *err)
{
	struct sio *io = (struct sio *)r;
	struct sftp_pipe_tag *slot = &io->slots[io->head];
	ssize_t got;

	(void)n; /* n >= TREE_CHUNK > READ_LEN */
	if (!io->count) {
		if (io->got != io->want)
			return ss_error_set(err, SS_FAILED, "'%s:%s' changed while it was read: %lld "
					    "of %lld bytes", io->t->alias, io->path, io->got, io->want);
		return 0;
	}
	ss_ssh_lock(io->t->ssh);
	if (sftp_pipe_wait(&io->t->pipe, slot) < 0) {
		got = stree_error(io->t, err, -1, "read", io->path);
	} else if (slot->status && slot->status != SSH_FX_EOF) {
		got = stree_error(io->t, err, slot->status, "read", io->path);
	} else if (!slot->data || !slot->len) {
		/* the file shrank: the rest of the requests are drained by close */
		got = ss_error_set(err, SS_FAILED, "'%s:%s' changed while it was read: %lld of "
				   "%lld bytes", io->t->alias, io->path, io->got, io->want);
	} else {
		got = (ssize_t)slot->len;
		memcpy(buf, slot->data + 8, slot->len);
		free(slot->data);
		slot->data = NULL;
		io->head = (io->head + 1) % READS_IN_FLIGHT;
		io->count--;
		io->got += got;
		if (read_ahead(io, err) < 0)
			got = -1;
	}
	ss_ssh_unlock(io->t->ssh);
	return got;
}

int stree_error(struct stree *t, struct ss_error *err, int code, const char *doing,
		const char *path)
{
	ssh_session s = (ssh_session)ss_ssh_libssh(t->ssh);
	const char *why = code > 0 ? fx_text(code) : NULL;

	if (!why)
		why = code < 0 && *ssh_get_error(s) ? ssh_get_error(s) : "the connection was lost";
	return ss_error_set(err, SS_FAILED, "cannot %s '%s:%s': %s", doing, t->alias, path, why);
}

/* Drop a reader's unread replies and queue its CLOSE, or drop an uncommitted writer. */
static void s_close(struct tree_io *x)
{
	struct sio *io = (struct sio *)x;

	if (!io)
		return;
	ss_ssh_lock(io->t->ssh);
	if (io->reading) {
		for (; io->count > 0; io->count--, io->head = (io->head + 1) % READS_IN_FLIGHT) {
			sftp_pipe_wait(&io->t->pipe, &io->slots[io->head]);
			free(io->slots[io->head].data);
		}
		sftp_pipe_close_handle(&io->t->pipe, &io->h, NULL);
	}
	stree_abort_locked(io);
	ss_ssh_unlock(io->t->ssh);
	free(io->path);
	free(io);
}

/* Set mode (and times) of path.  Locked. */
static int setstat(struct stree *t, const char *path, const struct tree_entry *like, int times)
{
	struct sftp_attributes_struct a;

	memset(&a, 0, sizeof(a));
	a.flags = SSH_FILEXFER_ATTR_PERMISSIONS | (times ? SSH_FILEXFER_ATTR_ACMODTIME : 0);
	a.permissions = like->mode;
	a.atime = a.mtime = (uint32_t)like->mtime.tv_sec;
	return sftp_setstat(t->sftp, path, &a);
}

static int s_symlink(struct tree *tt, const char *rel, const char *target, struct ss_error *err)
{
	struct stree *t = (struct stree *)tt;
	unsigned long long rnd = 0;
	char *trel, *tmp, *dst = stree_full(t, rel);
	int rc = 0;

	if (getrandom(&rnd, sizeof(rnd), 0) < 0)
		rnd = (unsigned long long)(size_t)dst;
	trel = tree_temp_name(rel, rnd);
	tmp = stree_full(t, trel);
	ss_ssh_lock(t->ssh);
	if (sftp_symlink(t->sftp, target, tmp) < 0)
		rc = fx_error(t, err, "create the link", tmp);
	else if (stree_rename_locked(t, tmp, dst, err) < 0) {
		rc = -1;
		sftp_unlink(t->sftp, tmp);
	}
	ss_ssh_unlock(t->ssh);
	free(trel);
	free(tmp);
	free(dst);
	return rc;
}

static int s_mkdir(struct tree *tt, const char *rel, struct ss_error *err)
{
	struct stree *t = (struct stree *)tt;
	char *p = stree_full(t, rel);
	int rc = 0;

	ss_ssh_lock(t->ssh);
	/* the files written before are in place first (a directory's mtime comes last) */
	if (stree_flush_locked(t, err) < 0)
		rc = -1;
	else if (sftp_mkdir(t->sftp, p, 0700) < 0)
		rc = fx_error(t, err, "create the directory", p);
	ss_ssh_unlock(t->ssh);
	free(p);
	return rc;
}

static int s_remove(struct tree *tt, const char *rel, int dir, struct ss_error *err)
{
	struct stree *t = (struct stree *)tt;
	char *p = stree_full(t, rel);
	int rc = 0;

	ss_ssh_lock(t->ssh);
	/* the files written before are in place first (a directory's mtime comes last) */
	if (stree_flush_locked(t, err) < 0)
		rc = -1;
	else if ((dir ? sftp_rmdir(t->sftp, p) : sftp_unlink(t->sftp, p)) < 0 &&
	    sftp_get_error(t->sftp) != SSH_FX_NO_SUCH_FILE)
		rc = fx_error(t, err, "remove", p);
	ss_ssh_unlock(t->ssh);
	free(p);
	return rc;
}

static int s_set_attrs(struct tree *tt, const char *rel, const struct tree_entry *like,
		       int times, struct ss_error *err)
{
	struct stree *t = (struct stree *)tt;
	char *p = stree_full(t, rel);
	int rc = 0;

	ss_ssh_lock(t->ssh);
	/* the files written before are in place first (a directory's mtime comes last) */
	if (stree_flush_locked(t, err) < 0)
		rc = -1;
	else if (setstat(t, p, like, times) < 0)
		rc = fx_error(t, err, "set the mode and time of", p);
	ss_ssh_unlock(t->ssh);
	free(p);
	return rc;
}

static int s_lost(struct tree *tt)
{
	struct stree *t = (struct stree *)tt;
	int lost;

	ss_ssh_lock(t->ssh);
	lost = (t->pipe_open && t->pipe.failed < 0) ||
	       !ssh_is_connected((ssh_session)ss_ssh_libssh(t->ssh));
	ss_ssh_unlock(t->ssh);
	return lost;
}

static void s_free(struct tree *tt)
{
	struct stree *t = (struct stree *)tt;

	if (t->sftp) {
		ss_ssh_lock(t->ssh);
		while (t->ahead_count)
			ahead_drop(t);
		stree_release_locked(t);
		if (t->pipe_open)
			sftp_pipe_close(&t->pipe);
		sftp_free(t->sftp);
		ss_ssh_unlock(t->ssh);
	}
	free(t->top);
	free(t->base.name);
	free(t);
}

static const struct tree_ops sftp_ops = {
	.list = s_list,
	.mkdirs = s_mkdirs,
	.open_read = s_open_read,
	.prefetch = s_prefetch,
	.read = s_read,
	.create = stree_create,
	.write = stree_write,
	.commit = stree_commit,
	.flush = stree_flush,
	.close = s_close,
	.symlink = s_symlink,
	.mkdir = s_mkdir,
	.remove = s_remove,
	.set_attrs = s_set_attrs,
	.lost = s_lost,
	.free = s_free,
};

/*
 * SFTP waits for a reply to each small request: with Nagle's algorithm on
 * (libssh's default), a request can sit waiting for the ACK of the one
 * before it.  Best effort; locked.
 */
static void no_delay(ssh_session s)
{
	int fd = ssh_get_fd(s), on = 1;

	if (fd >= 0)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

int tree_sftp_open(struct ss_ctx *ctx, const struct endpoint *e, struct tree **out,
		   struct ss_error *err)
{
	struct stree *t;
	struct ss_ssh *ssh;
	ssh_session s;

	if (ss_ssh_session(ctx, e->alias, &ssh, err) < 0)
		return -1;
	t = ss_xcalloc(1, sizeof(*t));
	t->base.ops = &sftp_ops;
	t->base.name = endpoint_name(e);
	t->base.whole_seconds = 1;
	t->ssh = ssh;
	t->top = ss_xstrdup(e->path);
	t->alias = ss_target_name(e->alias);
	s = (ssh_session)ss_ssh_libssh(ssh);
	ss_ssh_lock(ssh);
	no_delay(s);
	t->sftp = sftp_new(s);
	if (!t->sftp || sftp_init(t->sftp) < 0) {
		ss_error_set(err, SS_FAILED, "cannot start SFTP on '%s' ('%s'): %s", e->alias->host,
			     t->alias, *ssh_get_error(s) ? ssh_get_error(s) :
			     "the server has no sftp subsystem");
		if (t->sftp)
			sftp_free(t->sftp);
		t->sftp = NULL;
		ss_ssh_unlock(ssh);
		s_free(&t->base);
		return -1;
	}
	ss_ssh_unlock(ssh);
	ss_debug(ctx, "rsync: native engine over SFTP to %s for '%s'", ss_ssh_where(ssh), t->top);
	*out = &t->base;
	return 0;
}

/* tree_sftp_write.c - files written over SFTP through a temporary name, several in flight, renamed once every reply is good. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "plugins/rsync/tree_sftp.h"

int stree_need_pipe(struct stree *t, struct ss_error *err)
{
	ssh_session s = (ssh_session)ss_ssh_libssh(t->ssh);

	if (t->pipe_open)
		return 0;
	if (sftp_pipe_open(&t->pipe, s,
			   sftp_extension_supported(t->sftp, "posix-rename@openssh.com", "1")) < 0)
		return ss_error_set(err, SS_FAILED, "cannot open an SFTP channel to '%s': %s",
				    t->alias, *ssh_get_error(s) ? ssh_get_error(s) :
				    "the server refused it");
	t->pipe_open = 1;
	return 0;
}

static void free_pending(struct stree_pending *pf)
{
	free(pf->tmp);
	free(pf->dst);
	free(pf);
}

/*
 * Move the committed files on: one whose replies are all good gets its
 * rename queued, one renamed is done.  A file that failed has its
 * temporary file removed and goes to the tree's on_failed (without one,
 * it is the run's error).  Locked; replies are read by the caller.
 */
static int settle(struct stree *t, struct ss_error *err)
{
	struct stree_pending **pp = &t->pending, *pf;

	if (t->pipe.failed < 0)
		return stree_error(t, err, -1, "write", t->pending ? t->pending->tmp : t->top);
	while ((pf = *pp)) {
		const char *doing = pf->renaming ? "rename into" : "write";
		int code = pf->renaming ? pf->renamed.status : pf->wrote.status;

		if (pf->wrote.outstanding || pf->renamed.outstanding) {
			pp = &pf->next;
			continue;
		}
		if (code) {
			struct ss_error why;

			stree_error(t, &why, code, doing, pf->dst);
			sftp_pipe_remove(&t->pipe, pf->tmp, NULL);
			*pp = pf->next;
			free_pending(pf);
			if (!t->base.on_failed) {
				*err = why;
				return -1;
			}
			t->base.on_failed(t->base.on_failed_arg, &why);
			continue;
		}
		if (!pf->renaming) {
			pf->renaming = 1;
			if (sftp_pipe_rename(&t->pipe, pf->tmp, pf->dst, &pf->renamed) < 0)
				return stree_error(t, err, -1, "rename into", pf->dst);
			pp = &pf->next;
			continue;
		}
		*pp = pf->next;
		free_pending(pf);
	}
	return 0;
}

int stree_flush_locked(struct stree *t, struct ss_error *err)
{
	while (t->pending) {
		sftp_pipe_sync(&t->pipe);
		if (settle(t, err) < 0)
			return -1;
	}
	return 0;
}

int stree_flush(struct tree *tt, struct ss_error *err)
{
	struct stree *t = (struct stree *)tt;
	int rc;

	ss_ssh_lock(t->ssh);
	rc = stree_flush_locked(t, err);
	ss_ssh_unlock(t->ssh);
	return rc;
}

void stree_release_locked(struct stree *t)
{
	struct stree_pending *pf;

	if (t->pipe_open && t->pipe.failed >= 0) {
		for (pf = t->pending; pf; pf = pf->next)
			if (!pf->renaming)
				sftp_pipe_remove(&t->pipe, pf->tmp, NULL);
		sftp_pipe_sync(&t->pipe);
	}
	while ((pf = t->pending)) {
		t->pending = pf->next;
		free_pending(pf);
	}
}

int stree_rename_locked(struct stree *t, const char *tmp, const char *dst, struct ss_error *err)
{
	struct sftp_pipe_tag tag = { 0 };

	if (stree_need_pipe(t, err) < 0 || stree_flush_locked(t, err) < 0)
		return -1;
	if (sftp_pipe_rename(&t->pipe, tmp, dst, &tag) < 0 || sftp_pipe_sync(&t->pipe) < 0)
		return stree_error(t, err, -1, "rename into", dst);
	return tag.status ? stree_error(t, err, tag.status, "rename into", dst) : 0;
}

/* Create a temporary file beside the destination; its OPEN also reads the replies before it. */
static int open_temp(struct stree *t, struct sio *io, const char *rel, struct ss_error *err)
{
	int code = -1;

	for (int tries = 0; tries < 5; tries++) {
		unsigned long long rnd = 0;
		char *trel;

		if (getrandom(&rnd, sizeof(rnd), 0) < 0)
			rnd = (unsigned long long)time(NULL) * 31 + (unsigned long long)tries;
		trel = tree_temp_name(rel, rnd);
		free(io->w->tmp);
		io->w->tmp = stree_full(t, trel);
		free(trel);
		code = sftp_pipe_create(&t->pipe, io->w->tmp, &io->h);
		/* OpenSSH says FAILURE for an existing name: try another */
		if (code != SSH_FX_FAILURE && code != SSH_FX_FILE_ALREADY_EXISTS)
			break;
	}
	return code ? stree_error(t, err, code, "create", io->w->tmp) : 0;
}

int stree_create(struct tree *tt, const char *rel, struct tree_io **out, struct ss_error *err)
{
	struct stree *t = (struct stree *)tt;
	struct sio *io = ss_xcalloc(1, sizeof(*io));
	int rc;

	io->t = t;
	io->w = ss_xcalloc(1, sizeof(*io->w));
	io->w->dst = stree_full(t, rel);
	ss_ssh_lock(t->ssh);
	rc = stree_need_pipe(t, err);
	if (rc == 0 && (rc = open_temp(t, io, rel, err)) < 0) {
		free(io->w->tmp);
		io->w->tmp = NULL;
	}
	/* the files committed before: rename those whose replies came back good */
	if (rc == 0 && settle(t, err) < 0) {
		stree_abort_locked(io);
		rc = -1;
	}
	ss_ssh_unlock(t->ssh);
	if (rc < 0) {
		if (io->w)
			free_pending(io->w);
		free(io);
		return -1;
	}
	*out = (struct tree_io *)io;
	return 0;
}

int stree_write(struct tree_io *w, const void *buf, size_t n, struct ss_error *err)
{
	struct sio *io = (struct sio *)w;
	int rc = 0;

	ss_ssh_lock(io->t->ssh);
	if (sftp_pipe_write(&io->t->pipe, &io->h, io->off, buf, n, &io->w->wrote) < 0)
		rc = stree_error(io->t, err, -1, "write", io->w->tmp);
	else
		io->off += n;
	ss_ssh_unlock(io->t->ssh);
	return rc;
}

/*
 * Mode and mtime and CLOSE are queued; the file joins the pending ones.
 * Its rename is queued only once every reply for it came back good (by a
 * later create, or the flush), so a failed write never gets the final name.
 */
int stree_commit(struct tree_io *w, const struct tree_entry *like, struct ss_error *err)
{
	struct sio *io = (struct sio *)w;
	struct stree *t = io->t;
	struct stree_pending **tail;
	int rc = 0;

	ss_ssh_lock(t->ssh);
	if (sftp_pipe_fsetstat(&t->pipe, &io->h, like->mode, (uint32_t)like->mtime.tv_sec,
			       &io->w->wrote) < 0 ||
	    sftp_pipe_close_handle(&t->pipe, &io->h, &io->w->wrote) < 0) {
		rc = stree_error(t, err, -1, "write", io->w->tmp);
		stree_abort_locked(io);
	} else {
		for (tail = &t->pending; *tail; tail = &(*tail)->next)
			;
		*tail = io->w;
		io->w = NULL;
	}
	ss_ssh_unlock(t->ssh);
	free(io->w);
	free(io);
	return rc;
}

void stree_abort_locked(struct sio *io)
{
	struct stree *t = io->t;

	if (!io->w)
		return;
	if (io->w->tmp && t->pipe.failed >= 0) {
		sftp_pipe_close_handle(&t->pipe, &io->h, NULL);
		sftp_pipe_remove(&t->pipe, io->w->tmp, NULL);
	}
	/* its tag must not be written to once freed */
	sftp_pipe_sync(&t->pipe);
	free_pending(io->w);
	io->w = NULL;
}

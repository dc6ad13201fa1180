/* native.c - the native engine: list two trees, carry out the plan (native_plan.c), go on after a file's failure. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/rsync/native.h"

/* Files hinted ahead of their copy (tree_ops.prefetch). */
#define PREFETCH 8

static void item(struct nat *n, const struct action *a)
{
	const char *rel = a->s ? a->s->rel : a->d->rel;

	if (!*a->item || !*rel || !n->o->itemise)
		return;
	progress_clear(&n->prog);
	output_item(n->o->out, a->item, rel);
}

/* A failure that concerns one entry: one line naming it and why, and the count. */
static void entry_failed(struct nat *n, const struct ss_error *why, int count)
{
	char msg[SS_ERROR_MAX];

	snprintf(msg, sizeof(msg), "%s", why->msg);
	tree_one_line(msg);
	progress_clear(&n->prog);
	ss_warn(n->ctx, "%s", msg);
	n->failed += count;
}

/* The target found a file's failure later (tree.on_failed): it was counted as sent. */
static void file_failed_later(void *arg, const struct ss_error *why)
{
	struct nat *n = arg;

	n->st->files--;
	entry_failed(n, why, 1);
}

static int interrupted(struct ss_error *err)
{
	return ss_error_set(err, SS_FAILED, "interrupted");
}

static int copy_file(struct nat *n, const struct tree_entry *s, struct ss_error *err)
{
	struct tree_io *r, *w;
	ssize_t k;
	int rc = n->src->ops->open_read(n->src, s->rel, s->size, &r, err);

	if (rc == TREE_VANISHED) {
		/* like rsync: a file deleted since the listing is skipped, not fatal */
		progress_clear(&n->prog);
		tree_one_line(err->msg);
		ss_warn(n->ctx, "file has vanished: %s", err->msg);
		return 0;
	}
	if (rc < 0)
		return -1;
	if (n->dst->ops->create(n->dst, s->rel, &w, err) < 0) {
		n->src->ops->close(r);
		return -1;
	}
	while ((k = n->src->ops->read(r, n->buf, TREE_CHUNK, err)) > 0) {
		if (ss_interrupted() || n->dst->ops->write(w, n->buf, (size_t)k, err) < 0) {
			if (ss_interrupted())
				interrupted(err);
			k = -1;
			break;
		}
		n->st->bytes += k;
		progress_add(&n->prog, k, 0);
	}
	n->src->ops->close(r);
	if (k < 0) {
		/* the temporary file goes with the writer */
		n->dst->ops->close(w);
		return -1;
	}
	if (n->dst->ops->commit(w, s, err) < 0)
		return -1;
	n->st->files++;
	progress_add(&n->prog, 0, 1);
	return 0;
}

static int act(struct nat *n, const struct action *a, struct ss_error *err)
{
	struct tree *t = n->dst;

	item(n, a);
	switch (a->kind) {
	case ACT_DELETE:
		return t->ops->remove(t, a->d->rel, a->d->type == 'd', err);
	case ACT_MKDIR:
		return *a->s->rel ? t->ops->mkdir(t, a->s->rel, err) : t->ops->mkdirs(t, err);
	case ACT_FILE:
		return copy_file(n, a->s, err);
	case ACT_LINK:
		n->st->links++;
		progress_add(&n->prog, 0, 1);
		return t->ops->symlink(t, a->s->rel, a->s->link, err);
	case ACT_CHMOD:
		return t->ops->set_attrs(t, a->s->rel, a->s, 0, err);
	case ACT_DIRATTR:
		return t->ops->set_attrs(t, a->s->rel, a->s, 1, err);
	}
	return 0;
}

/*
 * Carry out one action.  A failure that concerns this entry is said and
 * counted, and the run goes on; -1 only when it must stop: interrupted,
 * or a connection lost.  Like rsync, --delete deletes nothing once a
 * file failed, and an entry whose old one could not be removed is not sent.
 */
static int step(struct nat *n, const struct action *a, struct ss_error *err)
{
	struct ss_error why;
	int replace_failed = n->replace_failed;

	if (ss_interrupted())
		return interrupted(err);
	/* files still in flight may yet fail: know before deleting anything */
	if (a->kind == ACT_DELETE && a->extra && !n->extras_seen++ && n->dst->ops->flush &&
	    n->dst->ops->flush(n->dst, err) < 0)
		return -1;
	if (a->kind == ACT_DELETE && a->extra && n->failed) {
		if (!n->extras_skipped++)
			ss_warn(n->ctx, "--delete deletes nothing: %lld file%s could not be "
				"transferred", n->failed, n->failed == 1 ? "" : "s");
		return 0;
	}
	if (a->kind != ACT_DELETE)
		n->replace_failed = 0;
	if (a->replaces && replace_failed) {
		n->failed++;
		return 0;
	}
	if (act(n, a, &why) == 0)
		return 0;
	if (ss_interrupted() || tree_lost(n->src) || tree_lost(n->dst)) {
		*err = why;
		return -1;
	}
	if (a->kind == ACT_DELETE && !a->extra) {
		/* counted with the entry that was to replace it */
		entry_failed(n, &why, 0);
		n->replace_failed = 1;
		return 0;
	}
	entry_failed(n, &why, 1);
	return 0;
}

/* Hint the source about the files the next actions will read (several files in flight). */
static void prefetch(struct nat *n, size_t i)
{
	size_t files = 0;

	if (!n->src->ops->prefetch)
		return;
	if (n->ahead < i)
		n->ahead = i;
	for (size_t k = i; k < n->ahead; k++)
		files += n->acts[k].kind == ACT_FILE;
	for (; n->ahead < n->nacts && files < PREFETCH; n->ahead++)
		if (n->acts[n->ahead].kind == ACT_FILE) {
			n->src->ops->prefetch(n->src, n->acts[n->ahead].s->rel,
					      n->acts[n->ahead].s->size);
			files++;
		}
}

/* -s: list what would change, change nothing. */
static void simulate(struct nat *n)
{
	for (size_t i = 0; i < n->nacts; i++) {
		item(n, &n->acts[i]);
		if (n->acts[i].kind == ACT_FILE) {
			n->st->files++;
			n->st->bytes += n->acts[i].s->size;
		} else if (n->acts[i].kind == ACT_LINK) {
			n->st->links++;
		}
	}
}

static int execute(struct nat *n, struct ss_error *err)
{
	long long files = 0, bytes = 0;
	struct ss_error ignored;
	int rc = 0;

	for (size_t i = 0; i < n->nacts; i++)
		if (n->acts[i].kind == ACT_FILE || n->acts[i].kind == ACT_LINK) {
			files++;
			bytes += n->acts[i].kind == ACT_FILE ? n->acts[i].s->size : 0;
		}
	progress_start(&n->prog, stderr, files, bytes);
	n->buf = ss_xmalloc(TREE_CHUNK);
	n->dst->on_failed = file_failed_later;
	n->dst->on_failed_arg = n;
	/* a signal stops the copy between chunks; the temporary file goes */
	ss_interrupt_defer();
	for (size_t i = 0; rc == 0 && i < n->nacts; i++) {
		prefetch(n, i);
		rc = step(n, &n->acts[i], err);
	}
	progress_clear(&n->prog);
	/* the files written in full are renamed into place, also when interrupted */
	if (n->dst->ops->flush && !tree_lost(n->dst) &&
	    n->dst->ops->flush(n->dst, rc < 0 ? &ignored : err) < 0)
		rc = -1;
	ss_interrupt_undefer();
	if (rc == 0 && n->failed)
		rc = ss_error_set(err, SS_FAILED, "%lld file%s could not be transferred", n->failed,
				  n->failed == 1 ? "" : "s");
	return rc;
}

/* Remove the target's stale temporary files (a run killed before it could). */
static int remove_stale(struct nat *n, struct ss_error *err)
{
	struct ss_error why;

	for (size_t i = 0; i < n->temps.n; i++) {
		const char *rel = n->temps.v[i].rel;

		if (n->dst->ops->remove(n->dst, rel, 0, &why) == 0) {
			ss_debug(n->ctx, "rsync: removed the stale temporary file '%s'", rel);
			n->st->stale++;
		} else if (tree_lost(n->dst)) {
			*err = why;
			return -1;
		} else {
			entry_failed(n, &why, 0);
		}
	}
	return 0;
}

static int run(struct nat *n, struct ss_error *err)
{
	if (n->src->ops->list(n->src, n->o, &n->sl, NULL, err) < 0)
		return -1;
	if (!n->sl.n || n->sl.v[0].type != 'd')
		return ss_error_set(err, SS_FAILED, "source '%s' is not a directory", n->src->name);
	if (n->dst->ops->list(n->dst, n->o, &n->dl, &n->temps, err) < 0)
		return -1;
	if (n->dl.n && n->dl.v[0].type != 'd')
		return ss_error_set(err, SS_FAILED, "target '%s' is not a directory", n->dst->name);
	n->whole_seconds = n->src->whole_seconds || n->dst->whole_seconds;
	for (size_t i = 0; i < n->sl.n; i++)
		n->st->total += n->sl.v[i].type == 'f';
	native_plan(n);
	if (n->o->simulate) {
		simulate(n);
		return 0;
	}
	if (remove_stale(n, err) < 0)
		return -1;
	return execute(n, err);
}

int tree_open(struct ss_ctx *ctx, const struct endpoint *e, struct tree **out,
	      struct ss_error *err)
{
	if (e->remote)
		return tree_sftp_open(ctx, e, out, err);
	return tree_local_open(e, out, err);
}

int native_run(struct ss_ctx *ctx, const struct endpoint *src, const struct endpoint *dst,
	       const struct copy_opts *o, struct copy_stats *st, struct ss_error *err)
{
	struct nat n = { .ctx = ctx, .o = o, .st = st };
	int rc;

	if (o->nextra)
		return ss_error_set(err, SS_USAGE, "the native engine takes no rsync options "
				    "after '--'");
	if (tree_open(ctx, src, &n.src, err) < 0)
		return -1;
	if (tree_open(ctx, dst, &n.dst, err) < 0) {
		tree_free(n.src);
		return -1;
	}
	rc = run(&n, err);
	if (rc < 0)
		tree_one_line(err->msg);
	progress_clear(&n.prog);
	fflush(stdout);
	free(n.buf);
	free(n.acts);
	free(n.dirty);
	tree_list_release(&n.sl);
	tree_list_release(&n.dl);
	tree_list_release(&n.temps);
	tree_free(n.src);
	tree_free(n.dst);
	return rc;
}

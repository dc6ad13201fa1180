/* native.c - the native engine: compare two tree listings, plan the changes, carry them out on any two trees. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/rsync/progress.h"
#include "plugins/rsync/tree.h"

enum act_kind { ACT_DELETE, ACT_MKDIR, ACT_FILE, ACT_LINK, ACT_CHMOD, ACT_DIRATTR };

struct action {
	enum act_kind kind;
	const struct tree_entry *s, *d;  /* source entry; target entry (deletions: the one to go) */
	char item[12];
};

struct nat {
	struct ss_ctx *ctx;
	const struct copy_opts *o;
	struct tree *src, *dst;
	struct tree_list sl, dl;
	struct action *acts;
	size_t nacts, cap;
	unsigned char *dirty;          /* per source entry: a directory whose contents changed */
	int whole_seconds;
	struct native_stats *st;
	struct progress prog;
	char *buf;
	size_t ahead;                  /* actions up to here were hinted to the source */
};

/* Files hinted ahead of their copy (tree_ops.prefetch). */
#define PREFETCH 8

static struct action *add(struct nat *n, enum act_kind kind, const struct tree_entry *s,
			  const struct tree_entry *d)
{
	struct action *a;

	if (n->nacts == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 256;
		n->acts = ss_xrealloc(n->acts, n->cap * sizeof(*n->acts));
	}
	a = &n->acts[n->nacts++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->s = s;
	a->d = d;
	return a;
}

/* Index of rel in the source list, or -1. */
static long find_src(const struct nat *n, const char *rel)
{
	size_t lo = 0, hi = n->sl.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = tree_cmp(n->sl.v[mid].rel, rel);

		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The directory holding rel changes: its mtime must be set again. */
static void touch_parent(struct nat *n, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char *parent = slash ? ss_xstrndup(rel, (size_t)(slash - rel)) : ss_xstrdup("");
	long i = find_src(n, parent);

	if (i >= 0)
		n->dirty[i] = 1;
	free(parent);
}

/* End of the subtree of list entry i (its contents follow it). */
static size_t subtree_end(const struct tree_list *l, size_t i)
{
	size_t len = strlen(l->v[i].rel), k = i + 1;

	if (l->v[i].type != 'd')
		return k;
	while (k < l->n && (!len || (!strncmp(l->v[k].rel, l->v[i].rel, len) &&
				    l->v[k].rel[len] == '/')))
		k++;
	return k;
}

/* Delete target entries [i, end), contents before their directory. */
static void plan_delete(struct nat *n, size_t i, size_t end)
{
	touch_parent(n, n->dl.v[i].rel);
	for (size_t k = end; k-- > i;)
		memcpy(add(n, ACT_DELETE, NULL, &n->dl.v[k])->item, "*deleting", 10);
}

/* A source entry the target lacks (d NULL) or has with other content. */
static void plan_send(struct nat *n, size_t i, const struct tree_entry *d)
{
	const struct tree_entry *s = &n->sl.v[i];
	enum act_kind k = s->type == 'd' ? ACT_MKDIR : s->type == 'l' ? ACT_LINK : ACT_FILE;
	struct action *a;

	if (s->type == '?')
		return;
	a = add(n, k, s, d);
	tree_itemise(s, d, n->whole_seconds, a->item);
	if (k == ACT_MKDIR)
		n->dirty[i] = 1;
	if (*s->rel)
		touch_parent(n, s->rel);
}

/* Both have rel with the same type. */
static void plan_same(struct nat *n, size_t i, const struct tree_entry *d)
{
	const struct tree_entry *s = &n->sl.v[i];

	if (s->type == 'f' && tree_file_differs(s, d, n->whole_seconds))
		plan_send(n, i, d);
	else if (s->type == 'f' && s->mode != d->mode)
		add(n, ACT_CHMOD, s, d);
	else if (s->type == 'l' && strcmp(s->link, d->link))
		plan_send(n, i, d);
	else if (s->type == 'd' && (s->mode != d->mode || s->mtime.tv_sec != d->mtime.tv_sec ||
				    (!n->whole_seconds && s->mtime.tv_nsec != d->mtime.tv_nsec)))
		n->dirty[i] = 1;
}

/* Walk both listings in tree order and list the changes. */
static void plan(struct nat *n)
{
	size_t i = 0, j = 0;

	n->dirty = ss_xcalloc(n->sl.n + 1, 1);
	while (i < n->sl.n || j < n->dl.n) {
		int c = i < n->sl.n && j < n->dl.n ? tree_cmp(n->sl.v[i].rel, n->dl.v[j].rel) :
			i < n->sl.n ? -1 : 1;

		if (c > 0) {
			size_t end = subtree_end(&n->dl, j);

			if (n->o->delete_)
				plan_delete(n, j, end);
			j = end;
		} else if (c < 0) {
			plan_send(n, i++, NULL);
		} else if (n->sl.v[i].type != n->dl.v[j].type) {
			size_t end = subtree_end(&n->dl, j);

			plan_delete(n, j, end);
			j = end;
			plan_send(n, i++, NULL);
		} else {
			plan_same(n, i++, &n->dl.v[j++]);
		}
	}
	/* directories last, deepest first: their contents change their mtimes */
	for (size_t k = n->sl.n; k-- > 0;)
		if (n->sl.v[k].type == 'd' && n->dirty[k])
			add(n, ACT_DIRATTR, &n->sl.v[k], NULL);
}

static void item(struct nat *n, const struct action *a)
{
	const char *rel = a->s ? a->s->rel : a->d->rel;

	if (!*a->item || !*rel || !(n->o->verbose || n->o->simulate))
		return;
	progress_clear(&n->prog);
	printf("%s %s\n", a->item, rel);
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
		if (n->dst->ops->write(w, n->buf, (size_t)k, err) < 0) {
			k = -1;
			break;
		}
		n->st->bytes += k;
		progress_add(&n->prog, k, 0);
	}
	n->src->ops->close(r);
	if (k < 0) {
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

static int execute(struct nat *n, struct ss_error *err)
{
	long long files = 0, bytes = 0;

	for (size_t i = 0; i < n->nacts; i++)
		if (n->acts[i].kind == ACT_FILE || n->acts[i].kind == ACT_LINK) {
			files++;
			bytes += n->acts[i].kind == ACT_FILE ? n->acts[i].s->size : 0;
		}
	if (n->o->simulate) {
		for (size_t i = 0; i < n->nacts; i++) {
			item(n, &n->acts[i]);
			if (n->acts[i].kind == ACT_FILE) {
				n->st->files++;
				n->st->bytes += n->acts[i].s->size;
			} else if (n->acts[i].kind == ACT_LINK) {
				n->st->links++;
			}
		}
		return 0;
	}
	progress_start(&n->prog, stderr, files, bytes);
	n->buf = ss_xmalloc(TREE_CHUNK);
	for (size_t i = 0; i < n->nacts; i++) {
		prefetch(n, i);
		if (act(n, &n->acts[i], err) < 0) {
			progress_clear(&n->prog);
			return -1;
		}
	}
	progress_clear(&n->prog);
	return n->dst->ops->flush ? n->dst->ops->flush(n->dst, err) : 0;
}

static int run(struct nat *n, struct ss_error *err)
{
	if (n->src->ops->list(n->src, n->o, &n->sl, err) < 0)
		return -1;
	if (!n->sl.n || n->sl.v[0].type != 'd')
		return ss_error_set(err, SS_FAILED, "source '%s' is not a directory", n->src->name);
	if (n->dst->ops->list(n->dst, n->o, &n->dl, err) < 0)
		return -1;
	if (n->dl.n && n->dl.v[0].type != 'd')
		return ss_error_set(err, SS_FAILED, "target '%s' is not a directory", n->dst->name);
	n->whole_seconds = n->src->whole_seconds || n->dst->whole_seconds;
	plan(n);
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
	       const struct copy_opts *o, struct native_stats *st, struct ss_error *err)
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
	if (o->verbose) {
		progress_clear(&n.prog);
		printf("Number of regular files transferred: %lld\n", st->files);
		printf("Total transferred file size: %lld bytes\n", st->bytes);
	}
	fflush(stdout);
	free(n.buf);
	free(n.acts);
	free(n.dirty);
	tree_list_release(&n.sl);
	tree_list_release(&n.dl);
	tree_free(n.src);
	tree_free(n.dst);
	return rc;
}

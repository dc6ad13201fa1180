/* native_plan.c - the native engine's plan: compare the source and target listings, list the changes in the order they are made. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/rsync/native.h"

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
static void plan_delete(struct nat *n, size_t i, size_t end, int extra)
{
	touch_parent(n, n->dl.v[i].rel);
	for (size_t k = end; k-- > i;) {
		struct action *a = add(n, ACT_DELETE, NULL, &n->dl.v[k]);

		a->extra = extra;
		memcpy(a->item, "*deleting", 10);
	}
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

void native_plan(struct nat *n)
{
	size_t i = 0, j = 0, nextras = 0;
	size_t *extras = ss_xmalloc((n->dl.n + 1) * sizeof(*extras));

	n->dirty = ss_xcalloc(n->sl.n + 1, 1);
	while (i < n->sl.n || j < n->dl.n) {
		int c = i < n->sl.n && j < n->dl.n ? tree_cmp(n->sl.v[i].rel, n->dl.v[j].rel) :
			i < n->sl.n ? -1 : 1;

		if (c > 0) {
			size_t end = subtree_end(&n->dl, j);

			if (n->o->delete_)
				extras[nextras++] = j;
			j = end;
		} else if (c < 0) {
			plan_send(n, i++, NULL);
		} else if (n->sl.v[i].type != n->dl.v[j].type) {
			size_t end = subtree_end(&n->dl, j), send = n->nacts + (end - j);

			plan_delete(n, j, end, 0);
			j = end;
			plan_send(n, i++, NULL);
			if (send < n->nacts)
				n->acts[send].replaces = 1;
		} else {
			plan_same(n, i++, &n->dl.v[j++]);
		}
	}
	/* --delete's deletions once everything was sent: skipped after a failure */
	for (size_t k = 0; k < nextras; k++)
		plan_delete(n, extras[k], subtree_end(&n->dl, extras[k]), 1);
	free(extras);
	/* directories last, deepest first: their contents change their mtimes */
	for (size_t k = n->sl.n; k-- > 0;)
		if (n->sl.v[k].type == 'd' && n->dirty[k])
			add(n, ACT_DIRATTR, &n->sl.v[k], NULL);
}

/* tree.c - the pure parts of the native engine's trees: order, lists, filters, temp names, the quick check. */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/rsync/tree.h"

void tree_free(struct tree *t)
{
	if (t)
		t->ops->free(t);
}

int tree_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	for (; *x && *x == *y; x++, y++)
		;
	if (*x == *y)
		return 0;
	if (*x == '/' && *y)
		return -1;
	if (*y == '/' && *x)
		return 1;
	return *x < *y ? -1 : 1;
}

struct tree_entry *tree_list_add(struct tree_list *l, const char *rel, char type)
{
	struct tree_entry *e;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = ss_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	e = &l->v[l->n++];
	memset(e, 0, sizeof(*e));
	e->rel = ss_xstrdup(rel);
	e->type = type;
	return e;
}

static int cmp_entries(const void *a, const void *b)
{
	return tree_cmp(((const struct tree_entry *)a)->rel, ((const struct tree_entry *)b)->rel);
}

void tree_list_sort(struct tree_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_entries);
}

void tree_list_release(struct tree_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].rel);
		free(l->v[i].link);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

char *tree_child(const char *rel, const char *name)
{
	return *rel ? ss_xasprintf("%s/%s", rel, name) : ss_xstrdup(name);
}

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

int tree_excluded(const struct copy_opts *o, const char *name)
{
	if (list_match(o->includes, name))
		return 0;
	return list_match(o->excludes, name);
}

char *tree_temp_name(const char *rel, unsigned long long rnd)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const char *slash = strrchr(rel, '/');
	const char *base = slash ? slash + 1 : rel;
	size_t keep = strlen(base), extra = strlen("..sitesync-XXXXXX");
	char suffix[7];

	if (keep + extra > 255)
		keep = 255 - extra;
	for (int i = 0; i < 6; i++) {
		suffix[i] = set[rnd % (sizeof(set) - 1)];
		rnd /= sizeof(set) - 1;
	}
	suffix[6] = 0;
	return ss_xasprintf("%.*s.%.*s.sitesync-%s", slash ? (int)(slash - rel + 1) : 0, rel,
			    (int)keep, base, suffix);
}

int tree_is_temp(const char *name)
{
	static const char tag[] = ".sitesync-";
	size_t len = strlen(name), taglen = sizeof(tag) - 1;
	const char *suffix;

	if (name[0] != '.' || len < 1 + 1 + taglen + 6)
		return 0;
	suffix = name + len - 6;
	if (memcmp(suffix - taglen, tag, taglen))
		return 0;
	for (int i = 0; i < 6; i++)
		if (!((suffix[i] >= 'a' && suffix[i] <= 'z') || (suffix[i] >= 'A' && suffix[i] <= 'Z') ||
		      (suffix[i] >= '0' && suffix[i] <= '9')))
			return 0;
	return 1;
}

int tree_lost(struct tree *t)
{
	return t->ops->lost ? t->ops->lost(t) : 0;
}

static int same_time(const struct timespec *a, const struct timespec *b, int whole_seconds)
{
	return a->tv_sec == b->tv_sec && (whole_seconds || a->tv_nsec == b->tv_nsec);
}

int tree_file_differs(const struct tree_entry *src, const struct tree_entry *dst,
		      int whole_seconds)
{
	if (!dst || dst->type != src->type)
		return 1;
	return src->size != dst->size || !same_time(&src->mtime, &dst->mtime, whole_seconds);
}

void tree_itemise(const struct tree_entry *src, const struct tree_entry *dst,
		  int whole_seconds, char out[12])
{
	const char *kind = src->type == 'd' ? "cd" : src->type == 'l' ? "cL" : ">f";

	memcpy(out, kind, 2);
	if (!dst || dst->type != src->type) {
		memcpy(out + 2, "+++++++++", 10);
		return;
	}
	memcpy(out + 2, ".........", 10);
	if (src->type == 'l') {
		memcpy(out + 3, "st", 2);
		return;
	}
	if (src->size != dst->size && src->type == 'f')
		out[3] = 's';
	if (!same_time(&src->mtime, &dst->mtime, whole_seconds))
		out[4] = 't';
	if (src->mode != dst->mode)
		out[5] = 'p';
}

void tree_one_line(char *msg)
{
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
}

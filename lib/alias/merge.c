/* merge.c - drush's 'common' entry under an environment's: a deep merge of two YAML trees. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"

static void merge_into(struct ss_node *dst, const struct ss_node *src);

/* *slot takes v: two collections of one kind merge, anything else is replaced. */
static void take(struct ss_node **slot, const struct ss_node *v)
{
	if (v->kind != SS_NODE_SCALAR && v->kind == (*slot)->kind) {
		merge_into(*slot, v);
		return;
	}
	ss_node_free(*slot);
	*slot = ss_node_clone(v);
}

/* dst's key takes a copy of v (the mark of the entry's key wins too). */
static void set_key(struct ss_node *dst, const char *key, const struct ss_node_mark *mark,
		    const struct ss_node *v)
{
	struct ss_node_mark m = mark ? *mark : (struct ss_node_mark){ v->line, v->column };
	size_t i;

	for (i = 0; i < dst->n; i++)
		if (!strcmp(dst->keys[i], key))
			break;
	if (i == dst->n) {
		dst->items = ss_xrealloc(dst->items, (dst->n + 1) * sizeof(*dst->items));
		dst->keys = ss_xrealloc(dst->keys, (dst->n + 1) * sizeof(*dst->keys));
		dst->key_marks = ss_xrealloc(dst->key_marks,
					     (dst->n + 1) * sizeof(*dst->key_marks));
		dst->items[i] = ss_node_clone(v);
		dst->keys[i] = ss_xstrdup(key);
		dst->n++;
	} else {
		take(&dst->items[i], v);
	}
	if (dst->key_marks)
		dst->key_marks[i] = m;
}

/* A list merges by position, as PHP's arrays do: item i of src replaces (or merges) item i. */
static void merge_list(struct ss_node *dst, const struct ss_node *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (i < dst->n) {
			take(&dst->items[i], src->items[i]);
			continue;
		}
		dst->items = ss_xrealloc(dst->items, (dst->n + 1) * sizeof(*dst->items));
		dst->items[dst->n++] = ss_node_clone(src->items[i]);
	}
}

static void merge_into(struct ss_node *dst, const struct ss_node *src)
{
	if (src->kind == SS_NODE_SEQ) {
		merge_list(dst, src);
		return;
	}
	for (size_t i = 0; i < src->n; i++)
		set_key(dst, src->keys[i], src->key_marks ? &src->key_marks[i] : NULL, src->items[i]);
}

struct ss_node *ss_node_merged(const struct ss_node *under, const struct ss_node *over)
{
	struct ss_node *m;

	if (!under)
		return ss_node_clone(over);
	m = ss_node_clone(under);
	merge_into(m, over);
	m->line = over->line;
	m->column = over->column;
	return m;
}

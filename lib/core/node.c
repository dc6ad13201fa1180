/* node.c - lookups in the YAML value tree. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>
#include <sitesync/node.h>

const struct ss_node *ss_node_get(const struct ss_node *map, const char *key)
{
	if (!map || map->kind != SS_NODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key))
			return map->items[i];
	return NULL;
}

const struct ss_node *ss_node_path(const struct ss_node *n, const char *path)
{
	const char *p = path, *dot;
	char key[256];

	while (n && *p) {
		size_t len;

		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		if (len >= sizeof(key))
			return NULL;
		memcpy(key, p, len);
		key[len] = '\0';
		n = ss_node_get(n, key);
		p += len + (dot ? 1 : 0);
	}
	return n;
}

const char *ss_node_str(const struct ss_node *n, const char *path)
{
	n = ss_node_path(n, path);
	return n && n->kind == SS_NODE_SCALAR ? n->scalar : NULL;
}

const struct ss_node_mark *ss_node_key_mark(const struct ss_node *map, const char *key)
{
	if (!map || map->kind != SS_NODE_MAP || !map->key_marks)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key))
			return &map->key_marks[i];
	return NULL;
}

struct ss_node *ss_node_clone(const struct ss_node *n)
{
	struct ss_node *c;

	if (!n)
		return NULL;
	c = ss_xcalloc(1, sizeof(*c));
	c->kind = n->kind;
	c->line = n->line;
	c->column = n->column;
	c->scalar = ss_xstrdup(n->scalar);
	c->type = n->type;
	c->n = n->n;
	if (n->n) {
		c->items = ss_xcalloc(n->n, sizeof(*c->items));
		for (size_t i = 0; i < n->n; i++)
			c->items[i] = ss_node_clone(n->items[i]);
		if (n->keys) {
			c->keys = ss_xcalloc(n->n, sizeof(*c->keys));
			for (size_t i = 0; i < n->n; i++)
				c->keys[i] = ss_xstrdup(n->keys[i]);
		}
		if (n->key_marks) {
			c->key_marks = ss_xcalloc(n->n, sizeof(*c->key_marks));
			memcpy(c->key_marks, n->key_marks, n->n * sizeof(*c->key_marks));
		}
	}
	return c;
}

void ss_node_free(struct ss_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		ss_node_free(n->items[i]);
		if (n->keys)
			free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->key_marks);
	free(n->scalar);
	free(n);
}

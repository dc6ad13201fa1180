/*
 * sitesync/node.h - a small tree of YAML values (scalars, sequences,
 * mappings) with positions, as read from alias and config files.
 */
#ifndef SITESYNC_NODE_H
#define SITESYNC_NODE_H

#include <stddef.h>

enum ss_node_kind { SS_NODE_SCALAR, SS_NODE_SEQ, SS_NODE_MAP };

/* Where a mapping key was written (1-based). */
struct ss_node_mark {
	int line, column;
};

/*
 * A node owns its children, keys and key marks.  Plain `~`, `null` and empty
 * scalars are read as "" (absent).
 */
struct ss_node {
	enum ss_node_kind kind;
	int line, column;         /* 1-based */
	char *scalar;             /* SS_NODE_SCALAR */
	struct ss_node **items;   /* SEQ: values; MAP: values, keys in keys[] */
	char **keys;              /* MAP only */
	struct ss_node_mark *key_marks; /* MAP only: position of keys[i]; may be NULL */
	size_t n;
};

/* Child of a mapping by key, or NULL. */
const struct ss_node *ss_node_get(const struct ss_node *map, const char *key);
/* Follow a dotted path "command.sql.sync.options"; NULL if absent. */
const struct ss_node *ss_node_path(const struct ss_node *n, const char *path);
/* Scalar at a dotted path, or NULL when absent or not a scalar. */
const char *ss_node_str(const struct ss_node *n, const char *path);
/* Position of a mapping's key, or NULL when absent or unknown. */
const struct ss_node_mark *ss_node_key_mark(const struct ss_node *map, const char *key);
struct ss_node *ss_node_clone(const struct ss_node *n);
void ss_node_free(struct ss_node *n);

#endif

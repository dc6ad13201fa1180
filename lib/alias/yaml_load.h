/*
 * yaml_load.h - read one YAML document into an ss_node tree (internal).
 *
 * Positions are 1-based.  Nesting is bounded (SS_YAML_MAX_DEPTH) and YAML
 * aliases (*name) are expanded by cloning within a budget: the nodes they add
 * may not exceed SS_YAML_ALIAS_FACTOR times the nodes written in the document
 * nor SS_YAML_MAX_ALIAS_NODES in total (no "billion laughs").  Merge keys
 * (`<<: *base`) are applied; explicit keys win.  A duplicate key is an error.
 */
#ifndef SS_YAML_LOAD_H
#define SS_YAML_LOAD_H

#include <stddef.h>
#include <sitesync/error.h>
#include <sitesync/node.h>

#define SS_YAML_MAX_DEPTH 64
#define SS_YAML_MAX_ALIAS_NODES 10000
#define SS_YAML_ALIAS_FACTOR 10
#define SS_YAML_MAX_FILE (1024 * 1024)

/*
 * Parse text (len bytes; name is used in messages as "name:line:col: ...").
 * *out is the root node, or NULL for an empty document; the caller frees it
 * with ss_node_free().  More than one document is an error.
 */
int ss_yaml_load(const char *name, const char *text, size_t len, struct ss_node **out,
		 struct ss_error *err);

/* Read and parse a whole file (at most SS_YAML_MAX_FILE bytes). */
int ss_yaml_load_file(const char *path, struct ss_node **out, struct ss_error *err);

/* Number of nodes in a tree (keys not counted). */
size_t ss_node_count(const struct ss_node *n);

#endif

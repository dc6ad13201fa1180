/*
 * sitesync/node.h - a small tree of YAML values (scalars, sequences,
 * mappings) with positions, as read from alias and config files.
 */
#ifndef SITESYNC_NODE_H
#define SITESYNC_NODE_H

#include <stddef.h>

enum ss_node_kind { SS_NODE_SCALAR, SS_NODE_SEQ, SS_NODE_MAP };

/*
 * What a scalar means, as drush's YAML reader (Symfony Yaml) takes a plain
 * (unquoted) one: `~`, empty and null (any case) are null; true and false
 * (any case) booleans; decimal digits with an optional '-' (no leading
 * zero, '_' allowed), 0x hex and 0o octal integers; other numbers (1.5,
 * 1e3, +5, .inf, .nan) floats.  Everything else, and every quoted scalar,
 * is a string: yes, no, on and off stay strings.
 */
enum ss_scalar_type {
	SS_SCALAR_STR = 0,
	SS_SCALAR_NULL,
	SS_SCALAR_BOOL,
	SS_SCALAR_INT,
	SS_SCALAR_FLOAT,
};

/* Where a mapping key was written (1-based). */
struct ss_node_mark {
	int line, column;
};

/*
 * A node owns its children, keys and key marks.  A scalar keeps its text as
 * written, and its type; a null scalar's text is "" (absent).
 */
struct ss_node {
	enum ss_node_kind kind;
	int line, column;         /* 1-based */
	char *scalar;             /* SS_NODE_SCALAR */
	struct ss_node **items;   /* SEQ: values; MAP: values, keys in keys[] */
	char **keys;              /* MAP only */
	struct ss_node_mark *key_marks; /* MAP only: position of keys[i]; may be NULL */
	size_t n;
	enum ss_scalar_type type;  /* SS_NODE_SCALAR: what the text means */
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
/* The type drush gives the plain (unquoted) scalar text. */
enum ss_scalar_type ss_scalar_type_of(const char *text);
/*
 * A typed scalar as JSON and YAML write it ("true", "null", "1000", "0.5",
 * "1000.0"), in buf; NULL for a string (print its text quoted as needed).
 * A float that is not finite is "null" ("-.inf" etc. have no JSON form).
 */
const char *ss_node_literal(const struct ss_node *n, char *buf, size_t size);
/* The integer an SS_SCALAR_INT scalar means in *out (0), or -1 when it is not one. */
int ss_node_int(const struct ss_node *n, long long *out);
void ss_node_free(struct ss_node *n);

#endif

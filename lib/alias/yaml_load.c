/* yaml_load.c - libyaml events into an ss_node tree, with positions and bounds. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include <sitesync/buf.h>

#include "lib/alias/yaml_load.h"

struct anchor {
	char *name;
	struct ss_node *node; /* a private copy, so merges may consume the tree */
	size_t size;
};

/* A collection being built, and for a mapping the key waiting for its value. */
struct frame {
	struct ss_node *node;
	char *anchor;
	char *key;
	struct ss_node_mark key_mark;
};

struct loader {
	const char *name;
	const char *text;
	size_t len;
	struct ss_error *err;
	struct frame stack[SS_YAML_MAX_DEPTH];
	int depth;
	struct anchor *anchors;
	size_t nanchors;
	size_t doc_nodes;   /* nodes written in the document */
	size_t alias_nodes; /* nodes added by expanding aliases */
	int documents;
	struct ss_node *root;
};

static int fail_at(struct loader *ld, yaml_mark_t mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(struct loader *ld, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ss_error_atv(ld->err, ld->name, (long)mark.line + 1, (long)mark.column + 1, fmt, ap);
	va_end(ap);
	return -1;
}

size_t ss_node_count(const struct ss_node *n)
{
	size_t c = 1;

	if (!n)
		return 0;
	for (size_t i = 0; i < n->n; i++)
		c += ss_node_count(n->items[i]);
	return c;
}

static struct ss_node *new_node(enum ss_node_kind kind, yaml_mark_t mark)
{
	struct ss_node *n = ss_xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = (int)mark.line + 1;
	n->column = (int)mark.column + 1;
	return n;
}

/* A plain scalar is typed as drush reads it; a quoted or tagged one is a string. */
static enum ss_scalar_type scalar_type(const yaml_event_t *ev)
{
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || ev->data.scalar.tag)
		return SS_SCALAR_STR;
	return ss_scalar_type_of((const char *)ev->data.scalar.value);
}

static void append(struct ss_node *parent, char *key, struct ss_node_mark mark,
		   struct ss_node *child)
{
	size_t n = parent->n;

	parent->items = ss_xrealloc(parent->items, (n + 1) * sizeof(*parent->items));
	parent->items[n] = child;
	if (parent->kind == SS_NODE_MAP) {
		parent->keys = ss_xrealloc(parent->keys, (n + 1) * sizeof(*parent->keys));
		parent->key_marks = ss_xrealloc(parent->key_marks,
						(n + 1) * sizeof(*parent->key_marks));
		parent->keys[n] = key;
		parent->key_marks[n] = mark;
	}
	parent->n = n + 1;
}

static int has_key(const struct ss_node *map, const char *key)
{
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key))
			return 1;
	return 0;
}

/* Hang a finished node under the collection being built (or make it the root). */
static int attach(struct loader *ld, struct ss_node *node, yaml_mark_t mark)
{
	struct frame *f;

	if (ld->depth == 0) {
		ld->root = node;
		return 0;
	}
	f = &ld->stack[ld->depth - 1];
	if (f->node->kind == SS_NODE_SEQ) {
		append(f->node, NULL, (struct ss_node_mark){ 0, 0 }, node);
		return 0;
	}
	if (!f->key) {
		if (node->kind != SS_NODE_SCALAR) {
			ss_node_free(node);
			return fail_at(ld, mark, "mapping keys must be plain values");
		}
		f->key = node->scalar;
		node->scalar = NULL;
		f->key_mark = (struct ss_node_mark){ node->line, node->column };
		ss_node_free(node);
		if (strcmp(f->key, "<<") && has_key(f->node, f->key)) {
			mark.line = (size_t)f->key_mark.line - 1;
			mark.column = (size_t)f->key_mark.column - 1;
			return fail_at(ld, mark, "duplicate key '%s'", f->key);
		}
		return 0;
	}
	append(f->node, f->key, f->key_mark, node);
	f->key = NULL;
	return 0;
}

static void add_anchor(struct loader *ld, const char *name, const struct ss_node *node)
{
	struct anchor *a;

	/* a later anchor of the same name shadows the earlier one */
	ld->anchors = ss_xrealloc(ld->anchors, (ld->nanchors + 1) * sizeof(*ld->anchors));
	a = &ld->anchors[ld->nanchors++];
	a->name = ss_xstrdup(name);
	a->node = ss_node_clone(node);
	a->size = ss_node_count(node);
}

static const struct anchor *find_anchor(const struct loader *ld, const char *name)
{
	for (size_t i = ld->nanchors; i-- > 0;)
		if (!strcmp(ld->anchors[i].name, name))
			return &ld->anchors[i];
	return NULL;
}

static int on_scalar(struct loader *ld, const yaml_event_t *ev)
{
	struct ss_node *n = new_node(SS_NODE_SCALAR, ev->start_mark);

	ld->doc_nodes++;
	n->type = scalar_type(ev);
	/* null means "absent": its text is "" */
	n->scalar = n->type == SS_SCALAR_NULL ? ss_xstrdup("")
					      : ss_xstrndup((const char *)ev->data.scalar.value,
							    ev->data.scalar.length);
	if (ev->data.scalar.anchor)
		add_anchor(ld, (const char *)ev->data.scalar.anchor, n);
	return attach(ld, n, ev->start_mark);
}

static int on_alias(struct loader *ld, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	const struct anchor *a = find_anchor(ld, name);
	size_t budget;

	ld->doc_nodes++;
	if (!a)
		return fail_at(ld, ev->start_mark, "unknown anchor '*%s'", name);
	budget = ld->doc_nodes * SS_YAML_ALIAS_FACTOR;
	if (budget > SS_YAML_MAX_ALIAS_NODES)
		budget = SS_YAML_MAX_ALIAS_NODES;
	if (a->size > budget || ld->alias_nodes + a->size > budget)
		return fail_at(ld, ev->start_mark,
			       "yaml alias '*%s' expands to too many nodes (more than %zu); "
			       "anchors and aliases are limited", name, budget);
	ld->alias_nodes += a->size;
	return attach(ld, ss_node_clone(a->node), ev->start_mark);
}

static int on_start(struct loader *ld, const yaml_event_t *ev, enum ss_node_kind kind)
{
	const yaml_char_t *anchor = kind == SS_NODE_MAP ? ev->data.mapping_start.anchor
						       : ev->data.sequence_start.anchor;
	struct frame *f;

	ld->doc_nodes++;
	if (ld->depth >= SS_YAML_MAX_DEPTH)
		return fail_at(ld, ev->start_mark, "nesting deeper than %d levels",
			       SS_YAML_MAX_DEPTH);
	f = &ld->stack[ld->depth++];
	memset(f, 0, sizeof(*f));
	f->node = new_node(kind, ev->start_mark);
	f->anchor = anchor ? ss_xstrdup((const char *)anchor) : NULL;
	return 0;
}

/* Move the keys of src that map lacks into map; src is freed. */
static void merge_from(struct ss_node *map, struct ss_node *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (has_key(map, src->keys[i])) {
			ss_node_free(src->items[i]);
			free(src->keys[i]);
			continue;
		}
		append(map, src->keys[i],
		       src->key_marks ? src->key_marks[i] : (struct ss_node_mark){ 0, 0 },
		       src->items[i]);
	}
	free(src->items);
	free(src->keys);
	free(src->key_marks);
	free(src->scalar);
	free(src);
}

/* Apply `<<` merge keys of a finished mapping (YAML 1.1 merge). */
static int apply_merges(struct loader *ld, struct ss_node *map)
{
	struct ss_node **merges = NULL;
	size_t nmerges = 0, kept = 0;
	int rc = 0;

	for (size_t i = 0; i < map->n; i++) {
		struct ss_node *v = map->items[i];

		if (strcmp(map->keys[i], "<<")) {
			map->items[kept] = v;
			map->keys[kept] = map->keys[i];
			map->key_marks[kept++] = map->key_marks[i];
			continue;
		}
		free(map->keys[i]);
		if (v->kind == SS_NODE_SEQ) {
			for (size_t j = 0; j < v->n; j++) {
				merges = ss_xrealloc(merges, (nmerges + 1) * sizeof(*merges));
				merges[nmerges++] = v->items[j];
			}
			v->n = 0;
			ss_node_free(v);
		} else {
			merges = ss_xrealloc(merges, (nmerges + 1) * sizeof(*merges));
			merges[nmerges++] = v;
		}
	}
	map->n = kept;
	for (size_t i = 0; i < nmerges; i++) {
		if (merges[i]->kind != SS_NODE_MAP) {
			if (!rc) {
				yaml_mark_t m = { 0, (size_t)merges[i]->line - 1,
						  (size_t)merges[i]->column - 1 };

				rc = fail_at(ld, m, "merge key '<<' needs a mapping");
			}
			ss_node_free(merges[i]);
			continue;
		}
		merge_from(map, merges[i]);
	}
	free(merges);
	return rc;
}

static int on_end(struct loader *ld, const yaml_event_t *ev)
{
	struct frame *f = &ld->stack[--ld->depth];
	struct ss_node *n = f->node;
	char *anchor = f->anchor;
	yaml_mark_t start = ev->start_mark;

	f->node = NULL;
	f->anchor = NULL;
	if (n->kind == SS_NODE_MAP && apply_merges(ld, n) < 0) {
		ss_node_free(n);
		free(anchor);
		return -1;
	}
	if (anchor)
		add_anchor(ld, anchor, n);
	free(anchor);
	start.line = (size_t)n->line - 1;
	start.column = (size_t)n->column - 1;
	return attach(ld, n, start);
}

/* Line and column (0-based) of a byte offset, for reader errors. */
static yaml_mark_t mark_of_offset(const struct loader *ld, size_t offset)
{
	yaml_mark_t m = { offset, 0, 0 };

	for (size_t i = 0; i < offset && i < ld->len; i++) {
		if (ld->text[i] == '\n') {
			m.line++;
			m.column = 0;
		} else {
			m.column++;
		}
	}
	return m;
}

/* Does the line of mark have a tab in its indentation or at the mark? */
static int tab_at(const struct loader *ld, yaml_mark_t mark)
{
	size_t i = 0, line = 0;

	while (i < ld->len && line < mark.line)
		if (ld->text[i++] == '\n')
			line++;
	for (size_t j = i; j < ld->len && (ld->text[j] == ' ' || ld->text[j] == '\t'); j++)
		if (ld->text[j] == '\t')
			return 1;
	return i + mark.column < ld->len && ld->text[i + mark.column] == '\t';
}

static int parser_error(struct loader *ld, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "invalid yaml";
	const char *hint = "";

	if (p->error == YAML_MEMORY_ERROR)
		return ss_error_set(ld->err, SS_FAILED, "%s: out of memory reading yaml", ld->name);
	if (p->error == YAML_READER_ERROR)
		return fail_at(ld, mark_of_offset(ld, p->problem_offset), "%s", problem);
	if (tab_at(ld, p->problem_mark))
		hint = "; tabs are not allowed for indentation";
	if (p->context)
		return fail_at(ld, p->problem_mark, "%s (%s)%s", problem, p->context, hint);
	return fail_at(ld, p->problem_mark, "%s%s", problem, hint);
}

static int on_event(struct loader *ld, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++ld->documents > 1)
			return fail_at(ld, ev->start_mark, "more than one yaml document");
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(ld, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(ld, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(ld, ev, SS_NODE_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(ld, ev, SS_NODE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(ld, ev);
	default:
		return 0;
	}
}

static void loader_release(struct loader *ld)
{
	while (ld->depth > 0) {
		struct frame *f = &ld->stack[--ld->depth];

		ss_node_free(f->node);
		free(f->anchor);
		free(f->key);
	}
	for (size_t i = 0; i < ld->nanchors; i++) {
		free(ld->anchors[i].name);
		ss_node_free(ld->anchors[i].node);
	}
	free(ld->anchors);
}

int ss_yaml_load(const char *name, const char *text, size_t len, struct ss_node **out,
		 struct ss_error *err)
{
	struct loader ld = { .name = name, .text = text, .len = len, .err = err };
	yaml_parser_t parser;
	int rc = 0, done = 0;

	*out = NULL;
	if (!yaml_parser_initialize(&parser))
		return ss_error_set(err, SS_FAILED, "%s: cannot start the yaml parser", name);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done && rc == 0) {
		yaml_event_t ev;

		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parser_error(&ld, &parser);
			break;
		}
		rc = on_event(&ld, &ev);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	loader_release(&ld);
	if (rc < 0) {
		ss_node_free(ld.root);
		return -1;
	}
	*out = ld.root;
	return 0;
}

int ss_yaml_load_file(const char *path, struct ss_node **out, struct ss_error *err)
{
	struct ss_buf b = SS_BUF_INIT;
	char chunk[8192];
	ssize_t r;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ss_error_set(err, SS_FAILED, "cannot read '%s': %s", path, strerror(errno));
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = ss_error_set(err, SS_FAILED, "cannot read '%s': %s", path,
					  strerror(errno));
			goto out;
		}
		if (b.len + (size_t)r > SS_YAML_MAX_FILE) {
			rc = ss_error_set(err, SS_FAILED, "'%s' is larger than %d bytes", path,
					  SS_YAML_MAX_FILE);
			goto out;
		}
		ss_buf_add(&b, chunk, (size_t)r);
	}
	rc = ss_yaml_load(path, b.data, b.len, out, err);
out:
	close(fd);
	ss_buf_release(&b);
	return rc;
}

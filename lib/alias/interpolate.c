/* interpolate.c - drush's ${...} placeholders in alias file values. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"

/* drush's expander gives up after 25 rounds; so does a chain of ${KEY}s here. */
#define MAX_DEPTH 25
/* And a value may not make more than this many replacements (no blow-up). */
#define MAX_STEPS 4096

struct run {
	const struct ss_interp *ix;
	size_t steps;
	char *missing;
};

static int name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* Length of "${NAME}" at p (NAME: one or more of anything but '$' and '}'), or 0. */
static size_t placeholder(const char *p, size_t *name_len)
{
	size_t n;

	if (p[0] != '$' || p[1] != '{')
		return 0;
	n = strcspn(p + 2, "$}");
	if (!n || p[2 + n] != '}')
		return 0;
	*name_len = n;
	return n + 3;
}

/* The variable of "env.NAME" when NAME is a valid one, else NULL. */
static const char *env_var(const char *name)
{
	const char *v = name + 4;

	if (strncmp(name, "env.", 4) || !name_start(*v))
		return NULL;
	for (const char *p = v; *p; p++)
		if (!name_char(*p))
			return NULL;
	return v;
}

static int expand(struct run *r, const char *in, int depth, struct ss_buf *out);

/* A value of the entry: a scalar, or a list or mapping of scalars joined by ','. */
static int from_data(struct run *r, const struct ss_node *n, int depth, struct ss_buf *out)
{
	if (n->kind == SS_NODE_SCALAR)
		return expand(r, n->scalar, depth + 1, out);
	for (size_t i = 0; i < n->n; i++)
		if (n->items[i]->kind != SS_NODE_SCALAR)
			return 0;
	for (size_t i = 0; i < n->n; i++) {
		if (i)
			ss_buf_addc(out, ',');
		if (expand(r, n->items[i]->scalar, depth + 1, out) < 0)
			return -1;
	}
	return 1;
}

/* Append what ${name} stands for: 1 done, 0 unknown (keep it), -1 an unset variable. */
static int replace(struct run *r, const char *name, int depth, struct ss_buf *out)
{
	const struct ss_node *n = r->ix && r->ix->data ? ss_node_path(r->ix->data, name) : NULL;
	const char *var;

	if (++r->steps > MAX_STEPS)
		return 0;
	if (n && depth < MAX_DEPTH) {
		size_t mark = out->len;
		int rc = from_data(r, n, depth, out);

		if (rc)
			return rc;
		out->len = mark;
		if (out->cap)
			out->data[mark] = '\0';
	}
	if (!strcmp(name, "env-name") && r->ix && r->ix->env_name) {
		ss_buf_adds(out, r->ix->env_name);
		return 1;
	}
	var = env_var(name);
	if (var) {
		const char *v = getenv(var);

		if (!v) {
			r->missing = ss_xstrdup(var);
			return -1;
		}
		ss_buf_adds(out, v);
		return 1;
	}
	return 0;
}

static int expand(struct run *r, const char *in, int depth, struct ss_buf *out)
{
	const char *p = in;

	while (*p) {
		size_t len, name_len;
		char *name;
		int rc;

		if (!strncmp(p, "$${", 3)) {
			ss_buf_adds(out, "${");
			p += 3;
			continue;
		}
		len = placeholder(p, &name_len);
		if (!len) {
			ss_buf_addc(out, *p++);
			continue;
		}
		name = ss_xstrndup(p + 2, name_len);
		rc = replace(r, name, depth, out);
		free(name);
		if (rc < 0)
			return -1;
		if (rc == 0)
			ss_buf_add(out, p, len);
		p += len;
	}
	return 1;
}

int ss_interpolate(const char *in, const struct ss_interp *ix, struct ss_buf *out,
		   char **missing)
{
	struct run r = { .ix = ix };

	*missing = NULL;
	if (expand(&r, in, 0, out) < 0) {
		*missing = r.missing;
		return -1;
	}
	return 0;
}

/* The type a value that is exactly "${KEY}" takes from KEY (drush keeps it), or -1. */
static int whole_type(const char *s, const struct ss_interp *ix)
{
	size_t name_len, len = placeholder(s, &name_len);
	const struct ss_node *n;
	char *name;

	if (!len || s[len] || !ix || !ix->data)
		return -1;
	name = ss_xstrndup(s + 2, name_len);
	n = ss_node_path(ix->data, name);
	free(name);
	if (!n || n->kind != SS_NODE_SCALAR || strstr(n->scalar, "${"))
		return -1;
	return (int)n->type;
}

int ss_interpolate_node(const char *file, struct ss_node *n, const struct ss_interp *ix,
			struct ss_error *err)
{
	if (!n)
		return 0;
	if (n->kind == SS_NODE_SCALAR && strstr(n->scalar, "${")) {
		struct ss_buf b = SS_BUF_INIT;
		int type = whole_type(n->scalar, ix);
		char *missing;

		if (ss_interpolate(n->scalar, ix, &b, &missing) < 0) {
			ss_error_set(err, SS_FAILED,
				     "%s:%d:%d: environment variable '%s' is not set (in ${env.%s})",
				     file, n->line, n->column, missing, missing);
			free(missing);
			ss_buf_release(&b);
			return -1;
		}
		free(n->scalar);
		n->scalar = ss_buf_detach(&b);
		if (type >= 0)
			n->type = (enum ss_scalar_type)type;
	}
	for (size_t i = 0; i < n->n; i++)
		if (ss_interpolate_node(file, n->items[i], ix, err) < 0)
			return -1;
	return 0;
}

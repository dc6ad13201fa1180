/* interpolate.c - drush's ${env.VAR} in alias file values. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"

static int name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* Length of a valid "${env.NAME}" at p (NAME at p+6), or 0. */
static size_t env_ref(const char *p, size_t *name_len)
{
	size_t n = 0;

	if (strncmp(p, "${env.", 6) || !name_start(p[6]))
		return 0;
	while (name_char(p[6 + n]))
		n++;
	if (p[6 + n] != '}')
		return 0;
	*name_len = n;
	return 6 + n + 1;
}

int ss_interpolate(const char *in, struct ss_buf *out, char **missing)
{
	const char *p = in;

	*missing = NULL;
	while (*p) {
		size_t len, name_len;

		if (!strncmp(p, "$${", 3)) {
			ss_buf_adds(out, "${");
			p += 3;
			continue;
		}
		len = env_ref(p, &name_len);
		if (len) {
			char *name = ss_xstrndup(p + 6, name_len);
			const char *v = getenv(name);

			if (!v) {
				*missing = name;
				return -1;
			}
			ss_buf_adds(out, v);
			free(name);
			p += len;
			continue;
		}
		ss_buf_addc(out, *p++);
	}
	return 0;
}

int ss_interpolate_node(const char *file, struct ss_node *n, struct ss_error *err)
{
	if (!n)
		return 0;
	if (n->kind == SS_NODE_SCALAR && strchr(n->scalar, '$')) {
		struct ss_buf b = SS_BUF_INIT;
		char *missing;

		if (ss_interpolate(n->scalar, &b, &missing) < 0) {
			ss_error_set(err, SS_FAILED,
				     "%s:%d:%d: environment variable '%s' is not set (in ${env.%s})",
				     file, n->line, n->column, missing, missing);
			free(missing);
			ss_buf_release(&b);
			return -1;
		}
		free(n->scalar);
		n->scalar = ss_buf_detach(&b);
	}
	for (size_t i = 0; i < n->n; i++)
		if (ss_interpolate_node(file, n->items[i], err) < 0)
			return -1;
	return 0;
}

/* render.c - what every dialect writes the same way, from the strings of its ops. */
#include "config.h"

#include <string.h>

#include "lib/sanitize/internal.h"

void ss_san_ident(const struct ss_san_dialect_ops *d, struct ss_buf *out, const char *name)
{
	ss_buf_addc(out, d->quote);
	for (const char *p = name; *p; p++) {
		if (*p == d->quote)
			ss_buf_addc(out, d->quote);
		ss_buf_addc(out, *p);
	}
	ss_buf_addc(out, d->quote);
}

void ss_san_concat(const struct ss_san_dialect_ops *d, struct ss_buf *out, char *const *parts,
		   size_t n)
{
	ss_buf_adds(out, d->concat[0]);
	for (size_t i = 0; i < n; i++) {
		if (i)
			ss_buf_adds(out, d->concat[1]);
		ss_buf_adds(out, parts[i]);
	}
	if (!n)
		ss_buf_adds(out, "''");
	ss_buf_adds(out, d->concat[2]);
}

void ss_san_as_text(const struct ss_san_dialect_ops *d, struct ss_buf *out, const char *expr)
{
	ss_buf_adds(out, d->as_text[0]);
	ss_buf_adds(out, expr);
	ss_buf_adds(out, d->as_text[1]);
}

void ss_san_left(const struct ss_san_dialect_ops *d, struct ss_buf *out, const char *expr,
		 long long n)
{
	ss_buf_adds(out, d->left[0]);
	ss_buf_adds(out, expr);
	ss_buf_addf(out, "%s%lld)", d->left[1], n);
}

void ss_san_expand(struct ss_buf *out, const char *template, const char *expr, int digits)
{
	for (const char *p = template; *p; p++) {
		if (!strncmp(p, "{}", 2)) {
			ss_buf_adds(out, expr);
			p++;
		} else if (!strncmp(p, "{d}", 3)) {
			ss_buf_addf(out, "%d", digits);
			p += 2;
		} else {
			ss_buf_addc(out, *p);
		}
	}
}

/* buf.c - growable buffers and aborting allocation helpers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <sitesync/buf.h>

static void oom(size_t n)
{
	fprintf(stderr, "sitesync: fatal: out of memory (%zu bytes)\n", n);
	abort();
}

void *ss_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *ss_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *ss_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *ss_xstrdup(const char *s)
{
	return s ? ss_xstrndup(s, strlen(s)) : NULL;
}

char *ss_xstrndup(const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = ss_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ss_xasprintf(const char *fmt, ...)
{
	struct ss_buf b = SS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ss_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return ss_buf_detach(&b);
}

char ss_buf_empty[1];

void ss_buf_init(struct ss_buf *b)
{
	b->data = ss_buf_empty;
	b->len = 0;
	b->cap = 0;
}

void ss_buf_release(struct ss_buf *b)
{
	if (b->cap)
		free(b->data);
	ss_buf_init(b);
}

char *ss_buf_detach(struct ss_buf *b)
{
	char *p;

	if (!b->cap)
		ss_buf_grow(b, 0);
	p = b->data;
	ss_buf_init(b);
	return p;
}

void ss_buf_reset(struct ss_buf *b)
{
	if (b->cap) {
		b->len = 0;
		b->data[0] = '\0';
	} else {
		ss_buf_init(b);
	}
}

void ss_buf_grow(struct ss_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1, cap;

	if (want < b->len)
		oom(SIZE_MAX);
	if (b->cap >= want)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap *= 2;
	if (!b->cap) {
		b->data = ss_xmalloc(cap);
		b->data[0] = '\0';
	} else {
		b->data = ss_xrealloc(b->data, cap);
	}
	b->cap = cap;
}

void ss_buf_add(struct ss_buf *b, const void *data, size_t len)
{
	ss_buf_grow(b, len);
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void ss_buf_adds(struct ss_buf *b, const char *s)
{
	ss_buf_add(b, s, strlen(s));
}

void ss_buf_addc(struct ss_buf *b, char c)
{
	ss_buf_add(b, &c, 1);
}

void ss_buf_vaddf(struct ss_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	/* Format into the spare room first; grow and format again if short. */
	ss_buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		ss_buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void ss_buf_addf(struct ss_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ss_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void ss_buf_add_shell_quoted(struct ss_buf *b, const char *s)
{
	ss_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			ss_buf_adds(b, "'\\''");
		else
			ss_buf_addc(b, *s);
	}
	ss_buf_addc(b, '\'');
}

void ss_wipe(void *p, size_t n)
{
	if (!p)
		return;
#ifdef HAVE_EXPLICIT_BZERO
	explicit_bzero(p, n);
#else
	{
		volatile unsigned char *v = p;

		while (n--)
			*v++ = 0;
	}
#endif
}

/*
 * sitesync/buf.h - a growable byte buffer that is always NUL-terminated.
 * Allocation failure aborts (xmalloc style): callers never check.
 */
#ifndef SITESYNC_BUF_H
#define SITESYNC_BUF_H

#include <stddef.h>
#include <stdarg.h>

struct ss_buf {
	char *data;   /* "" when empty, never NULL after init */
	size_t len;
	size_t cap;
};

extern char ss_buf_empty[];
#define SS_BUF_INIT { ss_buf_empty, 0, 0 }

void ss_buf_init(struct ss_buf *b);
void ss_buf_release(struct ss_buf *b);       /* frees data, back to empty */
char *ss_buf_detach(struct ss_buf *b);       /* caller owns the result */
void ss_buf_reset(struct ss_buf *b);         /* len = 0, keeps memory */
void ss_buf_grow(struct ss_buf *b, size_t extra);
void ss_buf_add(struct ss_buf *b, const void *data, size_t len);
void ss_buf_adds(struct ss_buf *b, const char *s);
void ss_buf_addc(struct ss_buf *b, char c);
void ss_buf_addf(struct ss_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ss_buf_vaddf(struct ss_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Append s quoted for a POSIX shell: 'it'\''s' */
void ss_buf_add_shell_quoted(struct ss_buf *b, const char *s);

/* Allocation helpers that abort on failure. */
void *ss_xmalloc(size_t n);
void *ss_xcalloc(size_t n, size_t size);
void *ss_xrealloc(void *p, size_t n);
char *ss_xstrdup(const char *s);      /* NULL stays NULL */
char *ss_xstrndup(const char *s, size_t n);
char *ss_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Wipe n bytes (a secret) in a way the compiler keeps; NULL is fine. */
void ss_wipe(void *p, size_t n);

#endif

/* history_read.c - reading the history file back for `sitesync history`. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/safety/history.h"

struct cursor {
	const char *p, *end;
};

static void skip_ws(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
		c->p++;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static int read_hex4(struct cursor *c, unsigned *out)
{
	unsigned v = 0;

	if (c->end - c->p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = hexval(c->p[i]);

		if (h < 0)
			return -1;
		v = v << 4 | (unsigned)h;
	}
	c->p += 4;
	*out = v;
	return 0;
}

static void add_utf8(struct ss_buf *b, unsigned cp)
{
	if (cp < 0x80) {
		ss_buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		ss_buf_addc(b, (char)(0xc0 | cp >> 6));
		ss_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		ss_buf_addc(b, (char)(0xe0 | cp >> 12));
		ss_buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		ss_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		ss_buf_addc(b, (char)(0xf0 | cp >> 18));
		ss_buf_addc(b, (char)(0x80 | (cp >> 12 & 0x3f)));
		ss_buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		ss_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* A JSON string at c->p (on the opening quote) into out. */
static int read_string(struct cursor *c, struct ss_buf *out)
{
	if (c->p >= c->end || *c->p != '"')
		return -1;
	c->p++;
	while (c->p < c->end && *c->p != '"') {
		char ch = *c->p++;
		unsigned cp, lo;

		if ((unsigned char)ch < 0x20)
			return -1;
		if (ch != '\\') {
			ss_buf_addc(out, ch);
			continue;
		}
		if (c->p >= c->end)
			return -1;
		switch (ch = *c->p++) {
		case '"': case '\\': case '/': ss_buf_addc(out, ch); break;
		case 'b': ss_buf_addc(out, '\b'); break;
		case 'f': ss_buf_addc(out, '\f'); break;
		case 'n': ss_buf_addc(out, '\n'); break;
		case 'r': ss_buf_addc(out, '\r'); break;
		case 't': ss_buf_addc(out, '\t'); break;
		case 'u':
			if (read_hex4(c, &cp) < 0)
				return -1;
			if (cp >= 0xd800 && cp < 0xdc00 && c->end - c->p >= 6 &&
			    c->p[0] == '\\' && c->p[1] == 'u') {
				c->p += 2;
				if (read_hex4(c, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			add_utf8(out, cp);
			break;
		default:
			return -1;
		}
	}
	if (c->p >= c->end)
		return -1;
	c->p++;
	return 0;
}

enum vkind { V_NULL, V_STR, V_NUM, V_RAW, V_OTHER };

/* An array or object at c->p, its text as it is into out (strings skipped whole). */
static int read_nested(struct cursor *c, struct ss_buf *out)
{
	const char *start = c->p;
	char closers[32];
	int depth = 0;

	while (c->p < c->end) {
		char ch = *c->p;

		if (ch == '"') {
			struct ss_buf skip = SS_BUF_INIT;
			int rc = read_string(c, &skip);

			ss_buf_release(&skip);
			if (rc < 0)
				return -1;
			continue;
		}
		c->p++;
		if (ch == '[' || ch == '{') {
			if (depth == (int)sizeof(closers))
				return -1;
			closers[depth++] = ch == '[' ? ']' : '}';
		} else if (ch == ']' || ch == '}') {
			if (ch != closers[--depth])
				return -1;
			if (depth == 0) {
				ss_buf_add(out, start, (size_t)(c->p - start));
				return 0;
			}
		}
	}
	return -1;
}

/* One value: a string into str, a number into num, an array or object as text into str. */
static int read_value(struct cursor *c, struct ss_buf *str, double *num, enum vkind *kind)
{
	skip_ws(c);
	if (c->p >= c->end)
		return -1;
	if (*c->p == '[' || *c->p == '{') {
		*kind = V_RAW;
		return read_nested(c, str);
	}
	if (*c->p == '"') {
		*kind = V_STR;
		return read_string(c, str);
	}
	if (c->end - c->p >= 4 && !strncmp(c->p, "null", 4)) {
		c->p += 4;
		*kind = V_NULL;
		return 0;
	}
	if (c->end - c->p >= 4 && !strncmp(c->p, "true", 4)) {
		c->p += 4;
		*kind = V_OTHER;
		return 0;
	}
	if (c->end - c->p >= 5 && !strncmp(c->p, "false", 5)) {
		c->p += 5;
		*kind = V_OTHER;
		return 0;
	}
	if (*c->p == '-' || (*c->p >= '0' && *c->p <= '9')) {
		char tmp[64];
		size_t n = 0;
		char *endp;

		while (c->p < c->end && n + 1 < sizeof(tmp) && strchr("+-.eE0123456789", *c->p))
			tmp[n++] = *c->p++;
		tmp[n] = '\0';
		*num = strtod(tmp, &endp);
		*kind = V_NUM;
		return *endp ? -1 : 0;
	}
	return -1;
}

static void set_field(struct ss_history_entry *e, const char *key, enum vkind kind,
		      struct ss_buf *str, double num)
{
	static const char *const strkeys[] = { "command", "source", "target", "status", "error" };
	const char **slots[] = { &e->command, &e->source, &e->target, &e->status, &e->error };

	for (size_t i = 0; i < sizeof(strkeys) / sizeof(strkeys[0]); i++)
		if (!strcmp(key, strkeys[i])) {
			free((char *)*slots[i]);
			*slots[i] = kind == V_STR ? ss_buf_detach(str) : NULL;
			return;
		}
	if (!strcmp(key, "sanitize")) {
		free((char *)e->sanitize);
		e->sanitize = kind == V_RAW ? ss_buf_detach(str) : NULL;
		return;
	}
	if (kind != V_NUM)
		return;
	if (!strcmp(key, "rows"))
		e->rows = (long long)num;
	else if (!strcmp(key, "bytes"))
		e->bytes = (long long)num;
	else if (!strcmp(key, "chunks"))
		e->chunks = (long long)num;
	else if (!strcmp(key, "chunks_differing"))
		e->chunks_differing = (long long)num;
	else if (!strcmp(key, "table_bytes"))
		e->table_bytes = (long long)num;
	else if (!strcmp(key, "compare_bytes"))
		e->compare_bytes = (long long)num;
	else if (!strcmp(key, "seconds"))
		e->seconds = num;
	else if (!strcmp(key, "started"))
		e->started = (time_t)num;
}

void ss_history_entry_release(struct ss_history_entry *e)
{
	free((char *)e->command);
	free((char *)e->source);
	free((char *)e->target);
	free((char *)e->status);
	free((char *)e->error);
	free((char *)e->sanitize);
	memset(e, 0, sizeof(*e));
}

int ss_history_decode(const char *line, size_t len, struct ss_history_entry *e)
{
	struct cursor c = { line, line + len };
	struct ss_buf key = SS_BUF_INIT, str = SS_BUF_INIT;
	int rc = -1;

	memset(e, 0, sizeof(*e));
	skip_ws(&c);
	if (c.p >= c.end || *c.p++ != '{')
		goto out;
	skip_ws(&c);
	if (c.p < c.end && *c.p == '}') {
		c.p++;
	} else {
		for (;;) {
			enum vkind kind;
			double num = 0;

			ss_buf_reset(&key);
			ss_buf_reset(&str);
			skip_ws(&c);
			if (read_string(&c, &key) < 0)
				goto out;
			skip_ws(&c);
			if (c.p >= c.end || *c.p++ != ':')
				goto out;
			if (read_value(&c, &str, &num, &kind) < 0)
				goto out;
			set_field(e, key.data, kind, &str, num);
			skip_ws(&c);
			if (c.p < c.end && *c.p == ',') {
				c.p++;
				continue;
			}
			if (c.p < c.end && *c.p == '}') {
				c.p++;
				break;
			}
			goto out;
		}
	}
	skip_ws(&c);
	/* a record has at least a command and a status */
	if (c.p == c.end && e->command && e->status)
		rc = 0;
out:
	ss_buf_release(&key);
	ss_buf_release(&str);
	if (rc < 0)
		ss_history_entry_release(e);
	return rc;
}

/* Keep the last `limit` entries: a ring while reading. */
static void keep(struct ss_history *h, size_t limit, size_t *start,
		 struct ss_history_entry *e)
{
	if (!limit || h->n < limit) {
		h->entries = ss_xrealloc(h->entries, (h->n + 1) * sizeof(*h->entries));
		h->entries[h->n++] = *e;
		return;
	}
	ss_history_entry_release(&h->entries[*start]);
	h->entries[*start] = *e;
	*start = (*start + 1) % limit;
}

int ss_history_load(size_t limit, struct ss_history *out, struct ss_error *err)
{
	const char *path = ss_history_path();
	struct ss_history_entry e;
	char *line = NULL;
	size_t cap = 0, start = 0;
	ssize_t len;
	FILE *f;

	memset(out, 0, sizeof(*out));
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return ss_error_set(err, SS_FAILED, "cannot read history file '%s': %s", path,
				    strerror(errno));
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (ss_history_decode(line, (size_t)len, &e) < 0) {
			if (len > 1)
				out->nskipped++;
			continue;
		}
		keep(out, limit, &start, &e);
	}
	free(line);
	if (ferror(f)) {
		fclose(f);
		ss_history_release(out);
		return ss_error_set(err, SS_FAILED, "cannot read history file '%s'", path);
	}
	fclose(f);
	/* rotate the ring so the oldest comes first */
	if (start) {
		struct ss_history_entry *sorted = ss_xcalloc(out->n, sizeof(*sorted));

		for (size_t i = 0; i < out->n; i++)
			sorted[i] = out->entries[(start + i) % out->n];
		free(out->entries);
		out->entries = sorted;
	}
	return 0;
}

void ss_history_release(struct ss_history *h)
{
	for (size_t i = 0; i < h->n; i++)
		ss_history_entry_release(&h->entries[i]);
	free(h->entries);
	memset(h, 0, sizeof(*h));
}

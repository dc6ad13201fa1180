/* json.c - a streaming JSON writer. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sitesync/json.h>

void ss_json_init(struct ss_json *j, struct ss_buf *out, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->pretty = pretty;
}

static void indent(struct ss_json *j)
{
	if (!j->pretty)
		return;
	ss_buf_addc(j->out, '\n');
	for (int i = 0; i < j->depth; i++)
		ss_buf_adds(j->out, "  ");
}

/* Separator before a value (array element) or a key. */
static void before_value(struct ss_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			ss_buf_addc(j->out, ',');
		j->need_comma[j->depth] = 1;
		indent(j);
	}
}

static void open(struct ss_json *j, char c)
{
	before_value(j);
	ss_buf_addc(j->out, c);
	if (j->depth < (int)(sizeof(j->need_comma) / sizeof(j->need_comma[0])) - 1)
		j->depth++;
	j->need_comma[j->depth] = 0;
}

static void close_(struct ss_json *j, char c)
{
	int had = j->need_comma[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	ss_buf_addc(j->out, c);
}

void ss_json_obj_begin(struct ss_json *j) { open(j, '{'); }
void ss_json_obj_end(struct ss_json *j) { close_(j, '}'); }
void ss_json_arr_begin(struct ss_json *j) { open(j, '['); }
void ss_json_arr_end(struct ss_json *j) { close_(j, ']'); }

static void add_string(struct ss_buf *b, const char *s, size_t n)
{
	ss_buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': ss_buf_adds(b, "\\\""); break;
		case '\\': ss_buf_adds(b, "\\\\"); break;
		case '\n': ss_buf_adds(b, "\\n"); break;
		case '\r': ss_buf_adds(b, "\\r"); break;
		case '\t': ss_buf_adds(b, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				ss_buf_addf(b, "\\u%04x", c);
			else
				ss_buf_addc(b, (char)c);
		}
	}
	ss_buf_addc(b, '"');
}

void ss_json_key(struct ss_json *j, const char *key)
{
	before_value(j);
	add_string(j->out, key, strlen(key));
	ss_buf_adds(j->out, j->pretty ? ": " : ":");
	j->after_key = 1;
}

void ss_json_strn(struct ss_json *j, const char *s, size_t n)
{
	before_value(j);
	add_string(j->out, s, n);
}

void ss_json_str(struct ss_json *j, const char *s)
{
	if (!s)
		ss_json_null(j);
	else
		ss_json_strn(j, s, strlen(s));
}

void ss_json_int(struct ss_json *j, long long v)
{
	before_value(j);
	ss_buf_addf(j->out, "%lld", v);
}

void ss_json_double(struct ss_json *j, double v)
{
	before_value(j);
	if (isfinite(v))
		ss_buf_addf(j->out, "%.3f", v);
	else
		ss_buf_adds(j->out, "null");
}

void ss_json_bool(struct ss_json *j, int v)
{
	before_value(j);
	ss_buf_adds(j->out, v ? "true" : "false");
}

void ss_json_null(struct ss_json *j)
{
	before_value(j);
	ss_buf_adds(j->out, "null");
}

void ss_json_raw(struct ss_json *j, const char *json)
{
	before_value(j);
	ss_buf_adds(j->out, json);
}

/* encode.c - encode result rows for LOAD DATA LOCAL INFILE. */
#include "config.h"

#include <string.h>

#include "lib/mysql/encode.h"

void ss_my_encoder_row(struct ss_my_encoder *e, char **fields,
		       const unsigned long *lengths, unsigned nfields)
{
	e->fields = fields;
	e->lengths = lengths;
	e->nfields = nfields;
	e->field = 0;
	e->off = 0;
	e->sep_done = 0;
}

int ss_my_encoder_busy(const struct ss_my_encoder *e)
{
	return e->fields != NULL;
}

/* The escape letter for byte c, or 0 when c passes through as it is. */
static char escape_of(unsigned char c)
{
	switch (c) {
	case '\t': return 't';
	case '\n': return 'n';
	case '\\': return '\\';
	case '\0': return '0';
	default: return 0;
	}
}

size_t ss_my_encoded_len(const char *value, size_t len)
{
	size_t n = 0;

	if (!value)
		return 2;
	for (size_t i = 0; i < len; i++)
		n += escape_of((unsigned char)value[i]) ? 2 : 1;
	return n;
}

/* Copy the rest of field data[off..len) into out; returns bytes written. */
static size_t write_value(struct ss_my_encoder *e, const char *data, size_t len,
			  char *out, size_t cap)
{
	size_t w = 0;

	while (e->off < len && w < cap) {
		const char *p = data + e->off;
		size_t run = len - e->off, room = cap - w, i = 0;
		char esc;

		if (run > room)
			run = room;
		/* plain bytes: copy runs without escapes in one go */
		while (i < run && !escape_of((unsigned char)p[i]))
			i++;
		memcpy(out + w, p, i);
		w += i;
		e->off += i;
		if (e->off == len || w == cap)
			break;
		esc = escape_of((unsigned char)data[e->off]);
		if (cap - w < 2)
			break;
		out[w++] = '\\';
		out[w++] = esc;
		e->off++;
	}
	return w;
}

size_t ss_my_encoder_write(struct ss_my_encoder *e, char *out, size_t cap)
{
	size_t w = 0;

	while (e->fields && w < cap) {
		const char *v;
		size_t len;

		if (e->field == e->nfields) {
			out[w++] = '\n';
			e->fields = NULL;
			break;
		}
		if (!e->sep_done) {
			if (e->field > 0)
				out[w++] = '\t';
			e->sep_done = 1;
			continue;
		}
		v = e->fields[e->field];
		if (!v) {
			if (cap - w < 2)
				break;
			out[w++] = '\\';
			out[w++] = 'N';
		} else {
			len = e->lengths[e->field];
			w += write_value(e, v, len, out + w, cap - w);
			if (e->off < len)
				break;
		}
		e->field++;
		e->off = 0;
		e->sep_done = 0;
	}
	return w;
}

/* scalar.c - what a plain YAML scalar means (drush's reading), and its literal. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sitesync/buf.h>
#include <sitesync/node.h>

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* s without its '_' (caller frees). */
static char *without_underscores(const char *s)
{
	char *c = ss_xstrdup(s), *o = c;

	for (const char *p = s; *p; p++)
		if (*p != '_')
			*o++ = *p;
	*o = '\0';
	return c;
}

/* "[+-]?[0-9][0-9_]*", the form whose '_' drush drops before reading digits. */
static int underscored_int(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	return s[strspn(s, "0123456789_")] == '\0';
}

/* PHP's is_numeric() for a trimmed string: [+-]? (D [. D?] | . D) [e [+-]? D], D digits. */
static int php_numeric(const char *s)
{
	size_t before = 0, after = 0;

	if (*s == '+' || *s == '-')
		s++;
	while (isdigit((unsigned char)*s))
		s++, before++;
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s))
			s++, after++;
	}
	if (!before && !after)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

/* "[+-]?[0-9][0-9_]*(\.[0-9_]+)?" */
static int underscored_float(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	s += strspn(s, "0123456789_");
	if (*s == '.') {
		s++;
		if (!*s)
			return 0;
		s += strspn(s, "0123456789_");
	}
	return *s == '\0';
}

/* A decimal integer that reads back as written (no leading zero, no "-0") and fits. */
static int exact_int(const char *s, long long *out)
{
	const char *digits = *s == '-' ? s + 1 : s;
	char *end;

	if (!all_digits(digits) || (digits[0] == '0' && (digits[1] || *s == '-')))
		return 0;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0';
}

/* 0x hex and 0o octal (with '_'), as drush reads them; 0 when s is neither or too big. */
static int radix_int(const char *s, long long *out)
{
	int neg = 0, base;
	char *clean, *end;
	unsigned long long v;

	if (!strncasecmp(s, "0x", 2)) {
		base = 16;
	} else {
		if (*s == '+' || *s == '-')
			neg = *s++ == '-';
		if (strncmp(s, "0o", 2))
			return 0;
		base = 8;
	}
	s += 2;
	if (!*s || s[strspn(s, base == 16 ? "0123456789abcdefABCDEF_" : "01234567_")])
		return 0;
	clean = without_underscores(s);
	errno = 0;
	v = strtoull(clean, &end, base);
	if (!*clean || errno || *end || v > (unsigned long long)9223372036854775807LL) {
		free(clean);
		return 0;
	}
	free(clean);
	*out = neg ? -(long long)v : (long long)v;
	return 1;
}

/* n digits (at least min) at *p into *v; advances *p. */
static int digits(const char **p, int min, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= min;
}

/*
 * A YAML timestamp (2024-05-01, 2024-05-01T10:20:30.5+02:00, ...) as the
 * seconds since 1970 UTC drush reads it as, with its fraction; 0 when s is none.
 */
static int timestamp(const char *s, long long *secs, double *fraction)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, tzh = 0, tzm = 0, sign = 0;
	struct tm tm = { 0 };
	const char *p = s;

	*fraction = 0;
	if (!digits(&p, 4, 4, &y) || *p++ != '-' || !digits(&p, 1, 2, &mo) || *p++ != '-' ||
	    !digits(&p, 1, 2, &d))
		return 0;
	if (*p) {
		if (*p == 'T' || *p == 't')
			p++;
		else if (*p == ' ' || *p == '\t')
			p += strspn(p, " \t");
		else
			return 0;
		if (!digits(&p, 1, 2, &h) || *p++ != ':' || !digits(&p, 2, 2, &mi) ||
		    *p++ != ':' || !digits(&p, 2, 2, &sec))
			return 0;
		if (*p == '.') {
			const char *f = ++p;

			p += strspn(p, "0123456789");
			*fraction = f == p ? 0 : strtod(f - 1, NULL);
		}
		p += strspn(p, " \t");
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p++ == '-' ? -1 : 1;
			if (!digits(&p, 1, 2, &tzh))
				return 0;
			if (*p == ':' && (p++, !digits(&p, 2, 2, &tzm)))
				return 0;
		}
		if (*p)
			return 0;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 60)
		return 0;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*secs = (long long)timegm(&tm) - sign * (tzh * 3600LL + tzm * 60LL);
	return 1;
}

static enum ss_scalar_type number_type(const char *s)
{
	double f;
	long long v;
	char *clean = underscored_int(s) ? without_underscores(s) : ss_xstrdup(s);
	enum ss_scalar_type t = SS_SCALAR_STR;

	if (exact_int(clean, &v))
		t = SS_SCALAR_INT;
	else if (all_digits(clean[0] == '-' ? clean + 1 : clean))
		t = SS_SCALAR_STR; /* "0123", "-0", too big: drush keeps the text */
	else if (php_numeric(clean))
		t = SS_SCALAR_FLOAT;
	else if (radix_int(clean, &v))
		t = SS_SCALAR_INT;
	else if (!strcasecmp(clean, ".inf") || !strcasecmp(clean, ".nan") ||
		 !strcasecmp(clean, "-.inf"))
		t = SS_SCALAR_FLOAT;
	else if (underscored_float(clean))
		t = SS_SCALAR_FLOAT;
	else if (timestamp(clean, &v, &f))
		t = f > 0 ? SS_SCALAR_FLOAT : SS_SCALAR_INT;
	free(clean);
	return t;
}

enum ss_scalar_type ss_scalar_type_of(const char *text)
{
	if (!*text || !strcmp(text, "~") || !strcasecmp(text, "null"))
		return SS_SCALAR_NULL;
	if (!strcasecmp(text, "true") || !strcasecmp(text, "false"))
		return SS_SCALAR_BOOL;
	if (radix_int(text, &(long long){ 0 }))
		return SS_SCALAR_INT;
	if (strchr("+-.0123456789", text[0]))
		return number_type(text);
	return SS_SCALAR_STR;
}

int ss_node_int(const struct ss_node *n, long long *out)
{
	char *clean;
	int ok;

	if (!n || n->kind != SS_NODE_SCALAR || n->type != SS_SCALAR_INT)
		return -1;
	clean = underscored_int(n->scalar) ? without_underscores(n->scalar)
					   : ss_xstrdup(n->scalar);
	ok = exact_int(clean, out) || radix_int(clean, out) || timestamp(clean, out, &(double){ 0 });
	free(clean);
	return ok ? 0 : -1;
}

/*
 * The shortest digits that read back as v, as JSON writes a float and YAML
 * 1.1 still reads one: 1000.0, 0.5, 1.0e+25 (a '.' always, plain notation
 * between 1e-4 and 1e15).
 */
static void shortest_double(double v, char *buf, size_t size)
{
	char digits[48], *e;
	int prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(digits, sizeof(digits), "%.*g", prec, v);
		if (strtod(digits, NULL) == v)
			break;
	}
	snprintf(digits, sizeof(digits), "%.*g", prec, v);
	e = strpbrk(digits, "eE");
	if (e && fabs(v) >= 1e-4 && fabs(v) < 1e15) {
		int decimals = prec - 1 - atoi(e + 1);

		snprintf(digits, sizeof(digits), "%.*f", decimals > 0 ? decimals : 0, v);
		e = NULL;
	}
	if (strchr(digits, '.'))
		snprintf(buf, size, "%s", digits);
	else if (e)
		snprintf(buf, size, "%.*s.0%s", (int)(e - digits), digits, e);
	else
		snprintf(buf, size, "%s.0", digits);
}

const char *ss_node_literal(const struct ss_node *n, char *buf, size_t size)
{
	long long v;
	double d, frac;
	char *clean;

	if (!n || n->kind != SS_NODE_SCALAR)
		return NULL;
	switch (n->type) {
	case SS_SCALAR_NULL:
		return "null";
	case SS_SCALAR_BOOL:
		return !strcasecmp(n->scalar, "true") ? "true" : "false";
	case SS_SCALAR_INT:
		if (ss_node_int(n, &v) < 0)
			return NULL;
		snprintf(buf, size, "%lld", v);
		return buf;
	case SS_SCALAR_FLOAT:
		clean = without_underscores(n->scalar);
		d = strtod(clean, NULL);
		if (timestamp(n->scalar, &v, &frac))
			d = (double)v + frac;
		else if (strchr(clean, 'n') || strchr(clean, 'N'))
			d = INFINITY; /* .inf, -.inf, .nan */
		free(clean);
		if (!isfinite(d))
			return "null";
		shortest_double(d, buf, size);
		return buf;
	default:
		return NULL;
	}
}

/* names.c - pure helpers of the PostgreSQL sync: derived names, key ranges, lists, key DDL. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/quote.h"
#include "lib/pg/sync/sync.h"

char *ss_pgsync_derived_name(const char *schema, const char *suffix)
{
	size_t keep = ss_pg_utf8_cut(schema, SS_PG_NAME_MAX - strlen(suffix));

	return ss_xasprintf("%.*s%s", (int)keep, schema, suffix);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int ss_pgsync_is_derived_name(const char *name)
{
	return ends_with(name, SS_PGSYNC_SHADOW_SUFFIX) || ends_with(name, SS_PGSYNC_BACKUP_SUFFIX);
}

int ss_pgsync_split_range(long long min, long long max, int n, long long *bounds)
{
	/* in unsigned arithmetic: max - min may not fit a long long */
	unsigned long long width = (unsigned long long)max - (unsigned long long)min;
	unsigned long long step;
	int k = 0;

	if (n <= 1 || max <= min)
		return 1;
	if (width < (unsigned long long)n) {
		/* one key per range */
		n = (int)width + 1;
		step = 1;
	} else {
		step = width / (unsigned long long)n;
	}
	for (int i = 1; i < n; i++)
		bounds[k++] = (long long)((unsigned long long)min + step * (unsigned long long)i);
	return k + 1;
}

int ss_pgsync_match(const char *list, const char *schema, const char *name)
{
	char *qualified;
	int hit;

	if (!list)
		return 0;
	qualified = ss_xasprintf("%s.%s", schema, name);
	hit = ss_sync_match(list, name, qualified);
	free(qualified);
	return hit;
}

/* Length of the parenthesized group at s (s[0] == '('), quotes respected; 0 if unbalanced. */
static size_t group_len(const char *s)
{
	int depth = 0, quoted = 0;

	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == '(')
			depth++;
		else if (!quoted && s[i] == ')' && --depth == 0)
			return i + 1;
	}
	return 0;
}

int ss_pgsync_key_split(const char *table_qname, const char *name, const char *def,
			char **index, char **constraint)
{
	const char *kind, *p;
	size_t cols, incl = 0;
	struct ss_buf b = SS_BUF_INIT;

	if (!strncmp(def, "PRIMARY KEY (", 13)) {
		kind = "PRIMARY KEY";
		p = def + 12;
	} else if (!strncmp(def, "UNIQUE (", 8)) {
		kind = "UNIQUE";
		p = def + 7;
	} else {
		return -1;
	}
	cols = group_len(p);
	if (!cols)
		return -1;
	if (!strncmp(p + cols, " INCLUDE (", 10)) {
		incl = group_len(p + cols + 9);
		if (!incl)
			return -1;
		incl += 9;
	}
	/* DEFERRABLE, WITH (...), USING INDEX TABLESPACE: left to ADD CONSTRAINT */
	if (p[cols + incl])
		return -1;
	ss_buf_adds(&b, "CREATE UNIQUE INDEX ");
	ss_pg_add_ident(&b, name);
	ss_buf_addf(&b, " ON %s %.*s;\n", table_qname, (int)(cols + incl), p);
	*index = ss_buf_detach(&b);
	ss_buf_addf(&b, "ALTER TABLE %s ADD CONSTRAINT ", table_qname);
	ss_pg_add_ident(&b, name);
	ss_buf_addf(&b, " %s USING INDEX ", kind);
	ss_pg_add_ident(&b, name);
	ss_buf_adds(&b, ";\n");
	*constraint = ss_buf_detach(&b);
	return 0;
}

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* The name after a schema's dot at p: a quoted or bare identifier, or an operator. */
static size_t object_name(const char *p, struct ss_buf *name)
{
	size_t i = 0;

	ss_buf_reset(name);
	if (p[0] == '"') {
		for (i = 1; p[i]; i++) {
			if (p[i] == '"' && p[i + 1] == '"')
				i++;
			else if (p[i] == '"')
				return i + 1;
			ss_buf_addc(name, p[i]);
		}
		return 0;
	}
	while (ident_char(p[i]) || (p[i] && strchr("+-*/<>=~!@#%^&|`?", p[i])))
		ss_buf_addc(name, p[i++]);
	return i;
}

static int listed(const char *name, char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

char *ss_pgsync_unmap(const char *text, const char *shadow, const char *schema,
		      char *const *names, size_t n)
{
	struct ss_buf b = SS_BUF_INIT, name = SS_BUF_INIT;
	char *quoted = ss_pg_quote_ident(shadow);
	size_t qlen = strlen(quoted), slen = strlen(shadow);
	const char *p = text;

	while (*p) {
		int boundary = p == text || (!ident_char(p[-1]) && p[-1] != '"' && p[-1] != '.');
		size_t len = 0;

		if (boundary && !strncmp(p, quoted, qlen) && p[qlen] == '.')
			len = qlen;
		else if (boundary && !strncmp(p, shadow, slen) && p[slen] == '.')
			len = slen;
		if (len && object_name(p + len + 1, &name) && listed(name.data, names, n)) {
			ss_pg_add_ident_min(&b, schema);
			p += len;
			continue;
		}
		ss_buf_addc(&b, *p++);
	}
	free(quoted);
	ss_buf_release(&name);
	return ss_buf_detach(&b);
}

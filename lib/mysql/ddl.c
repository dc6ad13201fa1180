/* ddl.c - shadow table DDL: defer secondary keys, rewrite definers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/ddl.h"
#include "lib/mysql/util.h"

/* Length of the backtick identifier at p (including quotes), or 0. */
static size_t ident_len(const char *p)
{
	const char *q = p + 1;

	if (*p != '`')
		return 0;
	for (;;) {
		if (!*q)
			return 0;
		if (*q == '`') {
			if (q[1] == '`') {
				q += 2;
				continue;
			}
			return (size_t)(q - p) + 1;
		}
		q++;
	}
}

/* The unquoted name of the identifier at p (new string), or NULL. */
static char *ident_name(const char *p)
{
	size_t n = ident_len(p);
	struct ss_buf b = SS_BUF_INIT;

	if (!n)
		return NULL;
	for (size_t i = 1; i + 1 < n; i++) {
		ss_buf_addc(&b, p[i]);
		if (p[i] == '`')
			i++;
	}
	return ss_buf_detach(&b);
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The first column named in a key line "KEY `k` (`col`...", or NULL. */
static char *key_first_column(const char *line)
{
	const char *p = strchr(line, '(');

	return p ? ident_name(p + 1) : NULL;
}

/* Point "REFERENCES `t`" of a foreign key line at `db`.`<prefix>t`. */
static void add_fk_line(struct ss_buf *b, const char *line, const char *db, const char *prefix)
{
	const char *r = strstr(line, " REFERENCES `");
	size_t n;
	char *table, *target;

	if (!r) {
		ss_buf_adds(b, line);
		return;
	}
	r += strlen(" REFERENCES ");
	n = ident_len(r);
	if (!n || r[n] == '.') {  /* another database: leave it as it is */
		ss_buf_adds(b, line);
		return;
	}
	table = ident_name(r);
	target = ss_xasprintf("%s%s", prefix ? prefix : "", table);
	ss_buf_add(b, line, (size_t)(r - line));
	ss_my_add_qualified(b, db, target);
	ss_buf_adds(b, r + n);
	free(target);
	free(table);
}

/* The auto-increment column of the element lines, or NULL. */
static char *autoinc_column(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *l = lines[i];
		const char *a;

		if (!starts(l, "`"))
			continue;
		a = strstr(l, " AUTO_INCREMENT");
		if (a && (a[15] == '\0' || a[15] == ' ' || a[15] == ','))
			return ident_name(l);
	}
	return NULL;
}

enum keep { KEEP, DEFER, DEFER_FK };

/* Decide the fate of each element line (leading blanks and comma removed). */
static void classify(char **lines, size_t n, enum keep *fate)
{
	char *ai = autoinc_column(lines, n);
	int have_pk = 0, ai_covered = 0, kept_unique = 0;

	for (size_t i = 0; i < n; i++)
		if (starts(lines[i], "PRIMARY KEY")) {
			char *first = key_first_column(lines[i]);

			have_pk = 1;
			ai_covered = ai && first && !strcmp(first, ai);
			free(first);
		}
	for (size_t i = 0; i < n; i++) {
		const char *l = lines[i];

		fate[i] = KEEP;
		if (starts(l, "KEY ") || starts(l, "INDEX ") || starts(l, "SPATIAL ") ||
		    starts(l, "UNIQUE ")) {
			fate[i] = DEFER;
			if (starts(l, "UNIQUE ") && !have_pk && !kept_unique) {
				fate[i] = KEEP;
				kept_unique = 1;
			}
		} else if (starts(l, "CONSTRAINT ") && strstr(l, " FOREIGN KEY ")) {
			fate[i] = DEFER_FK;
		} else if (starts(l, "FOREIGN KEY ")) {
			fate[i] = DEFER_FK;
		}
		if (fate[i] == DEFER && ai && !ai_covered) {
			char *first = key_first_column(l);

			if (first && !strcmp(first, ai)) {
				fate[i] = KEEP;
				ai_covered = 1;
			}
			free(first);
		}
	}
	free(ai);
}

int ss_my_ddl_split(const char *create_sql, const char *db, const char *prefix,
		    const char *name, struct ss_my_ddl *out, struct ss_error *err)
{
	const char *body = strstr(create_sql, " (\n"), *tail, *p;
	char **lines = NULL;
	enum keep *fate;
	size_t n = 0;
	struct ss_buf c = SS_BUF_INIT, a = SS_BUF_INIT;
	int first = 1, afirst = 1;
	char *shadow_name;

	memset(out, 0, sizeof(*out));
	if (strncmp(create_sql, "CREATE TABLE ", 13) || !body)
		return ss_error_set(err, SS_FAILED, "table '%s': unexpected SHOW CREATE TABLE text",
				    name);
	p = body + 3;
	for (;;) {
		const char *nl = strchr(p, '\n');
		const char *s = p, *e;

		if (!nl || *p == ')')
			break;
		while (*s == ' ')
			s++;
		e = nl;
		if (e > s && e[-1] == ',')
			e--;
		lines = ss_xrealloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = ss_xstrndup(s, (size_t)(e - s));
		p = nl + 1;
	}
	if (*p != ')') {
		for (size_t i = 0; i < n; i++)
			free(lines[i]);
		free(lines);
		return ss_error_set(err, SS_FAILED, "table '%s': unexpected SHOW CREATE TABLE text",
				    name);
	}
	tail = p;
	fate = ss_xcalloc(n ? n : 1, sizeof(*fate));
	classify(lines, n, fate);

	shadow_name = ss_xasprintf("%s%s", prefix ? prefix : "", name);
	ss_buf_adds(&c, "CREATE TABLE ");
	ss_my_add_qualified(&c, db, shadow_name);
	ss_buf_adds(&c, " (\n");
	for (size_t i = 0; i < n; i++) {
		if (fate[i] == KEEP) {
			ss_buf_adds(&c, first ? "  " : ",\n  ");
			ss_buf_adds(&c, lines[i]);
			first = 0;
			continue;
		}
		ss_buf_adds(&a, afirst ? "ADD " : ", ADD ");
		afirst = 0;
		if (fate[i] == DEFER_FK)
			add_fk_line(&a, lines[i], db, prefix);
		else
			ss_buf_adds(&a, lines[i]);
	}
	ss_buf_adds(&c, "\n");
	ss_buf_adds(&c, tail);
	out->create = ss_buf_detach(&c);
	out->adds = a.len ? ss_buf_detach(&a) : NULL;
	ss_buf_release(&a);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(fate);
	free(shadow_name);
	return 0;
}

void ss_my_ddl_release(struct ss_my_ddl *ddl)
{
	free(ddl->create);
	free(ddl->adds);
	ddl->create = ddl->adds = NULL;
}

char *ss_my_ddl_current_definer(const char *sql)
{
	const char *d = strstr(sql, "DEFINER=`"), *p;
	struct ss_buf b = SS_BUF_INIT;
	size_t n;

	if (!d)
		return NULL;
	p = d + strlen("DEFINER=");
	n = ident_len(p);
	if (!n || p[n] != '@')
		return NULL;
	p += n + 1;
	n = ident_len(p);
	if (!n)
		return NULL;
	p += n;
	ss_buf_add(&b, sql, (size_t)(d - sql));
	ss_buf_adds(&b, "DEFINER=CURRENT_USER");
	ss_buf_adds(&b, p);
	return ss_buf_detach(&b);
}

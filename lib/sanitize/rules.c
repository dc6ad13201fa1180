/* rules.c - a set of sanitize rules: its life, table matching, a one-line description. */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sanitize/internal.h"

void ss_san_init(struct ss_sanitize *s)
{
	memset(s, 0, sizeof(*s));
}

void ss_san_rule_release(struct ss_san_rule *r)
{
	free(r->table);
	free(r->column);
	free(r->arg);
	free(r->when);
	free(r->origin);
	memset(r, 0, sizeof(*r));
}

void ss_san_release(struct ss_sanitize *s)
{
	for (size_t i = 0; i < s->nrules; i++)
		ss_san_rule_release(&s->rules[i]);
	free(s->rules);
	for (size_t i = 0; i < s->nprofiles; i++) {
		free(s->profiles[i]);
		free(s->profile_origins[i]);
	}
	free(s->profiles);
	free(s->profile_origins);
	free(s->prefix);
	free(s->required_by);
	free(s->key_env);
	free(s->key_file);
	free(s->key_origin);
	ss_wipe(s->key, sizeof(s->key));
	memset(s, 0, sizeof(*s));
}

struct ss_san_rule *ss_san_add_rule(struct ss_sanitize *s, enum ss_san_kind kind,
				    const char *table, const char *column, const char *origin)
{
	struct ss_san_rule *r;

	s->rules = ss_xrealloc(s->rules, (s->nrules + 1) * sizeof(*s->rules));
	r = &s->rules[s->nrules++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->table = ss_xstrdup(table);
	r->column = ss_xstrdup(column);
	r->origin = ss_xstrdup(origin);
	return r;
}

const char *ss_san_kind_name(enum ss_san_kind k)
{
	switch (k) {
	case SS_SAN_NULL: return "null";
	case SS_SAN_STATIC: return "static";
	case SS_SAN_HASH: return "hash";
	case SS_SAN_EMAIL: return "email";
	case SS_SAN_RANDOM: return "random";
	case SS_SAN_SQL: return "sql";
	case SS_SAN_TRUNCATE: return "truncate";
	case SS_SAN_WHERE: return "where";
	}
	return "?";
}

int ss_san_table_rule(enum ss_san_kind k)
{
	return k == SS_SAN_TRUNCATE || k == SS_SAN_WHERE;
}

int ss_san_pattern_match(const char *pattern, const char *schema, const char *name)
{
	if (strchr(pattern, '.')) {
		char *q;
		int hit;

		if (!schema)
			return 0;
		q = ss_xasprintf("%s.%s", schema, name);
		hit = fnmatch(pattern, q, 0) == 0;
		free(q);
		return hit;
	}
	return fnmatch(pattern, name, 0) == 0;
}

int ss_san_rule_names(const struct ss_san_rule *r, const char *schema, const char *name,
		      const char *const *parents, size_t nparents)
{
	if (ss_san_pattern_match(r->table, schema, name))
		return 1;
	for (size_t i = 0; i < nparents; i++) {
		const char *dot = strchr(parents[i], '.');
		char *ps = dot ? ss_xstrndup(parents[i], (size_t)(dot - parents[i])) : NULL;
		int hit = ss_san_pattern_match(r->table, ps, dot ? dot + 1 : parents[i]);

		free(ps);
		if (hit)
			return 1;
	}
	return 0;
}

int ss_san_matches(const struct ss_sanitize *s, const char *schema, const char *name,
		   const char *const *parents, size_t nparents)
{
	for (size_t i = 0; i < s->nrules; i++)
		if (ss_san_rule_names(&s->rules[i], schema, name, parents, nparents))
			return 1;
	return 0;
}

void ss_san_describe(const struct ss_sanitize *s, struct ss_buf *out)
{
	size_t explicit = 0;

	ss_buf_adds(out, s->required ? "required" : "on unless --no-sanitize");
	for (size_t i = 0; i < s->nprofiles; i++)
		ss_buf_addf(out, "%s%s", i ? ", " : ", profile ", s->profiles[i]);
	if (s->prefix)
		ss_buf_addf(out, " (prefix '%s')", s->prefix);
	for (size_t i = 0; i < s->nrules; i++)
		explicit += strncmp(s->rules[i].origin, "profile ", 8) != 0;
	if (explicit)
		ss_buf_addf(out, ", %zu rule%s", explicit, explicit == 1 ? "" : "s");
	if (s->key_env)
		ss_buf_addf(out, ", key from environment variable '%s'", s->key_env);
	else if (s->key_file)
		ss_buf_addf(out, ", key from file '%s'", s->key_file);
	if (s->required && s->required_by)
		ss_buf_addf(out, " (required by %s)", s->required_by);
}

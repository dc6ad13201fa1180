/* report.c - what a run's rules did: counts per use, a line per use, JSON. */
#include "config.h"

#include <string.h>

#include "lib/sanitize/internal.h"

int ss_san_use_estimated(const struct ss_san_use *u)
{
	return u->rule->kind == SS_SAN_TRUNCATE || u->rule->kind == SS_SAN_WHERE;
}

void ss_san_use_describe(const struct ss_san_use *u, struct ss_buf *out)
{
	const struct ss_san_rule *r = u->rule;

	if (u->column)
		ss_buf_addf(out, "%s: ", u->column);
	ss_buf_adds(out, ss_san_kind_name(r->kind));
	if (r->kind == SS_SAN_STATIC || r->kind == SS_SAN_EMAIL)
		ss_buf_addf(out, " '%s'", r->arg ? r->arg : (r->kind == SS_SAN_EMAIL ? "(default)" : ""));
	else if (r->arg)
		ss_buf_addf(out, " %s", r->arg);
	if (r->when)
		ss_buf_addf(out, " when %s", r->when);
	ss_buf_addf(out, " (%s)", r->origin);
}

void ss_san_use_json(const struct ss_san_use *u, int values, struct ss_json *j)
{
	ss_json_obj_begin(j);
	ss_json_key(j, "table");
	ss_json_str(j, u->table);
	ss_json_key(j, "column");
	ss_json_str(j, u->column);
	ss_json_key(j, "rule");
	ss_json_str(j, ss_san_kind_name(u->rule->kind));
	ss_json_key(j, "arg");
	ss_json_str(j, u->rule->arg);
	ss_json_key(j, "when");
	ss_json_str(j, u->rule->when);
	ss_json_key(j, "origin");
	ss_json_str(j, u->rule->origin);
	if (values) {
		ss_json_key(j, "values");
		ss_json_int(j, atomic_load(&u->values));
		ss_json_key(j, "estimated");
		ss_json_bool(j, ss_san_use_estimated(u));
	}
	ss_json_obj_end(j);
}

void ss_san_run_json(const struct ss_san_run *r, struct ss_json *j)
{
	ss_json_arr_begin(j);
	for (size_t i = 0; i < r->nuses; i++)
		ss_san_use_json(&r->uses[i], 1, j);
	ss_json_arr_end(j);
}

long long ss_san_run_values(const struct ss_san_run *r)
{
	long long n = 0;

	for (size_t i = 0; i < r->nuses; i++)
		n += atomic_load(&r->uses[i].values);
	return n;
}

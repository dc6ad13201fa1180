/* script.c - render schema-diff's ALTER script, cleanup script and JSON change list. */
#include "config.h"

#include <string.h>

#include <sitesync/json.h>

#include "plugins/schema-diff/script.h"

static void header(struct ss_buf *b, const char *title, const struct sd_script_info *info)
{
	char when[32];
	struct tm tm;

	gmtime_r(&info->now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	ss_buf_addf(b, "-- %s\n", title);
	ss_buf_addf(b, "-- source: %s", info->source);
	if (info->source_schema)
		ss_buf_addf(b, " (schema %s)", info->source_schema);
	ss_buf_addf(b, "\n-- target: %s", info->target);
	if (info->target_schema)
		ss_buf_addf(b, " (schema %s)", info->target_schema);
	ss_buf_addf(b, "\n-- generated: %s\n", when);
}

/*
 * BEGIN, when psql runs the script outside a transaction: under psql -1 it
 * is in psql's transaction already (its start is before this statement's),
 * and a BEGIN of its own would warn and its COMMIT end psql's early.
 */
static void begin(struct ss_buf *b, const struct sd_script_info *info)
{
	if (info->no_transaction)
		return;
	ss_buf_adds(b, "SELECT pg_catalog.now() = pg_catalog.statement_timestamp()"
		    " AS sitesync_own_transaction \\gset\n"
		    "\\if :sitesync_own_transaction\nBEGIN;\n\\endif\n");
}

static void commit(struct ss_buf *b, const struct sd_script_info *info)
{
	if (!info->no_transaction)
		ss_buf_adds(b, "\\if :sitesync_own_transaction\nCOMMIT;\n\\endif\n");
}

size_t sd_script_lossy(const struct ss_pg_diff *diff)
{
	size_t n = 0;

	for (size_t i = 0; i < diff->n; i++)
		n += diff->changes[i].lossy != 0;
	return n;
}

void sd_script_render(struct ss_buf *b, const struct ss_pg_diff *diff,
		      const struct sd_script_info *info)
{
	const char *section = NULL;

	header(b, "sitesync schema-diff: run on the target to make it match the source", info);
	ss_buf_addf(b, "-- changes: %zu (%zu lossy)\n", diff->n, sd_script_lossy(diff));
	for (size_t i = 0; i < diff->nwarnings; i++)
		ss_buf_addf(b, "-- warning: %s\n", diff->warnings[i]);
	ss_buf_adds(b, "\nSET check_function_bodies = false;\n");
	begin(b, info);
	for (size_t i = 0; i < diff->n; i++) {
		const struct ss_pg_change *c = &diff->changes[i];

		if (!section || strcmp(section, c->section)) {
			section = c->section;
			ss_buf_addf(b, "\n-- ==== %s ====\n", section);
		}
		ss_buf_addf(b, "-- %s %s\n", ss_pg_action_name(c->action), c->object);
		ss_buf_adds(b, c->sql);
	}
	ss_buf_adds(b, "\n");
	commit(b, info);
	ss_buf_adds(b, "-- end of schema-diff\n");
}

int sd_script_render_cleanup(struct ss_buf *b, const struct ss_pg_diff *diff,
			     const struct sd_script_info *info)
{
	size_t n = 0;

	for (size_t i = 0; i < diff->n; i++)
		n += diff->changes[i].cleanup != NULL;
	if (!n)
		return 0;
	header(b, "sitesync schema-diff cleanup: drops the objects the ALTER script preserved", info);
	ss_buf_addf(b, "-- run after verifying the target; objects: %zu\n\n", n);
	begin(b, info);
	for (size_t i = 0; i < diff->n; i++)
		if (diff->changes[i].cleanup)
			ss_buf_adds(b, diff->changes[i].cleanup);
	commit(b, info);
	ss_buf_adds(b, "-- end of cleanup\n");
	return 1;
}

void sd_script_render_json(struct ss_buf *b, const struct ss_pg_diff *diff,
			   const struct sd_script_info *info)
{
	struct ss_json j;

	ss_json_init(&j, b, 1);
	ss_json_obj_begin(&j);
	ss_json_key(&j, "source");
	ss_json_str(&j, info->source);
	ss_json_key(&j, "target");
	ss_json_str(&j, info->target);
	ss_json_key(&j, "differences");
	ss_json_int(&j, (long long)diff->n);
	ss_json_key(&j, "lossy");
	ss_json_int(&j, (long long)sd_script_lossy(diff));
	ss_json_key(&j, "changes");
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < diff->n; i++) {
		const struct ss_pg_change *c = &diff->changes[i];

		ss_json_obj_begin(&j);
		ss_json_key(&j, "kind");
		ss_json_str(&j, !strcmp(c->section, "COLUMN") ? "column" :
				!strcmp(c->section, "COMMENT") ? "comment" : ss_pg_kind_name(c->kind));
		ss_json_key(&j, "object");
		ss_json_str(&j, c->object);
		ss_json_key(&j, "action");
		ss_json_str(&j, ss_pg_action_name(c->action));
		ss_json_key(&j, "lossy");
		ss_json_bool(&j, c->lossy);
		ss_json_key(&j, "sql");
		ss_json_str(&j, c->sql);
		ss_json_obj_end(&j);
	}
	ss_json_arr_end(&j);
	ss_json_key(&j, "warnings");
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < diff->nwarnings; i++)
		ss_json_str(&j, diff->warnings[i]);
	ss_json_arr_end(&j);
	ss_json_obj_end(&j);
	ss_buf_addc(b, '\n');
}

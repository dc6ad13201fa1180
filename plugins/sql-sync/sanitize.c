/*
 * sanitize.c - which sanitize rules a sql-sync runs: --sanitize=PROFILE,
 * the `sanitize:` keys of both aliases and of the sitesync.yml beside them,
 * --no-sanitize unless one of them says required; the key; what the rules
 * did, for the history and the reports.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/sql-sync/sql_sync.h"

#define KEY "sanitize"

/* Read every `sanitize:` the settings hold into rules; *found counts them. */
static int read_settings(const struct sync_settings *st, struct ss_sanitize *rules, int *found,
			 struct ss_error *err)
{
	/* the target's first: its key, prefix and required say most */
	for (int i = 1; i >= 0; i--) {
		const struct ss_alias *a = st->alias[i];
		const struct ss_node *n = ss_node_get(a->node, KEY);

		if (i == 0 && st->alias[0] == st->alias[1])
			break;
		if (n && ss_san_parse(rules, n, a->file, err) < 0)
			return ss_error_prefix(err, "alias '%s'", a->name);
		*found += n != NULL;
	}
	for (int i = 1; i >= 0; i--) {
		const struct ss_node *n = st->file[i] ? ss_node_get(st->file[i], KEY) : NULL;

		if (n && ss_san_parse(rules, n, st->path[i], err) < 0)
			return -1;
		*found += n != NULL;
	}
	return 0;
}

int sync_sanitize_load(struct ss_ctx *ctx, const struct ss_alias *source,
		       const struct ss_alias *target, struct ss_sanitize *rules, int *on,
		       struct ss_error *err)
{
	const char *profiles = ss_opt_str(ctx, "sanitize");
	const char *prefix = ss_opt_str(ctx, "sanitize-prefix");
	struct sync_settings st;
	const char *warning;
	int found = 0, rc;

	*on = 0;
	ss_san_init(rules);
	if (profiles && ss_san_add_profiles(rules, profiles, "--sanitize", err) < 0)
		return -1;
	if (prefix)
		rules->prefix = ss_xstrdup(prefix);
	if (sync_settings_load(source, target, &st, err) < 0) {
		sync_settings_release(&st);
		return -1;
	}
	rc = read_settings(&st, rules, &found, err);
	sync_settings_release(&st);
	if (rc < 0)
		return -1;
	if (ss_opt_flag(ctx, "no-sanitize")) {
		if (profiles)
			return ss_error_set(err, SS_USAGE, "--sanitize and --no-sanitize contradict"
					    " each other");
		if (rules->required)
			return ss_error_set(err, SS_REFUSED, "sanitizing is required by %s:"
					    " --no-sanitize is refused", rules->required_by);
		return 0;
	}
	if (!profiles && !found)
		return 0;
	if (ss_san_finish(rules, err) < 0 || ss_san_load_key(rules, &warning, err) < 0)
		return -1;
	if (warning)
		ss_warn(ctx, "%s", warning);
	*on = 1;
	return 0;
}

char *sync_sanitize_json(const struct ss_san_run *run)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	if (!run)
		return NULL;
	ss_json_init(&j, &b, 0);
	ss_san_run_json(run, &j);
	return ss_buf_detach(&b);
}

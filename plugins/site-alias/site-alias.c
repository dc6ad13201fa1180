/*
 * site-alias.c - the `site-alias` (`sa`) command: print one, several or all
 * resolved aliases as YAML (default), JSON or names only (--format=list).
 * Passwords are never printed: only where they come from.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/sitesync.h>

#include "plugins/site-alias/sa.h"

enum format { FMT_YAML, FMT_JSON, FMT_LIST };

static enum format format_of(const struct ss_ctx *ctx)
{
	const char *f = ss_ctx_global(ctx)->format;

	if (f && !strcmp(f, "json"))
		return FMT_JSON;
	if (f && !strcmp(f, "list"))
		return FMT_LIST;
	return FMT_YAML;
}

/*
 * Can a name reach it?  drush lists entries named '*' or with a dot too, but
 * no alias name can name them: --format=list (shell completion) leaves them out.
 */
static int reachable(const struct ss_alias *a)
{
	return a->env[strspn(a->env, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			     "0123456789_-")] == '\0';
}

static void print(enum format fmt, const struct ss_alias *const *list, size_t n)
{
	struct ss_buf out = SS_BUF_INIT;

	if (fmt == FMT_JSON) {
		sa_json_aliases(&out, list, n);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (fmt == FMT_LIST) {
				if (reachable(list[i]))
					ss_buf_addf(&out, "%s\n", list[i]->name);
				continue;
			}
			if (i)
				ss_buf_addc(&out, '\n');
			sa_yaml_alias(&out, list[i]);
		}
	}
	fwrite(out.data, 1, out.len, stdout);
	ss_buf_release(&out);
}

/* Every alias; a file that fails to load is skipped with a warning (in every format). */
static int print_all(struct ss_ctx *ctx, enum format fmt)
{
	const struct ss_alias *const *list;
	struct ss_aliases *set;
	struct ss_error err;
	size_t n;

	if (ss_ctx_aliases(ctx, &set, &err) < 0)
		return ss_fail_err(ctx, &err);
	ss_aliases_all_lenient(set, &list, &n);
	print(fmt, list, n);
	return SS_OK;
}

static void add_once(const struct ss_alias **list, size_t *n, const struct ss_alias *a)
{
	for (size_t k = 0; k < *n; k++)
		if (list[k] == a)
			return;
	list[(*n)++] = a;
}

/* Each name: a group (@LOCATION, @SITE: all of its aliases, as drush sa lists them) or one. */
static int print_named(struct ss_ctx *ctx, enum format fmt, int argc, char **argv)
{
	const struct ss_alias **list = NULL;
	struct ss_aliases *set;
	struct ss_error err;
	size_t n = 0, cap = 0;

	if (ss_ctx_aliases(ctx, &set, &err) < 0)
		return ss_fail_err(ctx, &err);
	for (int i = 1; i < argc; i++) {
		const struct ss_alias *const *group;
		const struct ss_alias *a;
		size_t ng;

		if (ss_aliases_group(set, argv[i], &group, &ng, &err) < 0) {
			free(list);
			return ss_fail_err(ctx, &err);
		}
		if (n + ng + 1 > cap) {
			cap = (n + ng + 1) * 2;
			list = ss_xrealloc(list, cap * sizeof(*list));
		}
		for (size_t k = 0; k < ng; k++)
			add_once(list, &n, group[k]);
		if (ng)
			continue;
		if (ss_alias_resolve(set, argv[i], &a, &err) < 0) {
			free(list);
			return ss_fail_err(ctx, &err);
		}
		add_once(list, &n, a);
	}
	print(fmt, list, n);
	free(list);
	return SS_OK;
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	enum format fmt = format_of(ctx);

	if (argc < 2)
		return print_all(ctx, fmt);
	return print_named(ctx, fmt, argc, argv);
}

static const char *const aliases[] = { "sa", NULL };

static const struct ss_command site_alias = {
	SITESYNC_COMMAND_HEADER,
	.name = "site-alias",
	.aliases = aliases,
	.summary = "print site aliases (all, or the ones named)",
	.usage = "[@ALIAS...]\n"
		 "Prints aliases as YAML, as JSON with --format=json, or the names that reach\n"
		 "them with --format=list (not a '*' entry or one with a '.' in its name,\n"
		 "which drush lists too); a file that fails to load is skipped with a warning\n"
		 "naming FILE:LINE:COL.  @SITE lists every environment of a site, @LOCATION\n"
		 "every alias of the files in that subdirectory (as drush sa does).\n"
		 "Alias files (NAME.site.yml) are searched in --alias-path,\n"
		 "$SITESYNC_ALIAS_PATH, drush/sites/ and .sitesync/aliases/ of this\n"
		 "directory and its parents, ~/.config/sitesync/aliases and\n"
		 "/etc/sitesync/aliases.  Names: @SITE.ENV, @ENV (self.site.yml),\n"
		 "@self or default (the site you stand in).  Passwords are never printed.",
	.options = NULL,
	.run = run,
};

SITESYNC_PLUGIN(site_alias)

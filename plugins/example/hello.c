/*
 * hello.c - an example sitesync command plugin: copy this directory to start
 * your own.  Build it against the installed SDK with the GNUmakefile beside
 * it (pkg-config --cflags --libs sitesync) and drop hello.so into
 * $SITESYNC_PLUGIN_PATH or ~/.local/share/sitesync/plugins.
 *
 *   sitesync hello                 prints "hello, world"
 *   sitesync hello --name=team     prints "hello, team"
 *   sitesync hello @prod           also says what @prod is
 */
#include <stdio.h>

#include <sitesync/sitesync.h>

static const struct ss_option options[] = {
	{ "name", 0, SS_OPT_STRING, "WHO", "whom to greet (default: world)" },
	{ 0 }
};

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	const char *name = ss_opt_str(ctx, "name");
	const struct ss_alias *alias;
	struct ss_error err;

	if (argc > 2)
		return ss_fail(ctx, SS_USAGE, "hello takes at most one alias");
	printf("hello, %s\n", name ? name : "world");
	if (argc == 2) {
		if (ss_ctx_alias(ctx, argv[1], &alias, &err) < 0)
			return ss_fail_err(ctx, &err);
		printf("%s is a %s site on %s\n", alias->name, ss_role_name(alias->role),
		       alias->host && *alias->host ? alias->host : "this machine");
	}
	return SS_OK;
}

static const char *const aliases[] = { "hi", NULL };

static const struct ss_command hello = {
	SITESYNC_COMMAND_HEADER,
	.name = "hello",
	.aliases = aliases,
	.summary = "example plugin: greet, and describe an alias",
	.usage = "[--name=WHO] [@alias]",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(hello)

/*
 * broken.c - test plugin whose descriptor is wrong in the way
 * $SS_TEST_BROKEN names: "null", "short", "name", "run", "summary".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/plugin.h>

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	return 0;
}

static struct ss_command cmd = {
	SITESYNC_COMMAND_HEADER,
	.name = "broken",
	.summary = "a plugin with a broken descriptor",
	.usage = "",
	.run = run,
};

SS_EXPORT const struct ss_command *sitesync_plugin(void);

const struct ss_command *sitesync_plugin(void)
{
	const char *how = getenv("SS_TEST_BROKEN");

	if (!how || !strcmp(how, "null"))
		return NULL;
	if (!strcmp(how, "short"))
		cmd.size = sizeof(struct ss_command) - sizeof(void *);
	else if (!strcmp(how, "name"))
		cmd.name = "Bad Name";
	else if (!strcmp(how, "run"))
		cmd.run = NULL;
	else if (!strcmp(how, "summary"))
		cmd.summary = NULL;
	return &cmd;
}

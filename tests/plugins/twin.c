/* twin.c - test plugin that claims the command name "hello" a second time. */
#include "config.h"

#include <stdio.h>

#include <sitesync/plugin.h>

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	printf("hello from the twin\n");
	return 0;
}

static const struct ss_command cmd = {
	SITESYNC_COMMAND_HEADER,
	.name = "hello",
	.summary = "the twin of the example plugin",
	.usage = "",
	.run = run,
};

SITESYNC_PLUGIN(cmd)

/* other-abi.c - test plugin built for the next plugin ABI: the host must refuse it. */
#include "config.h"

#include <sitesync/plugin.h>

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	return 0;
}

static const struct ss_command cmd = {
	.abi = SITESYNC_ABI_VERSION + 1,
	.size = sizeof(struct ss_command),
	.name = "future",
	.summary = "a command from a newer sitesync",
	.usage = "",
	.run = run,
};

SITESYNC_PLUGIN(cmd)

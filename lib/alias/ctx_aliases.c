/* ctx_aliases.c - the alias set of a run, opened on first use and tied to the ctx. */
#include "config.h"

#include <sitesync/alias.h>
#include <sitesync/context.h>

#include "lib/core/ctx.h"

/* A file skipped, or a hint: one warning line each, once per run. */
static void warn(void *data, const struct ss_error *err)
{
	ss_warn(data, "%s", err->msg);
}

static void free_aliases(void *data)
{
	struct ss_ctx *ctx = data;

	ss_aliases_free(ctx->aliases);
	ctx->aliases = NULL;
}

int ss_ctx_aliases(struct ss_ctx *ctx, struct ss_aliases **out, struct ss_error *err)
{
	if (!ctx->aliases) {
		struct ss_alias_search search = { .alias_path = ctx->global.alias_path };

		if (ss_aliases_open(&search, &ctx->aliases, err) < 0)
			return -1;
		ss_aliases_on_skip(ctx->aliases, warn, ctx);
		ss_ctx_on_release(ctx, free_aliases, ctx);
	}
	*out = ctx->aliases;
	return 0;
}

int ss_ctx_alias(struct ss_ctx *ctx, const char *name, const struct ss_alias **out,
		 struct ss_error *err)
{
	struct ss_aliases *set;

	if (ss_ctx_aliases(ctx, &set, err) < 0)
		return -1;
	return ss_alias_resolve(set, name, out, err);
}

/* ctx.c - the context a command runs in: options, errors, messages. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sitesync/buf.h>

#include "lib/core/ctx.h"

struct ss_ctx *ss_ctx_new(void)
{
	struct ss_ctx *ctx = ss_xcalloc(1, sizeof(*ctx));

	ctx->global.format = "human";
	ctx->global.progress = isatty(STDERR_FILENO);
	ctx->diag = stderr;
	pthread_mutex_init(&ctx->release_lock, NULL);
	pthread_mutex_init(&ctx->debug_lock, NULL);
	return ctx;
}

void ss_ctx_on_release(struct ss_ctx *ctx, ss_release_fn *fn, void *data)
{
	struct ss_release *r = ss_xcalloc(1, sizeof(*r));

	r->fn = fn;
	r->data = data;
	pthread_mutex_lock(&ctx->release_lock);
	r->next = ctx->releases;
	ctx->releases = r;
	pthread_mutex_unlock(&ctx->release_lock);
}

/* Take the registered releases off ctx one at a time and run them. */
static void run_releases(struct ss_ctx *ctx)
{
	for (;;) {
		struct ss_release *r;

		pthread_mutex_lock(&ctx->release_lock);
		r = ctx->releases;
		if (r)
			ctx->releases = r->next;
		pthread_mutex_unlock(&ctx->release_lock);
		if (!r)
			break;
		r->fn(r->data);
		free(r);
	}
}

static void free_values(struct ss_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nvalues; i++)
		free(ctx->values[i].value);
	free(ctx->values);
	ctx->values = NULL;
	ctx->nvalues = 0;
}

void ss_ctx_free(struct ss_ctx *ctx)
{
	if (!ctx)
		return;
	free_values(ctx);
	run_releases(ctx);
	pthread_mutex_destroy(&ctx->release_lock);
	for (size_t i = 0; i < ctx->ndebug_seen; i++)
		free(ctx->debug_seen[i]);
	free(ctx->debug_seen);
	pthread_mutex_destroy(&ctx->debug_lock);
	free(ctx);
}

void ss_ctx_set_command(struct ss_ctx *ctx, const struct ss_command *cmd)
{
	size_t n = 0;

	free_values(ctx);
	ctx->cmd = cmd;
	if (cmd && cmd->options)
		while (cmd->options[n].name)
			n++;
	ctx->values = ss_xcalloc(n ? n : 1, sizeof(*ctx->values));
	ctx->nvalues = n;
}

const struct ss_global *ss_ctx_global(const struct ss_ctx *ctx)
{
	return &ctx->global;
}

void ss_ctx_set_compress(struct ss_ctx *ctx, enum ss_compress how)
{
	ctx->compress = how;
}

enum ss_compress ss_ctx_compress(const struct ss_ctx *ctx)
{
	return ctx ? ctx->compress : SS_COMPRESS_UNSET;
}

static const char *const compress_names[] = { "unset", "auto", "none", "fast", "best" };

int ss_compress_parse(const char *name, enum ss_compress *out)
{
	for (int i = 1; i < 5; i++)
		if (name && !strcmp(name, compress_names[i])) {
			*out = (enum ss_compress)i;
			return 0;
		}
	return -1;
}

const char *ss_compress_name(enum ss_compress how)
{
	return (unsigned)how < 5 ? compress_names[how] : "unset";
}

int ss_ctx_json(const struct ss_ctx *ctx)
{
	return ctx->global.format && !strcmp(ctx->global.format, "json");
}

static const struct ss_opt_value *find_value(const struct ss_ctx *ctx, const char *name)
{
	if (!ctx->cmd || !ctx->cmd->options)
		return NULL;
	for (size_t i = 0; i < ctx->nvalues; i++)
		if (!strcmp(ctx->cmd->options[i].name, name))
			return &ctx->values[i];
	return NULL;
}

int ss_opt_flag(const struct ss_ctx *ctx, const char *name)
{
	const struct ss_opt_value *v = find_value(ctx, name);

	return v ? v->count : 0;
}

const char *ss_opt_str(const struct ss_ctx *ctx, const char *name)
{
	const struct ss_opt_value *v = find_value(ctx, name);

	return v && v->count ? v->value : NULL;
}

long ss_opt_int(const struct ss_ctx *ctx, const char *name, long absent)
{
	const char *s = ss_opt_str(ctx, name);

	return s ? strtol(s, NULL, 10) : absent;
}

int ss_fail(struct ss_ctx *ctx, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ss_error_setv(&ctx->err, status, fmt, ap);
	va_end(ap);
	ctx->failed = 1;
	return ctx->err.status;
}

int ss_fail_err(struct ss_ctx *ctx, const struct ss_error *err)
{
	ctx->err = *err;
	if (!ctx->err.status)
		ctx->err.status = SS_FAILED;
	ctx->failed = 1;
	return ctx->err.status;
}

static void vsay(struct ss_ctx *ctx, const char *kind, const char *fmt, va_list ap)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_adds(&b, "sitesync: ");
	if (kind)
		ss_buf_addf(&b, "%s: ", kind);
	ss_buf_vaddf(&b, fmt, ap);
	ss_buf_addc(&b, '\n');
	fputs(b.data, ctx->diag);
	fflush(ctx->diag);
	ss_buf_release(&b);
}

void ss_warn(struct ss_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->global.quiet)
		return;
	va_start(ap, fmt);
	vsay(ctx, "warning", fmt, ap);
	va_end(ap);
}

void ss_info(struct ss_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (!ctx->global.verbose || ctx->global.quiet)
		return;
	va_start(ap, fmt);
	vsay(ctx, NULL, fmt, ap);
	va_end(ap);
}

void ss_debug(struct ss_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (!ctx->global.debug)
		return;
	va_start(ap, fmt);
	vsay(ctx, "debug", fmt, ap);
	va_end(ap);
}

void ss_debug_once(struct ss_ctx *ctx, const char *fmt, ...)
{
	struct ss_buf msg = SS_BUF_INIT;
	va_list ap;
	int seen = 0;

	if (!ctx->global.debug)
		return;
	va_start(ap, fmt);
	ss_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&ctx->debug_lock);
	for (size_t i = 0; i < ctx->ndebug_seen && !seen; i++)
		seen = !strcmp(ctx->debug_seen[i], msg.data);
	if (!seen) {
		ctx->debug_seen = ss_xrealloc(ctx->debug_seen,
					      (ctx->ndebug_seen + 1) * sizeof(*ctx->debug_seen));
		ctx->debug_seen[ctx->ndebug_seen++] = ss_xstrdup(msg.data);
	}
	pthread_mutex_unlock(&ctx->debug_lock);
	if (!seen || ctx->global.debug > 1)
		ss_debug(ctx, "%s", msg.data);
	ss_buf_release(&msg);
}

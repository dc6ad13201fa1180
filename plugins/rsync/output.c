/* output.c - what `sitesync rsync` shows: itemised changes and the summary, as text or JSON. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/rsync/output.h"
#include "plugins/rsync/rsync.h"

void output_init(struct copy_output *o, struct ss_ctx *ctx)
{
	const struct ss_global *g = ss_ctx_global(ctx);

	memset(o, 0, sizeof(*o));
	o->ctx = ctx;
	o->json = ss_ctx_json(ctx);
	o->itemise = g->verbose > 0 || g->simulate || o->json;
}

void output_release(struct copy_output *o)
{
	for (size_t i = 0; i < o->nitems; i++)
		free(o->items[i]);
	free(o->items);
	o->items = NULL;
	o->nitems = 0;
}

void output_item(struct copy_output *o, const char *item, const char *path)
{
	if (!o->itemise)
		return;
	if (!o->json) {
		printf("%s %s\n", item, path);
		return;
	}
	o->items = ss_xrealloc(o->items, (o->nitems + 1) * sizeof(*o->items));
	o->items[o->nitems++] = ss_xasprintf("%s\t%s", item, path);
}

void output_line(struct copy_output *o, const char *line)
{
	if (o->itemise && !o->json)
		printf("%s\n", line);
}

static void summary_json(struct copy_output *o, const char *source, const char *target,
			 const char *engine, const struct copy_stats *st, double seconds)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	ss_json_init(&j, &b, 0);
	ss_json_obj_begin(&j);
	ss_json_key(&j, "source");
	ss_json_str(&j, source);
	ss_json_key(&j, "target");
	ss_json_str(&j, target);
	ss_json_key(&j, "engine");
	ss_json_str(&j, engine);
	ss_json_key(&j, "status");
	ss_json_str(&j, ss_ctx_global(o->ctx)->simulate ? "simulated" : "ok");
	ss_json_key(&j, "files");
	ss_json_int(&j, st->total);
	ss_json_key(&j, "changed");
	ss_json_int(&j, st->files);
	ss_json_key(&j, "bytes");
	ss_json_int(&j, st->bytes);
	ss_json_key(&j, "seconds");
	ss_json_double(&j, seconds);
	ss_json_key(&j, "stale_temporary_files_removed");
	ss_json_int(&j, st->stale);
	ss_json_key(&j, "changes");
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < o->nitems; i++) {
		const char *tab = strchr(o->items[i], '\t');

		ss_json_obj_begin(&j);
		ss_json_key(&j, "item");
		ss_json_strn(&j, o->items[i], (size_t)(tab - o->items[i]));
		ss_json_key(&j, "path");
		ss_json_str(&j, tab + 1);
		ss_json_obj_end(&j);
	}
	ss_json_arr_end(&j);
	ss_json_obj_end(&j);
	printf("%s\n", b.data);
	ss_buf_release(&b);
}

void output_summary(struct copy_output *o, const char *source, const char *target,
		    const char *engine, const struct copy_stats *st, double seconds)
{
	char size[32], stale[64] = "";

	if (o->json) {
		summary_json(o, source, target, engine, st, seconds);
		return;
	}
	if (st->stale)
		snprintf(stale, sizeof(stale), "; %lld stale temporary file%s removed", st->stale,
			 st->stale == 1 ? "" : "s");
	ss_format_bytes(st->bytes, size, sizeof(size));
	if (ss_ctx_global(o->ctx)->simulate)
		ss_info(o->ctx, "%s → %s: %lld files, %lld to change, %s (nothing changed: "
			"--simulate)", source, target, st->total, st->files, size);
	else
		ss_info(o->ctx, "%s → %s: %lld files, %lld changed, %s in %.1f s%s", source,
			target, st->total, st->files, size, seconds, stale);
}

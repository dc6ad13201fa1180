/* history.c - `sitesync history`: the runs recorded by destructive commands. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sitesync/sitesync.h>

static const struct ss_option options[] = {
	{ "limit", 0, SS_OPT_INT, "N", "show the last N runs (default 20, 0 for all)" },
	{ 0 },
};

/* The cells of one row, in column order. */
#define NCOLS 7
static void row_cells(const struct ss_history_entry *e, char cells[NCOLS][256])
{
	char bytes[32], started[32];
	struct tm tm;

	started[0] = '\0';
	if (localtime_r(&e->started, &tm))
		strftime(started, sizeof(started), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(cells[0], 256, "%s", started);
	snprintf(cells[1], 256, "%s", e->command);
	if (e->source)
		snprintf(cells[2], 256, "%s → %s", e->source, e->target ? e->target : "-");
	else
		snprintf(cells[2], 256, "%s", e->target ? e->target : "-");
	snprintf(cells[3], 256, "%s", e->status);
	ss_format_bytes(e->bytes, bytes, sizeof(bytes));
	if (e->table_bytes) {
		char of[32];

		/* --incremental: what moved against the tables' size */
		ss_format_bytes(e->table_bytes, of, sizeof(of));
		snprintf(cells[4], 256, "%lld / %s of %s", e->rows, bytes, of);
	} else {
		snprintf(cells[4], 256, "%lld / %s", e->rows, bytes);
	}
	ss_format_duration(e->seconds, cells[5], 256);
	snprintf(cells[6], 256, "%s", e->error ? e->error : "");
}

/* Display width of UTF-8 text: code points, not bytes. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* One line of cells, padded to the column widths, no trailing blanks. */
static void print_row(const char *const *cells, const size_t *w)
{
	struct ss_buf line = SS_BUF_INIT;

	for (int c = 0; c < NCOLS; c++) {
		ss_buf_adds(&line, cells[c]);
		for (size_t pad = width(cells[c]); c < NCOLS - 1 && pad < w[c] + 2; pad++)
			ss_buf_addc(&line, ' ');
	}
	while (line.len && line.data[line.len - 1] == ' ')
		line.data[--line.len] = '\0';
	puts(line.data);
	ss_buf_release(&line);
}

static void print_human(const struct ss_history *h)
{
	static const char *const head[NCOLS] = {
		"STARTED", "COMMAND", "SOURCE → TARGET", "STATUS", "ROWS / BYTES", "DURATION", "ERROR",
	};
	char (*cells)[NCOLS][256] = ss_xcalloc(h->n ? h->n : 1, sizeof(*cells));
	size_t w[NCOLS];

	for (int c = 0; c < NCOLS; c++)
		w[c] = width(head[c]);
	for (size_t i = 0; i < h->n; i++) {
		row_cells(&h->entries[i], cells[i]);
		for (int c = 0; c < NCOLS; c++)
			if (width(cells[i][c]) > w[c])
				w[c] = width(cells[i][c]);
	}
	print_row(head, w);
	for (size_t i = 0; i < h->n; i++) {
		const char *row[NCOLS];

		for (int c = 0; c < NCOLS; c++)
			row[c] = cells[i][c];
		print_row(row, w);
	}
	free(cells);
}

static void print_json(const struct ss_history *h)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	ss_json_init(&j, &b, 1);
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < h->n; i++) {
		ss_json_obj_begin(&j);
		ss_history_json_fields(&j, &h->entries[i]);
		ss_json_obj_end(&j);
	}
	ss_json_arr_end(&j);
	printf("%s\n", b.data);
	ss_buf_release(&b);
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	long limit = ss_opt_int(ctx, "limit", 20);
	struct ss_history h;
	struct ss_error err;

	(void)argv;
	if (argc > 1)
		return ss_fail(ctx, SS_USAGE, "history takes no arguments; see 'sitesync help history'");
	if (limit < 0)
		return ss_fail(ctx, SS_USAGE, "--limit takes a number of runs (0 for all), not %ld",
			       limit);
	if (ss_history_load((size_t)limit, &h, &err) < 0)
		return ss_fail_err(ctx, &err);
	if (h.nskipped)
		ss_warn(ctx, "skipped %zu line%s of '%s' that %s", h.nskipped,
			h.nskipped == 1 ? "" : "s", ss_history_path(),
			h.nskipped == 1 ? "is not a history record" : "are not history records");
	if (ss_ctx_json(ctx))
		print_json(&h);
	else if (!h.n)
		printf("no runs recorded yet in '%s'\n", ss_history_path());
	else
		print_human(&h);
	ss_history_release(&h);
	return SS_OK;
}

static const struct ss_command cmd = {
	SITESYNC_COMMAND_HEADER,
	.name = "history",
	.summary = "show the runs of destructive commands, newest last",
	.usage = "[--limit=N] [--format=json]\n"
		 "Each sql-sync, sql-drop, rsync and schema-diff --apply run is recorded in\n"
		 "$SITESYNC_HISTORY, else $XDG_STATE_HOME/sitesync/history.jsonl.",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(cmd)

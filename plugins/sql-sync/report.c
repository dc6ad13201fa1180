/* report.c - what sql-sync shows, for either engine: the plan, a progress line, tables, the summary. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/sql-sync/report.h"

/* Open a JSON object with the run's "source" and "target" into b. */
static void json_begin(struct ss_json *j, struct ss_buf *b, const struct ss_alias *source,
		       const struct ss_alias *target)
{
	ss_json_init(j, b, 0);
	ss_json_obj_begin(j);
	ss_json_key(j, "source");
	ss_json_str(j, source->name);
	ss_json_key(j, "target");
	ss_json_str(j, target->name);
}

/* Close the object, print it on a line of its own and free b. */
static void json_print(struct ss_json *j, struct ss_buf *b)
{
	ss_json_obj_end(j);
	printf("%s\n", b->data);
	ss_buf_release(b);
}

static void json_strings(struct ss_json *j, const char *key, char *const *s, size_t n)
{
	ss_json_key(j, key);
	ss_json_arr_begin(j);
	for (size_t i = 0; i < n; i++)
		ss_json_str(j, s[i]);
	ss_json_arr_end(j);
}

/* "sanitize": the rules of one table, as the plan shows them. */
static void table_rules_json(struct ss_json *j, const struct sync_report_plan *p,
			     const struct ss_san_plan *san)
{
	ss_json_key(j, "sanitize");
	ss_json_arr_begin(j);
	for (size_t i = 0; san && i < san->nuses; i++)
		ss_san_use_json(&p->san->uses[san->uses[i]], 0, j);
	ss_json_arr_end(j);
}

/* The rules of one table under its line of the plan. */
static void table_rules_text(const struct sync_report_plan *p, const struct ss_san_plan *san)
{
	for (size_t i = 0; san && i < san->nuses; i++) {
		struct ss_buf b = SS_BUF_INIT;

		ss_san_use_describe(&p->san->uses[san->uses[i]], &b);
		printf("      sanitize %s\n", b.data);
		ss_buf_release(&b);
	}
}

static const char *extra_key(const struct sync_report_plan *p)
{
	return p->keep_extra ? "extra_tables_kept" : "extra_tables_removed";
}

static const char *inc_mode(const struct ss_delta_table *inc)
{
	return inc->mode == SS_DELTA_ON ? "compared" : "whole";
}

/* A table's "incremental" and "why" members (--incremental only). */
static void inc_json(struct ss_json *j, const struct sync_report_table *t)
{
	ss_json_key(j, "incremental");
	ss_json_str(j, inc_mode(t->inc));
	ss_json_key(j, "why");
	if (t->inc->mode == SS_DELTA_WHOLE && t->inc->why)
		ss_json_str(j, t->inc->why);
	else
		ss_json_null(j);
}

void sync_report_totals(const struct sync_report_plan *p, struct sync_report_totals *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; p->incremental && i < p->ntables; i++) {
		const struct sync_report_table *t = &p->tables[i];

		if (t->structure_only)
			continue;
		out->table_bytes += t->bytes;
		if (t->inc->mode == SS_DELTA_ON)
			out->compared++;
		else
			out->whole++;
		out->chunks += atomic_load(&t->inc->chunks);
		out->differ += atomic_load(&t->inc->differ);
		out->deleted += atomic_load(&t->inc->deleted);
		out->compare_bytes += atomic_load(&t->inc->compare_bytes);
	}
}

static void plan_json(const struct ss_alias *source, const struct ss_alias *target,
		      const struct sync_report_plan *p)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	json_begin(&j, &b, source, target);
	ss_json_key(&j, "simulated");
	ss_json_bool(&j, 1);
	if (p->per_schema)
		json_strings(&j, "schemas", p->schemas, p->nschemas);
	ss_json_key(&j, "estimated_rows");
	ss_json_int(&j, p->est_rows);
	ss_json_key(&j, "estimated_bytes");
	ss_json_int(&j, p->est_bytes);
	ss_json_key(&j, "tables");
	ss_json_arr_begin(&j);
	for (size_t i = 0; i < p->ntables; i++) {
		const struct sync_report_table *t = &p->tables[i];

		ss_json_obj_begin(&j);
		ss_json_key(&j, "name");
		ss_json_str(&j, t->name);
		ss_json_key(&j, "rows");
		ss_json_int(&j, t->rows);
		ss_json_key(&j, "bytes");
		ss_json_int(&j, t->bytes);
		ss_json_key(&j, "structure_only");
		ss_json_bool(&j, t->structure_only);
		ss_json_key(&j, "ranges");
		ss_json_int(&j, t->nchunks);
		if (p->incremental && !t->structure_only)
			inc_json(&j, t);
		if (p->san)
			table_rules_json(&j, p, t->san);
		ss_json_obj_end(&j);
	}
	ss_json_arr_end(&j);
	json_strings(&j, extra_key(p), p->extra, p->nextra);
	if (p->can_skip)
		json_strings(&j, "left_out", p->skipped, p->nskipped);
	if (p->san) {
		struct ss_buf d = SS_BUF_INIT;

		ss_san_describe(p->san->rules, &d);
		ss_json_key(&j, "sanitizing");
		ss_json_str(&j, d.data);
		ss_buf_release(&d);
	}
	json_print(&j, &b);
}

void sync_report_plan(struct ss_ctx *ctx, const struct ss_alias *source,
		      const struct ss_alias *target, const struct sync_report_plan *p)
{
	char a[32], in[64] = "";

	if (ss_ctx_json(ctx)) {
		plan_json(source, target, p);
		return;
	}
	if (p->per_schema)
		snprintf(in, sizeof(in), " in %zu schema%s", p->nschemas,
			 p->nschemas == 1 ? "" : "s");
	printf("%s (%s) → %s (%s): would replace %zu tables%s, ~%lld rows, ~%s\n",
	       source->name, sync_where(source), target->name, sync_where(target),
	       p->ntables, in, p->est_rows, ss_format_bytes(p->est_bytes, a, sizeof(a)));
	if (p->san) {
		struct ss_buf d = SS_BUF_INIT;

		ss_san_describe(p->san->rules, &d);
		printf("  sanitizing: %s\n", d.data);
		ss_buf_release(&d);
	}
	for (size_t i = 0; i < p->ntables; i++) {
		const struct sync_report_table *t = &p->tables[i];

		if (t->structure_only)
			printf("  %-40s structure only\n", t->name);
		else
			printf("  %-40s ~%lld rows, ~%s%s%s%s\n", t->name, t->rows,
			       ss_format_bytes(t->bytes, a, sizeof(a)),
			       t->nchunks > 1 ? " (split in ranges)" : "",
			       !p->incremental ? "" : t->inc->mode == SS_DELTA_ON
			       ? ", compared by chunks" : ", copied whole: ",
			       p->incremental && t->inc->mode == SS_DELTA_WHOLE ? t->inc->why : "");
		if (p->san)
			table_rules_text(p, t->san);
	}
	for (size_t i = 0; i < p->nextra; i++)
		printf("  %-40s only in the target: %s\n", p->extra[i],
		       p->keep_extra ? "kept" : "moved to the backup");
	for (size_t i = 0; i < p->nskipped; i++)
		printf("  %-40s left out (--skip-unsupported)\n", p->skipped[i]);
	if (!p->target_exists)
		printf("  database '%s' would be created\n", p->target_db);
	printf("nothing changed (--simulate)\n");
}

void sync_report_progress(void *arg, const struct ss_sync_stats *st)
{
	struct sync_report *r = arg;
	char done[32], total[32], rate[32], eta[32] = "";
	double bps = st->elapsed > 0 ? (double)st->bytes / st->elapsed : 0;
	long long est = st->est_bytes > st->bytes ? st->est_bytes : st->bytes;
	struct ss_event_progress ev = {
		.bytes = st->bytes, .bytes_total = est,
		.rows = st->rows, .rows_total = st->est_rows > st->rows ? st->est_rows : st->rows,
		.seconds = st->elapsed, .current = st->current,
	};

	ss_event_progress(&ev);
	if (st->rows > 0 && !r->copying) {
		r->copying = 1;
		ss_debug_stop("copy");
	}
	if (!r->progress)
		return;
	if (bps > 0 && est > st->bytes) {
		long s = (long)((double)(est - st->bytes) / bps);

		snprintf(eta, sizeof(eta), ", ETA %ld:%02ld", s / 60, s % 60);
	}
	fprintf(stderr, "\r\033[K%s of ~%s, %lld rows, %zu/%zu tables, %s/s%s%s%s",
		ss_format_bytes(st->bytes, done, sizeof(done)),
		ss_format_bytes(est, total, sizeof(total)), st->rows, st->tables_done,
		st->ntables, ss_format_bytes((long long)bps, rate, sizeof(rate)), eta,
		st->current ? ", " : "", st->current ? st->current : "");
	fflush(stderr);
	r->progress_shown = 1;
}

void sync_report_table(struct sync_report *r, const struct sync_report_table *t)
{
	char b[32], of[32];
	const struct ss_delta_table *inc = t->inc;

	if (!ss_ctx_global(r->ctx)->verbose)
		return;
	sync_report_clear(r);
	if (t->structure_only) {
		ss_info(r->ctx, "table %s: structure only, %.2f s", t->name, t->seconds);
		return;
	}
	ss_format_bytes(t->bytes_moved, b, sizeof(b));
	if (!inc || inc->mode == SS_DELTA_OFF) {
		ss_info(r->ctx, "table %s: %lld rows, %s, %.2f s", t->name, t->rows_moved, b,
			t->seconds);
		return;
	}
	ss_format_bytes(t->bytes, of, sizeof(of));
	if (inc->mode == SS_DELTA_ON)
		ss_info(r->ctx, "table %s: %lld of %lld chunks differ, %lld rows in, %lld out,"
			" %s of ~%s, %.2f s", t->name, atomic_load(&inc->differ),
			atomic_load(&inc->chunks), t->rows_moved, atomic_load(&inc->deleted), b, of,
			t->seconds);
	else
		ss_info(r->ctx, "table %s: copied whole (%s): %lld rows, %s, %.2f s", t->name,
			inc->why, t->rows_moved, b, t->seconds);
}

void sync_report_copied(struct sync_report *r)
{
	if (!r->copying) {
		r->copying = 1;
		ss_debug_stop("copy");
	}
}

void sync_report_clear(struct sync_report *r)
{
	if (r->progress_shown) {
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
		r->progress_shown = 0;
	}
}

/* Members key: value, the list ended by a NULL key. */
struct json_int {
	const char *key;
	long long v;
};

static void json_ints(struct ss_json *j, const struct json_int *m)
{
	for (; m->key; m++) {
		ss_json_key(j, m->key);
		ss_json_int(j, m->v);
	}
}

/* The summary's "incremental" object: totals, then each table. */
static void summary_inc_json(struct ss_json *j, const struct sync_report_plan *p)
{
	struct sync_report_totals tot;

	sync_report_totals(p, &tot);
	ss_json_key(j, "incremental");
	ss_json_obj_begin(j);
	json_ints(j, (const struct json_int[]){
		{ "tables_compared", tot.compared }, { "tables_whole", tot.whole },
		{ "chunks", tot.chunks }, { "chunks_differing", tot.differ },
		{ "rows_deleted", tot.deleted }, { "compare_bytes", tot.compare_bytes },
		{ "table_bytes", tot.table_bytes }, { NULL, 0 } });
	ss_json_key(j, "tables");
	ss_json_arr_begin(j);
	for (size_t i = 0; i < p->ntables; i++) {
		const struct sync_report_table *t = &p->tables[i];

		if (t->structure_only)
			continue;
		ss_json_obj_begin(j);
		ss_json_key(j, "name");
		ss_json_str(j, t->name);
		inc_json(j, t);
		json_ints(j, (const struct json_int[]){
			{ "chunks", atomic_load(&t->inc->chunks) },
			{ "chunks_differing", atomic_load(&t->inc->differ) },
			{ "rows_moved", t->rows_moved },
			{ "rows_deleted", atomic_load(&t->inc->deleted) },
			{ "bytes_moved", t->bytes_moved },
			{ "compare_bytes", atomic_load(&t->inc->compare_bytes) },
			{ "table_bytes", t->bytes }, { NULL, 0 } });
		ss_json_obj_end(j);
	}
	ss_json_arr_end(j);
	ss_json_obj_end(j);
}

/* What crossed the SSH links of the run's remote aliases; 0 when none. */
static int link_bytes(struct ss_ctx *ctx, const struct ss_alias *source,
		      const struct ss_alias *target, long long *in, long long *out)
{
	const struct ss_alias *a[2] = { source, target };
	int any = 0;

	*in = *out = 0;
	for (int i = 0; i < 2; i++) {
		long long x, y;

		if (ss_alias_is_remote(a[i]) && ss_ssh_link_bytes(ctx, a[i], &x, &y) == 0) {
			*in += x;
			*out += y;
			any = 1;
		}
	}
	return any;
}

/* "; incremental: ..." for the summary line, or "". */
static char *summary_inc_text(const struct sync_report_plan *p, const struct ss_sync_stats *st)
{
	struct sync_report_totals tot;
	char moved[32], of[32], cmp[32];

	if (!p->incremental)
		return ss_xstrdup("");
	sync_report_totals(p, &tot);
	ss_format_bytes(st->bytes, moved, sizeof(moved));
	ss_format_bytes(tot.table_bytes, of, sizeof(of));
	ss_format_bytes(tot.compare_bytes, cmp, sizeof(cmp));
	return ss_xasprintf("; incremental: %lld table%s compared, %lld copied whole,"
			    " %lld of %lld chunks differed, %s moved of ~%s (%.1f%%),"
			    " %s of sums read", tot.compared, tot.compared == 1 ? "" : "s",
			    tot.whole, tot.differ, tot.chunks, moved, of,
			    tot.table_bytes ? 100.0 * (double)st->bytes / (double)tot.table_bytes
					    : 0.0, cmp);
}

/* What the rules did: one line, and one per rule and table with -v. */
static void summary_sanitized(struct ss_ctx *ctx, const struct ss_san_run *san)
{
	ss_info(ctx, "sanitized: %lld values by %zu rule%s", ss_san_run_values(san), san->nuses,
		san->nuses == 1 ? "" : "s");
	if (!ss_ctx_global(ctx)->verbose)
		return;
	for (size_t i = 0; i < san->nuses; i++) {
		struct ss_buf b = SS_BUF_INIT;

		ss_san_use_describe(&san->uses[i], &b);
		ss_info(ctx, "  %s %s: %lld", san->uses[i].table, b.data,
			(long long)atomic_load(&san->uses[i].values));
		ss_buf_release(&b);
	}
}

void sync_report_summary(struct ss_ctx *ctx, const struct ss_alias *source,
			 const struct ss_alias *target, const struct sync_report_plan *p,
			 const struct ss_sync_stats *st, int jobs, double seconds)
{
	char a[32], *kept, *inc, *link = NULL;
	long long in, out;

	if (ss_ctx_json(ctx)) {
		struct ss_buf b = SS_BUF_INIT;
		struct ss_json j;

		json_begin(&j, &b, source, target);
		ss_json_key(&j, "status");
		ss_json_str(&j, "ok");
		if (p->per_schema) {
			ss_json_key(&j, "schemas");
			ss_json_int(&j, (long long)p->nschemas);
		}
		ss_json_key(&j, "tables");
		ss_json_int(&j, (long long)p->ntables);
		ss_json_key(&j, "rows");
		ss_json_int(&j, st->rows);
		ss_json_key(&j, "bytes");
		ss_json_int(&j, st->bytes);
		ss_json_key(&j, "seconds");
		ss_json_double(&j, seconds);
		ss_json_key(&j, "jobs");
		ss_json_int(&j, jobs);
		ss_json_key(&j, extra_key(p));
		ss_json_int(&j, (long long)p->nextra);
		ss_json_key(&j, "backup");
		if (p->backup)
			ss_json_str(&j, p->backup);
		else
			ss_json_null(&j);
		if (p->per_schema)
			json_strings(&j, "owners_not_kept", p->owner_notes, p->nowner_notes);
		if (p->incremental)
			summary_inc_json(&j, p);
		if (p->san) {
			ss_json_key(&j, "sanitize");
			ss_san_run_json(p->san, &j);
		}
		ss_json_key(&j, "compress");
		ss_json_str(&j, ss_compress_name(ss_ctx_compress(ctx)));
		if (link_bytes(ctx, source, target, &in, &out)) {
			ss_json_key(&j, "link_bytes_in");
			ss_json_int(&j, in);
			ss_json_key(&j, "link_bytes_out");
			ss_json_int(&j, out);
		}
		json_print(&j, &b);
		return;
	}
	kept = p->backup ? ss_xasprintf("; previous %s kept in %s", p->backup_what, p->backup)
			 : ss_xstrdup("");
	inc = summary_inc_text(p, st);
	if (link_bytes(ctx, source, target, &in, &out)) {
		char x[32], y[32];

		link = ss_xasprintf("; over ssh %s in, %s out (compress: %s)",
				    ss_format_bytes(in, x, sizeof(x)),
				    ss_format_bytes(out, y, sizeof(y)),
				    ss_compress_name(ss_ctx_compress(ctx)));
	}
	ss_info(ctx, "%s → %s: %zu tables, %lld rows, %s in %.1f s with %d worker%s%s%s%s",
		source->name, target->name, p->ntables, st->rows,
		ss_format_bytes(st->bytes, a, sizeof(a)), seconds, jobs, jobs == 1 ? "" : "s",
		kept, inc, link ? link : "");
	free(kept);
	free(inc);
	free(link);
	if (p->san)
		summary_sanitized(ctx, p->san);
}

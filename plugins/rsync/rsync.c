/*
 * rsync.c - `sitesync rsync SOURCE[:PATH] TARGET[:PATH] [-- rsync options]`:
 * copy a site's files between environments with drush's path aliases and
 * the safety model (policy, confirmation, simulate, history).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "plugins/rsync/rsync.h"

static const struct ss_option options[] = {
	{ "mode", 0, SS_OPT_STRING, "FLAGS", "rsync flags (default: akz)" },
	{ "exclude-paths", 0, SS_OPT_STRING, "LIST", "leave out these patterns (colon list)" },
	{ "include-paths", 0, SS_OPT_STRING, "LIST", "copy these patterns even when excluded" },
	{ "delete", 0, SS_OPT_FLAG, NULL, "delete target files the source does not have" },
	{ "engine", 0, SS_OPT_STRING, "NAME", "system (rsync on both ends; the default)" },
	{ 0 }
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void record(const struct rs_end *src, const struct rs_end *dst, const char *status,
		   const struct rs_stats *st, double seconds, time_t started, const char *error)
{
	struct ss_history_entry e = {
		.command = "rsync", .source = src->spec, .target = dst->spec, .status = status,
		.bytes = st->bytes, .rows = st->files, .seconds = seconds, .started = started,
		.error = error,
	};
	struct ss_error ignored;

	ss_history_append(&e, &ignored);
}

/* Refusals that need both ends: production target, upward, the same place. */
static int check_pair(const struct rs_end *src, const struct rs_end *dst, struct ss_error *err)
{
	if (ss_policy_check(src->alias, dst->alias, "rsync", err) < 0) {
		/* two aliases may share a database but not their files: only the
		 * same directory on the same machine is "the same" for rsync */
		if (!ss_same_database(src->alias, dst->alias))
			return -1;
		if (dst->alias->role == SS_ROLE_PRODUCTION || dst->alias->role > src->alias->role)
			return -1;
	}
	if (src->remote == dst->remote && !strcmp(src->path, dst->path) &&
	    (!src->remote || !strcmp(src->alias->host, dst->alias->host)))
		return ss_error_set(err, SS_REFUSED, "refusing to rsync '%s' onto itself ('%s')",
				    src->spec, dst->path);
	if (src->remote && dst->remote)
		return ss_error_set(err, SS_FAILED, "'%s' and '%s' are both remote: the system rsync "
				    "engine copies between this machine and one remote end only",
				    src->spec, dst->spec);
	return 0;
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	const struct ss_global *g = ss_ctx_global(ctx);
	const char *engine = ss_opt_str(ctx, "engine");
	struct rs_end src, dst;
	struct rs_stats st = { 0 };
	struct ss_error err;
	struct ss_buf q = SS_BUF_INIT;
	struct rs_run r;
	time_t started = time(NULL);
	double t0;
	int rc;

	if (argc < 3)
		return ss_fail(ctx, SS_USAGE, "rsync needs a source and a target, e.g. "
			       "'sitesync rsync @prod:%%files default:%%files'");
	if (engine && strcmp(engine, "system"))
		return ss_fail(ctx, SS_USAGE, "unknown engine '%s' (this build has: system)", engine);
	memset(&src, 0, sizeof(src));
	memset(&dst, 0, sizeof(dst));
	if (rs_end_resolve(ctx, argv[1], &src, &err) < 0 ||
	    rs_end_resolve(ctx, argv[2], &dst, &err) < 0 ||
	    check_pair(&src, &dst, &err) < 0 || rs_check_target(&dst, &err) < 0) {
		rc = ss_fail_err(ctx, &err);
		goto out;
	}
	r = (struct rs_run){
		.src = &src, .dst = &dst, .mode = ss_opt_str(ctx, "mode"),
		.excludes = ss_opt_str(ctx, "exclude-paths"),
		.includes = ss_opt_str(ctx, "include-paths"),
		.delete_extra = ss_opt_flag(ctx, "delete"), .dry_run = g->simulate,
		.verbose = g->verbose, .extra = argv + 3, .nextra = argc - 3,
	};
	if (!g->simulate) {
		ss_buf_addf(&q, "%s:%s → %s:%s: copy new and changed files%s?", src.alias->name,
			    src.path, ss_target_name(dst.alias), dst.path,
			    r.delete_extra ? " and delete files the source does not have" : "");
		if (ss_confirm(ctx, q.data, &err) < 0) {
			rc = ss_fail_err(ctx, &err);
			goto out;
		}
	}
	t0 = now();
	if (rs_system_run(ctx, &r, &st, &err) < 0) {
		record(&src, &dst, "failed", &st, now() - t0, started, err.msg);
		rc = ss_fail_err(ctx, &err);
		goto out;
	}
	record(&src, &dst, g->simulate ? "simulated" : "ok", &st, now() - t0, started, NULL);
	ss_info(ctx, "%s → %s: %lld files, %lld bytes %s in %.1f s", src.spec, dst.spec, st.files,
		st.bytes, g->simulate ? "would be copied" : "copied", now() - t0);
	rc = SS_OK;
out:
	ss_buf_release(&q);
	rs_end_release(&src);
	rs_end_release(&dst);
	return rc;
}

static const struct ss_command rsync_command = {
	SITESYNC_COMMAND_HEADER,
	.name = "rsync",
	.summary = "copy a site's files between environments (drush rsync)",
	.usage = "SOURCE[:PATH] TARGET[:PATH] [-- RSYNC-OPTIONS]\n"
		 "\n"
		 "PATH may start with a path alias: %files, %private, %temp, %root or\n"
		 "%NAME for any paths.NAME of the alias; relative paths are relative to\n"
		 "the alias's root.  `dfiles @staging` runs\n"
		 "`sitesync rsync @staging:%files default:%files -d -v`.",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(rsync_command)

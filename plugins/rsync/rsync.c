/* rsync.c - `sitesync rsync SOURCE[:PATH] TARGET[:PATH]`: drush rsync with the safety model. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plugins/rsync/rsync.h"

static const struct ss_option options[] = {
	{ "mode", 0, SS_OPT_STRING, "FLAGS", "rsync's short options (default akz)" },
	{ "exclude-paths", 0, SS_OPT_STRING, "LIST", "colon-separated patterns to leave out" },
	{ "include-paths", 0, SS_OPT_STRING, "LIST", "colon-separated patterns to keep" },
	{ "delete", 0, SS_OPT_FLAG, NULL, "delete target files that the source does not have" },
	{ "engine", 0, SS_OPT_STRING, "NAME", "auto (default), system (rsync) or native (SFTP)" },
	{ 0 }
};

struct run {
	struct ss_history_entry h;
	struct timespec t0;
};

static int fail_status(const struct ss_error *err)
{
	return err->status ? err->status : SS_FAILED;
}

static const char *status_name(int rc)
{
	return rc == SS_REFUSED ? "refused" : rc == SS_BUSY ? "busy" : "failed";
}

/* Record the run in the history and return its exit status. */
static int finish(struct ss_ctx *ctx, struct run *r, const char *status, int rc,
		  const struct ss_error *err)
{
	return ss_history_finish(ctx, &r->h, &r->t0, status, rc, err);
}

/* The mode must be rsync short option letters only. */
static int check_mode(const char *mode, struct ss_error *err)
{
	if (mode && (!*mode || strspn(mode, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
			       != strlen(mode)))
		return ss_error_set(err, SS_USAGE, "--mode '%s' must be rsync short option letters, "
				    "e.g. akz", mode);
	return 0;
}

/*
 * 0 when both ends have rsync, 1 when one lacks it (*which names it), -1
 * on error.  At most one end may be remote for the system engine.
 */
static int missing_rsync(struct ss_ctx *ctx, const struct endpoint *src,
			 const struct endpoint *dst, const struct endpoint **which,
			 struct ss_error *err)
{
	const struct endpoint *ends[2] = { src, dst };

	for (int i = 0; i < 2; i++) {
		int has = sysrsync_available(ctx, ends[i]->alias, err);

		if (has < 0)
			return -1;
		if (!has) {
			*which = ends[i];
			return 1;
		}
	}
	return 0;
}

static const char *host_of(const struct endpoint *e)
{
	return e->remote ? e->alias->host : "this machine";
}

/* --engine=system: both ends must have rsync; at most one may be remote. */
static int check_system(struct ss_ctx *ctx, const struct endpoint *src,
			const struct endpoint *dst, struct ss_error *err)
{
	const struct endpoint *which = NULL;
	int rc;

	if (src->remote && dst->remote)
		return ss_error_set(err, SS_USAGE, "rsync cannot copy between two remote aliases "
				    "('%s' and '%s'); use --engine=native or copy through a "
				    "local directory", ss_target_name(src->alias),
				    ss_target_name(dst->alias));
	if ((rc = missing_rsync(ctx, src, dst, &which, err)) <= 0)
		return rc;
	return ss_error_set(err, SS_FAILED, "rsync is not installed on %s ('%s')",
			    host_of(which), ss_target_name(which->alias));
}

/*
 * Automatic choice: the system rsync when both ends have it and at most
 * one is remote, else the native engine (said with -v).
 */
static int pick_auto(struct ss_ctx *ctx, const struct endpoint *src,
		     const struct endpoint *dst, struct ss_error *err)
{
	const struct endpoint *which = NULL;
	int rc;

	if (src->remote && dst->remote) {
		ss_info(ctx, "both ends are remote: using the native engine through this machine");
		return 1;
	}
	if ((rc = missing_rsync(ctx, src, dst, &which, err)) <= 0)
		return rc;
	ss_info(ctx, "rsync is not installed on %s ('%s'): using the native engine",
		host_of(which), ss_target_name(which->alias));
	return 1;
}

/* 1 for the native engine, 0 for the system rsync, -1 on error. */
static int pick_native(struct ss_ctx *ctx, const struct endpoint *src,
		       const struct endpoint *dst, struct ss_error *err)
{
	const char *e = ss_opt_str(ctx, "engine");

	if (!e || !strcmp(e, "auto"))
		return pick_auto(ctx, src, dst, err);
	if (!strcmp(e, "native"))
		return 1;
	if (!strcmp(e, "system"))
		return check_system(ctx, src, dst, err) < 0 ? -1 : 0;
	return ss_error_set(err, SS_USAGE, "unknown engine '%s' (auto, system or native)", e);
}

static int transfer(struct ss_ctx *ctx, struct run *r, int native, const struct endpoint *src,
		    const struct endpoint *dst, struct copy_opts *o, struct ss_error *err)
{
	struct copy_stats st = { 0 };
	int rc;

	ss_event_stage("copying", native ? "native engine" : "rsync");
	if (!native)
		rc = sysrsync_run(ctx, src, dst, o, &st, err);
	else
		rc = native_run(ctx, src, dst, o, &st, err);
	r->h.rows = st.files + st.links;
	r->h.bytes = st.bytes;
	if (rc == 0)
		output_summary(o->out, r->h.source, r->h.target, native ? "native" : "system", &st,
			       ss_elapsed(&r->t0));
	return rc;
}

static int copy(struct ss_ctx *ctx, struct run *r, const struct endpoint *src,
		const struct endpoint *dst, struct copy_opts *o, struct ss_error *err)
{
	const struct ss_global *g = ss_ctx_global(ctx);
	char *from, *to, *q;
	int rc, native;

	if (ss_policy_check(src->alias, dst->alias, "rsync", err) < 0 ||
	    endpoint_check_target(dst, err) < 0 || check_mode(o->mode, err) < 0 ||
	    (native = pick_native(ctx, src, dst, err)) < 0)
		return -1;
	if (g->simulate)
		return transfer(ctx, r, native, src, dst, o, err);
	from = endpoint_name(src);
	to = endpoint_name(dst);
	q = ss_xasprintf("%s → %s: copy new and changed files%s?", from, to,
			 o->delete_ ? " and delete files the source does not have" : "");
	rc = ss_confirm(ctx, q, err);
	if (rc < 0)
		ss_error_prefix(err, "rsync to '%s'", to);
	free(q);
	free(from);
	free(to);
	return rc < 0 ? -1 : transfer(ctx, r, native, src, dst, o, err);
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	const struct ss_global *g = ss_ctx_global(ctx);
	struct endpoint src = { 0 }, dst = { 0 };
	struct copy_opts o = { 0 };
	struct copy_output out;
	struct ss_error err;
	struct run r;
	int rc;

	if (argc < 3)
		return ss_fail(ctx, SS_USAGE, "rsync takes a source and a target, e.g. "
			       "'sitesync rsync @staging:%%files default:%%files'");
	memset(&r, 0, sizeof(r));
	clock_gettime(CLOCK_MONOTONIC, &r.t0);
	r.h.command = "rsync";
	r.h.started = time(NULL);
	o.mode = ss_opt_str(ctx, "mode");
	o.delete_ = ss_opt_flag(ctx, "delete") > 0;
	o.excludes = ss_opt_str(ctx, "exclude-paths");
	o.includes = ss_opt_str(ctx, "include-paths");
	o.verbose = g->verbose > 0;
	o.simulate = g->simulate;
	output_init(&out, ctx);
	o.out = &out;
	o.itemise = out.itemise;
	o.extra = argv + 3;
	o.nextra = argc - 3;
	if (endpoint_resolve(ctx, argv[1], &src, &err) < 0 ||
	    endpoint_resolve(ctx, argv[2], &dst, &err) < 0) {
		endpoint_release(&src);
		output_release(&out);
		return ss_fail_err(ctx, &err);
	}
	r.h.source = ss_target_name(src.alias);
	r.h.target = ss_target_name(dst.alias);
	ss_history_begin(&r.h);
	rc = copy(ctx, &r, &src, &dst, &o, &err) < 0 ? fail_status(&err) : SS_OK;
	rc = finish(ctx, &r, rc == SS_OK ? (g->simulate ? "simulated" : "ok") : status_name(rc),
		    rc, &err);
	endpoint_release(&src);
	endpoint_release(&dst);
	output_release(&out);
	return rc;
}

static const struct ss_command cmd = {
	SITESYNC_COMMAND_HEADER,
	.name = "rsync",
	.summary = "copy files between aliases with rsync (drush rsync)",
	.usage = "SOURCE[:PATH] TARGET[:PATH] [-- RSYNC-OPTIONS]\n"
		 "PATH may start with %files (paths.files, else sites/default/files), %private,\n"
		 "%temp (/tmp), %root or %NAME (paths.NAME); a relative PATH is under the alias's\n"
		 "root, no PATH is the root.  The contents of the source directory are copied\n"
		 "into the target directory.  Files are deleted only with --delete.  Asks first\n"
		 "(-y answers yes); -s lists what would change and changes nothing.  A production\n"
		 "target, an upward copy, a target of '/' or outside the alias's root and the\n"
		 "paths it declares are refused (exit 3).  The system rsync is used when both\n"
		 "ends have it; otherwise, between two remote aliases, or with --engine=native,\n"
		 "the native engine copies over SFTP (and local file I/O) with the same quick\n"
		 "check and itemised -v output.\n"
		 "It writes each file to .NAME.sitesync-XXXXXX and renames it into place;\n"
		 "such files a killed run left are removed first, Ctrl-C removes the one being\n"
		 "written.  A file it cannot transfer is named and the rest is copied; the run\n"
		 "then says 'N files could not be transferred' (exit 1) and --delete deletes\n"
		 "nothing.",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(cmd)

/* apply.h - schema-diff --apply: run the changes on the target in one transaction, verify, commit. */
#ifndef SD_APPLY_H
#define SD_APPLY_H

#include "lib/pg/diff/diff.h"
#include "plugins/schema-diff/endpoint.h"

/*
 * Run diff's changes on the target in one transaction, read the target again
 * inside it and diff it against src: commit only when nothing differs,
 * otherwise roll back and fail naming what still differs.
 */
int sd_apply(struct ss_ctx *ctx, struct sd_endpoint *target, const struct ss_pg_catalog *src,
	     const struct ss_pg_diff *diff, const struct ss_pg_diff_opts *opts,
	     struct ss_error *err);

/*
 * The per-target lock for a target given by options (no alias): the same
 * advisory lock key as ss_lock_acquire, held by the target's session until
 * it closes.  Busy → SS_BUSY.
 */
int sd_apply_lock(struct sd_endpoint *target, struct ss_error *err);

#endif

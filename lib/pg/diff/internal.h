/* internal.h - what the parts of the PostgreSQL differ share (internal). */
#ifndef SS_PG_DIFF_INT_H
#define SS_PG_DIFF_INT_H

#include <sitesync/buf.h>

#include "lib/pg/diff/diff.h"

struct differ {
	const struct ss_pg_catalog *src, *tgt;
	const struct ss_pg_diff_opts *opts;
	struct ss_pg_diff *out;
	char *tskip;     /* target objects left out (pending cleanup, parts of such) */
	char *tdrop;     /* target objects dropped (1) or renamed (2) in phase 0 */
	char *screate;   /* source objects created in phase 1 */
	char **tcols;    /* per target table: columns whose dependents must be rebuilt (by attnum) */
	int changed;     /* the closure grew */
};

/* Append a change; takes over sql and cleanup (may be NULL); object is copied. */
struct ss_pg_change *ss_pg_diff_add(struct differ *d, int phase, size_t obj, enum ss_pg_kind kind,
				    const char *section, enum ss_pg_action action,
				    const char *object, char *sql, char *cleanup);
void ss_pg_diff_warn(struct differ *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Compare a table present on both sides (pg_diff_table.c). */
void ss_pg_diff_table(struct differ *d, size_t s, size_t t);
/* A table only in the target: rename or drop its columns... (pg_diff_table.c) */
const struct ss_pg_column *ss_pg_find_column(const struct ss_pg_object *t, const char *name);
/* Mark column attnum of target table t as changed (its dependent views are rebuilt). */
void ss_pg_diff_seed_column(struct differ *d, size_t t, int attnum);
/* Rebuild an enum in place: rename, create, convert columns (pg_diff_table.c). */
void ss_pg_diff_enum_rebuild(struct differ *d, size_t s, size_t t);

/* Row level security of source table s (target table t, or nothing when new). */
void ss_pg_diff_rls(struct differ *d, size_t s, int t_rls, int t_force);
/* Attach, detach, inherit, no inherit: what makes t's parents s's (partition.c). */
void ss_pg_diff_parents(struct differ *d, size_t s, size_t t);
/* ALTER SERVER for a server whose version or options differ (privileges.c). */
void ss_pg_diff_server(struct differ *d, size_t s, size_t t);
/* Privileges of every object created or compared (privileges.c). */
void ss_pg_diff_privileges(struct differ *d);
/* Default privileges: s or t may be (size_t)-1 (only on the other side). */
void ss_pg_diff_defacl(struct differ *d, size_t s, size_t t);
/* The roles of a list, quoted, one per line, PUBLIC left out; NULL when none (caller frees). */
char *ss_pg_diff_roles(char *const *roles, size_t n);

#endif

/*
 * pg_diff.h - compare two PostgreSQL catalog models and list the changes
 * that make the target match the source, in an order that applies: drops
 * first (dependents before what they depend on, in the target), then
 * creates and alters (what is depended on first, in the source).
 *
 * Objects only in the target are preserved by default: tables, columns,
 * functions, sequences and types are renamed to <name>_dropped_<UTC stamp>
 * and their DROP goes to the change's `cleanup`; opts.drop drops at once.
 * Objects whose names already carry such a suffix are pending cleanup and
 * are left out of the comparison.
 */
#ifndef SS_PG_DIFF_H
#define SS_PG_DIFF_H

#include <stddef.h>
#include <time.h>

#include "lib/pg/catalog.h"

enum ss_pg_action { SS_PG_ACT_CREATE, SS_PG_ACT_ALTER, SS_PG_ACT_DROP, SS_PG_ACT_RENAME };

struct ss_pg_change {
	enum ss_pg_kind kind;
	const char *section;   /* static: "TABLE", "COLUMN", "COMMENT", ... */
	enum ss_pg_action action;
	char *object;          /* "schema.table.column", unquoted, for reports */
	int lossy;             /* may lose data (the SQL carries a "-- LOSSY:" line) */
	char *sql;             /* statements, each ending in ";\n" */
	char *cleanup;         /* the DROP of a preserved object, or NULL */
	int phase;             /* 0: drops (target order), 1: creates, alters (source order) */
	size_t obj;            /* the object it orders by, in the target (0) or source (1) */
	size_t seq;            /* creation order, the last tie-break */
	int late;              /* in a sync, runs after the data (row level security) */
	char *needs;           /* roles the statement names (GRANT, policy, default
				* privileges), quoted, one per line; or NULL */
};

struct ss_pg_diff_opts {
	int drop;              /* drop objects only in the target at once */
	time_t now;            /* the time in the _dropped_ suffix */
	int privileges;        /* compare privileges and default privileges */
};

/* The result; ss_pg_diff_release() frees everything in it. */
struct ss_pg_diff {
	struct ss_pg_change *changes;
	size_t n, cap;
	char **warnings;       /* one line each, naming the object */
	size_t nwarnings;
};

int ss_pg_diff(const struct ss_pg_catalog *src, const struct ss_pg_catalog *tgt,
	       const struct ss_pg_diff_opts *opts, struct ss_pg_diff *out);
void ss_pg_diff_release(struct ss_pg_diff *d);

const char *ss_pg_action_name(enum ss_pg_action a); /* "create", "alter", "drop", "rename" */

/* Can changing a column from type `from` to `to` lose data? (format_type() spellings) */
int ss_pg_type_change_lossy(const char *from, const char *to);

#endif

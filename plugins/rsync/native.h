/*
 * plugins/rsync/native.h - the native engine's parts: the plan (compare
 * two listings, native_plan.c) and its execution (native.c).
 */
#ifndef PLUGINS_RSYNC_NATIVE_H
#define PLUGINS_RSYNC_NATIVE_H

#include "plugins/rsync/progress.h"
#include "plugins/rsync/tree.h"

enum act_kind { ACT_DELETE, ACT_MKDIR, ACT_FILE, ACT_LINK, ACT_CHMOD, ACT_DIRATTR };

struct action {
	enum act_kind kind;
	const struct tree_entry *s, *d;  /* source entry; target entry (deletions: the one to go) */
	int extra;                       /* a deletion --delete asked for (not a replacement) */
	int replaces;                    /* a send that follows the deletion of the old entry */
	char item[12];
};

struct nat {
	struct ss_ctx *ctx;
	const struct copy_opts *o;
	struct tree *src, *dst;
	struct tree_list sl, dl;
	struct tree_list temps;        /* stale temporary files of the target */
	struct action *acts;
	size_t nacts, cap;
	unsigned char *dirty;          /* per source entry: a directory whose contents changed */
	int whole_seconds;
	struct copy_stats *st;
	struct progress prog;
	char *buf;
	size_t ahead;                  /* actions up to here were hinted to the source */
	long long failed;              /* entries that could not be transferred */
	int replace_failed;            /* the old entry a send replaces could not be removed */
	int extras_seen;               /* --delete's deletions reached */
	int extras_skipped;            /* --delete's deletions left out after a failure */
};

/*
 * Walk both listings in tree order and list the changes into n->acts:
 * deletions of entries a new one replaces, then the sends, in tree
 * order; --delete's deletions after them (contents before their
 * directory); directories' mode and mtime last, deepest first.
 */
void native_plan(struct nat *n);

#endif

/*
 * plugins/rsync/tree.h - the "tree endpoint" of the native engine: one
 * directory tree, on the local filesystem or over SFTP, seen through the
 * few operations the sync needs (list, read, write through a temporary
 * name, rename into place, unlink, mkdir, symlink, set mode and mtime).
 * The sync logic (native.c) is written once against this interface.
 */
#ifndef PLUGINS_RSYNC_TREE_H
#define PLUGINS_RSYNC_TREE_H

#include <sys/types.h>
#include <time.h>

#include "plugins/rsync/rsync.h"

/* One entry of a tree.  rel is "" for the top, else "dir/name". */
struct tree_entry {
	char *rel;            /* owned */
	char type;            /* 'f' file, 'd' directory, 'l' symlink, '?' other */
	unsigned mode;        /* permission bits (07777) */
	long long size;
	struct timespec mtime;
	char *link;           /* symlink target, owned; NULL for others */
};

/* Every entry of a tree in tree order (tree_cmp), the top first. */
struct tree_list {
	struct tree_entry *v;
	size_t n, cap;
};

struct tree;
struct tree_io;

struct tree_ops {
	/*
	 * List the tree into out (the top as rel ""); names that o excludes
	 * are left out, excluded directories not entered.  The engine's own
	 * temporary files and links (tree_is_temp) are left out too, and
	 * listed into temps unless it is NULL.  A missing top gives an empty
	 * list and returns 0.
	 */
	int (*list)(struct tree *t, const struct copy_opts *o, struct tree_list *out,
		    struct tree_list *temps, struct ss_error *err);
	/* Create the top and its missing parents. */
	int (*mkdirs)(struct tree *t, struct ss_error *err);
	/* Open rel for reading; size is its listed size.  -2: it is gone (err says so). */
	int (*open_read)(struct tree *t, const char *rel, long long size, struct tree_io **out,
			 struct ss_error *err);
	/*
	 * A hint: rel will be opened for reading soon, after the files hinted
	 * before it (NULL: no use for hints).  Errors wait for open_read.
	 */
	void (*prefetch)(struct tree *t, const char *rel, long long size);
	/* Up to n bytes (n >= TREE_CHUNK); 0 at the end; -1 on error. */
	ssize_t (*read)(struct tree_io *r, void *buf, size_t n, struct ss_error *err);
	/* Create a temporary file beside rel for its new content. */
	int (*create)(struct tree *t, const char *rel, struct tree_io **out, struct ss_error *err);
	int (*write)(struct tree_io *w, const void *buf, size_t n, struct ss_error *err);
	/*
	 * Give the written file like's mode and mtime and rename it to rel;
	 * frees w.  The rename may happen later (several files in flight):
	 * by the next operation on the tree or flush, which report its failure.
	 */
	int (*commit)(struct tree_io *w, const struct tree_entry *like, struct ss_error *err);
	/* Close a reader, or drop a writer and its temporary file; frees io. */
	void (*close)(struct tree_io *io);
	/* Make rel a symlink to target (replacing what is there). */
	int (*symlink)(struct tree *t, const char *rel, const char *target, struct ss_error *err);
	int (*mkdir)(struct tree *t, const char *rel, struct ss_error *err);
	/* Remove rel: a file or link, or an empty directory (dir != 0). */
	int (*remove)(struct tree *t, const char *rel, int dir, struct ss_error *err);
	/* Set rel's mode, and its mtime too when times != 0 (never follows a link). */
	int (*set_attrs)(struct tree *t, const char *rel, const struct tree_entry *like,
			 int times, struct ss_error *err);
	/* Finish what is in flight (NULL: nothing ever is). */
	int (*flush)(struct tree *t, struct ss_error *err);
	/* Nonzero when the tree cannot be used any more: its connection is lost (NULL: never). */
	int (*lost)(struct tree *t);
	void (*free)(struct tree *t);
};

/*
 * A failure that concerns one entry (a file not readable or not
 * writable) leaves the tree usable: the operation returns -1 and ops->lost
 * says 0.  A file's failure found only later (several files in flight) is
 * handed to on_failed, its temporary file removed, and the operation that
 * found it goes on.
 */
struct tree {
	const struct tree_ops *ops;
	char *name;           /* "@alias:/path" for messages, owned */
	int whole_seconds;    /* mtimes are kept in whole seconds (SFTP) */
	void (*on_failed)(void *arg, const struct ss_error *why);
	void *on_failed_arg;
};

/* open_read's return when the file vanished since the listing. */
#define TREE_VANISHED (-2)

/* Chunk size of reads and writes. */
#define TREE_CHUNK (64 * 1024)

/* The tree of an endpoint: local, or over the alias's SFTP session.  Free with tree_free. */
int tree_open(struct ss_ctx *ctx, const struct endpoint *e, struct tree **out,
	      struct ss_error *err);
int tree_local_open(const struct endpoint *e, struct tree **out, struct ss_error *err);
int tree_sftp_open(struct ss_ctx *ctx, const struct endpoint *e, struct tree **out,
		   struct ss_error *err);
void tree_free(struct tree *t);

/* Tree order: byte order with '/' before every other byte (a directory's contents follow it). */
int tree_cmp(const char *a, const char *b);

/* Add an entry (rel and link are copied); returns it. */
struct tree_entry *tree_list_add(struct tree_list *l, const char *rel, char type);
void tree_list_sort(struct tree_list *l);
void tree_list_release(struct tree_list *l);

/* "dir/name" of a child of rel ("" is the top); caller frees. */
char *tree_child(const char *rel, const char *name);

/* Nonzero when a name is left out: an include that matches wins, then an exclude. */
int tree_excluded(const struct copy_opts *o, const char *name);

/*
 * The temporary name beside rel: "dir/.name.sitesync-" followed by six
 * characters of rnd (letters and digits), the name shortened so the last
 * component stays within 255 bytes.  Caller frees.
 */
char *tree_temp_name(const char *rel, unsigned long long rnd);

/*
 * 1 when a file name (no '/') is one of tree_temp_name's or mkstemp's:
 * ".NAME.sitesync-" and six letters or digits.
 */
int tree_is_temp(const char *name);

/* 1 when the tree cannot be used any more (tree_ops.lost). */
int tree_lost(struct tree *t);

/*
 * The quick check: 1 when a file must be sent (missing, other size, or
 * other mtime; whole seconds only when either side keeps only those).
 */
int tree_file_differs(const struct tree_entry *src, const struct tree_entry *dst,
		      int whole_seconds);

/*
 * rsync's itemised change string (11 characters and a NUL) into out:
 * ">f+++++++++" new file, ">f.st......" changed (s size, t time),
 * "cL+++++++++" new link, "cL.st......" changed link target,
 * "cd+++++++++" new directory.  dst is NULL for a new entry.
 */
void tree_itemise(const struct tree_entry *src, const struct tree_entry *dst,
		  int whole_seconds, char out[12]);

/* Control characters of a message (a file name may hold a newline) become '?', in place. */
void tree_one_line(char *msg);

#endif

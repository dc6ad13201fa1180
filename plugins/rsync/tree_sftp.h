/*
 * plugins/rsync/tree_sftp.h - the parts of the SFTP tree (tree_sftp.c:
 * listing with libssh's SFTP, reading through the pipe of sftp_pipe.h,
 * directories; tree_sftp_write.c: files written through the pipe, several
 * files in flight).
 */
#ifndef PLUGINS_RSYNC_TREE_SFTP_H
#define PLUGINS_RSYNC_TREE_SFTP_H

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include "plugins/rsync/sftp_pipe.h"
#include "plugins/rsync/tree.h"

/* Reads: requests of READ_LEN bytes, up to READS_IN_FLIGHT of them outstanding per file. */
#define READ_LEN (32 * 1024)
#define READS_IN_FLIGHT 32
/* Files opened ahead of their reading. */
#define OPENS_AHEAD 16

/* A file opened ahead: its path and the tag its handle lands in. */
struct stree_ahead {
	char *path;
	struct sftp_pipe_tag tag;
};

/* A written file whose replies (then whose rename) are still due; owned by the tree. */
struct stree_pending {
	struct stree_pending *next;
	char *tmp, *dst;              /* full paths */
	struct sftp_pipe_tag wrote;   /* its WRITEs, FSETSTAT and CLOSE */
	struct sftp_pipe_tag renamed;
	int renaming;
};

struct stree {
	struct tree base;
	struct ss_ssh *ssh;
	sftp_session sftp;
	char *top;
	const char *alias;
	struct sftp_pipe pipe;        /* writes, with many requests in flight */
	int pipe_open;
	struct stree_pending *pending;
	struct stree_ahead ahead[OPENS_AHEAD];  /* a ring, oldest at ahead_head */
	int ahead_head, ahead_count;
};

struct sio {
	struct stree *t;
	struct sftp_pipe_handle h;    /* the file's handle on the pipe */
	/* reader: its READs in flight, oldest at head, and what is left to ask for */
	struct sftp_pipe_tag slots[READS_IN_FLIGHT];
	int head, count, reading;
	long long want, asked, got;
	char *path;                   /* the file's full path, for messages */
	/* writer: the temporary file and its replies */
	struct stree_pending *w;
	uint64_t off;
};

/* Full path of rel; caller frees. */
char *stree_full(const struct stree *t, const char *rel);
/* "cannot DOING 'alias:path': why" from an SFTP status code (> 0) or the session (-1). */
int stree_error(struct stree *t, struct ss_error *err, int code, const char *doing,
		const char *path);

/* The pipe, opened on first use.  Locked. */
int stree_need_pipe(struct stree *t, struct ss_error *err);

/* The writer's tree ops (tree_sftp_write.c); all lock the session themselves. */
int stree_create(struct tree *tt, const char *rel, struct tree_io **out, struct ss_error *err);
int stree_write(struct tree_io *w, const void *buf, size_t n, struct ss_error *err);
int stree_commit(struct tree_io *w, const struct tree_entry *like, struct ss_error *err);
int stree_flush(struct tree *tt, struct ss_error *err);
/* Locked: drop an uncommitted writer (its temporary file goes); rename a link into place. */
void stree_abort_locked(struct sio *io);
int stree_rename_locked(struct stree *t, const char *tmp, const char *dst, struct ss_error *err);
/* Locked: wait for every reply and rename what was committed. */
int stree_flush_locked(struct stree *t, struct ss_error *err);
/* Locked: drop what is still pending (temporary files removed when the channel lives). */
void stree_release_locked(struct stree *t);

#endif

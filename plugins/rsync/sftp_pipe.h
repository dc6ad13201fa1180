/*
 * plugins/rsync/sftp_pipe.h - SFTP writes with many requests in flight.
 * libssh 0.10 waits for the reply to every sftp_write() and sends only
 * SFTP v3 RENAME (which OpenSSH refuses over an existing name).  This
 * speaks just enough SFTP v3 on a channel of its own, with public libssh
 * calls: OPEN for an exclusive create (waits for its handle), and WRITE,
 * FSETSTAT, CLOSE, REMOVE and RENAME or OpenSSH's atomic
 * posix-rename@openssh.com queued without waiting.  The server answers in
 * order; each queued request names a tag that gets its STATUS (the first
 * failure, and how many replies are still due), so the files of several
 * requests can be in flight at once.
 *
 * All calls with the session's lock held (ss_ssh_lock).
 */
#ifndef PLUGINS_RSYNC_SFTP_PIPE_H
#define PLUGINS_RSYNC_SFTP_PIPE_H

#include <stddef.h>
#include <stdint.h>

#include <libssh/libssh.h>

/* Queued requests before one reply is read. */
#define SFTP_PIPE_WINDOW 64

/* Where the replies of a group of queued requests go. */
struct sftp_pipe_tag {
	int status;                /* first failure: an SFTP status code; 0 none */
	unsigned outstanding;      /* replies not read yet */
	unsigned char *data;       /* a READ's data or an OPEN's handle: malloc'd, at data + 8 */
	size_t len;                /* how many bytes */
};

struct sftp_pipe {
	ssh_channel ch;
	uint32_t id;
	int posix_rename;          /* the server has posix-rename@openssh.com */
	int failed;                /* -1 once the channel failed */
	struct sftp_pipe_tag **ring; /* the tags of queued requests, oldest first (NULL: ignored) */
	size_t head, count, cap;
	unsigned char *buf;        /* packet being built */
	size_t bufcap;
};

struct sftp_pipe_handle {
	unsigned char data[256];
	uint32_t len;
};

/* Open the channel, its sftp subsystem, INIT/VERSION; -1 on failure (see ssh_get_error). */
int sftp_pipe_open(struct sftp_pipe *p, ssh_session s, int posix_rename);
void sftp_pipe_close(struct sftp_pipe *p);

/*
 * Create path (write, exclusive, mode 0600) and wait for its handle; the
 * replies queued before it are read on the way (into their tags):
 * 0, an SFTP status code (> 0), or -1 when the channel failed.
 */
int sftp_pipe_create(struct sftp_pipe *p, const char *path, struct sftp_pipe_handle *h);

/* Open path for reading and wait for its handle, as sftp_pipe_create. */
int sftp_pipe_open_read(struct sftp_pipe *p, const char *path, struct sftp_pipe_handle *h);

/* Queue requests (tag may be NULL: the reply is ignored): 0, or -1 when the channel failed. */
/* OPEN for reading without waiting: the handle lands in tag->data as a READ's data does. */
int sftp_pipe_open_read_async(struct sftp_pipe *p, const char *path, struct sftp_pipe_tag *tag);
/* READ: the data lands in tag->data (the caller frees it); SSH_FX_EOF in tag->status at the end. */
int sftp_pipe_read(struct sftp_pipe *p, const struct sftp_pipe_handle *h, uint64_t offset,
		   uint32_t len, struct sftp_pipe_tag *tag);
int sftp_pipe_write(struct sftp_pipe *p, const struct sftp_pipe_handle *h, uint64_t offset,
		    const void *data, size_t n, struct sftp_pipe_tag *tag);
int sftp_pipe_fsetstat(struct sftp_pipe *p, const struct sftp_pipe_handle *h, uint32_t mode,
		       uint32_t mtime, struct sftp_pipe_tag *tag);
int sftp_pipe_close_handle(struct sftp_pipe *p, const struct sftp_pipe_handle *h,
			   struct sftp_pipe_tag *tag);
int sftp_pipe_remove(struct sftp_pipe *p, const char *path, struct sftp_pipe_tag *tag);
/*
 * Rename from to over an existing to: posix-rename when the server has it,
 * else REMOVE to (its reply ignored) then RENAME: never a partial file
 * under to, but not atomic.
 */
int sftp_pipe_rename(struct sftp_pipe *p, const char *from, const char *to,
		     struct sftp_pipe_tag *tag);

/* Read every queued reply (or those up to tag's last): 0, or -1 when the channel failed. */
int sftp_pipe_sync(struct sftp_pipe *p);
int sftp_pipe_wait(struct sftp_pipe *p, const struct sftp_pipe_tag *tag);

/* The posix-rename request (length prefix included) into buf; its length, 0 when it does not fit. */
size_t sftp_pipe_rename_packet(unsigned char *buf, size_t cap, uint32_t id, const char *from,
			       const char *to);

#endif

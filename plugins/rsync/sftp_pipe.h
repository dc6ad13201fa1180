/*
 * plugins/rsync/sftp_pipe.h - SFTP writes with many requests in flight.
 * libssh 0.10 waits for the reply to every sftp_write() and sends only
 * SFTP v3 RENAME (which OpenSSH refuses over an existing name).  This
 * speaks just enough SFTP v3 on a channel of its own, with public libssh
 * calls: OPEN for an exclusive create (waits for the handle), then WRITE,
 * FSETSTAT, CLOSE, REMOVE and RENAME or OpenSSH's atomic
 * posix-rename@openssh.com queued without waiting; sftp_pipe_sync() reads
 * the replies.  The server answers in order; every queued request expects
 * a STATUS reply and the first failure is kept.
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

struct sftp_pipe {
	ssh_channel ch;
	uint32_t id;
	int posix_rename;          /* the server has posix-rename@openssh.com */
	unsigned pending;          /* queued requests whose reply is not read */
	int failed;                /* first failure: an SFTP status code, or -1 (channel) */
	unsigned char *buf;        /* packet being built */
	size_t cap;
};

struct sftp_pipe_handle {
	unsigned char data[256];
	uint32_t len;
};

/* Open the channel, its sftp subsystem, INIT/VERSION; -1 on failure (see ssh_get_error). */
int sftp_pipe_open(struct sftp_pipe *p, ssh_session s, int posix_rename);
void sftp_pipe_close(struct sftp_pipe *p);

/*
 * Create path (write, exclusive, mode 0600) and wait for its handle:
 * 0, an SFTP status code (> 0), or -1 when the channel failed.
 */
int sftp_pipe_create(struct sftp_pipe *p, const char *path, struct sftp_pipe_handle *h);

/* Queue requests: 0, or -1 when the channel failed. */
int sftp_pipe_write(struct sftp_pipe *p, const struct sftp_pipe_handle *h, uint64_t offset,
		    const void *data, size_t n);
int sftp_pipe_fsetstat(struct sftp_pipe *p, const struct sftp_pipe_handle *h, uint32_t mode,
		       uint32_t mtime);
int sftp_pipe_close_handle(struct sftp_pipe *p, const struct sftp_pipe_handle *h);
int sftp_pipe_remove(struct sftp_pipe *p, const char *path);

/* Read every queued reply: 0, or the first failure (SFTP code > 0, -1 channel); clears it. */
int sftp_pipe_sync(struct sftp_pipe *p);

/*
 * Rename from to over an existing to: posix-rename when the server has it,
 * else REMOVE to then RENAME (never a partial file under to, not atomic).
 * Waits: 0, an SFTP status code, or -1.
 */
int sftp_pipe_rename(struct sftp_pipe *p, const char *from, const char *to);

/* The posix-rename request (length prefix included) into buf; its length, 0 when it does not fit. */
size_t sftp_pipe_rename_packet(unsigned char *buf, size_t cap, uint32_t id, const char *from,
			       const char *to);

#endif

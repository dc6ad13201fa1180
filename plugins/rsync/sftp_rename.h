/*
 * plugins/rsync/sftp_rename.h - an atomic "rename over" for SFTP.  libssh
 * 0.10 sends only SFTP v3 RENAME, which OpenSSH refuses when the new name
 * exists; OpenSSH's posix-rename@openssh.com extension replaces it
 * atomically.  This speaks just enough SFTP on a channel of its own (INIT,
 * then EXTENDED requests) to send that extension, with public libssh calls.
 */
#ifndef PLUGINS_RSYNC_SFTP_RENAME_H
#define PLUGINS_RSYNC_SFTP_RENAME_H

#include <stdint.h>

#include <libssh/libssh.h>

struct sftp_renamer {
	ssh_channel ch;
	uint32_t id;
};

/* Open the channel and its SFTP subsystem; 0 or -1 (libssh's error on the session). */
int sftp_renamer_open(struct sftp_renamer *r, ssh_session s);
/* posix-rename from to: the SFTP status code (0 when done), or -1 when the channel failed. */
int sftp_renamer_rename(struct sftp_renamer *r, const char *from, const char *to);
void sftp_renamer_close(struct sftp_renamer *r);

/* The request packet (length prefix included) into buf; its length, 0 when it does not fit. */
size_t sftp_renamer_packet(unsigned char *buf, size_t cap, uint32_t id, const char *from,
			   const char *to);

#endif

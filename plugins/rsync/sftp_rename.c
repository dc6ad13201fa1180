/* sftp_rename.c - OpenSSH's posix-rename@openssh.com over an SFTP channel of its own (libssh 0.10 cannot send it). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/rsync/sftp_rename.h"

#define FXP_INIT 1
#define FXP_VERSION 2
#define FXP_STATUS 101
#define FXP_EXTENDED 200
#define MAX_REPLY (256 * 1024)

static unsigned char *put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
	return p + 4;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned char *put_string(unsigned char *p, const char *s)
{
	size_t n = strlen(s);

	p = put32(p, (uint32_t)n);
	memcpy(p, s, n);
	return p + n;
}

size_t sftp_renamer_packet(unsigned char *buf, size_t cap, uint32_t id, const char *from,
			   const char *to)
{
	static const char ext[] = "posix-rename@openssh.com";
	size_t need = 4 + 1 + 4 + 3 * 4 + strlen(ext) + strlen(from) + strlen(to);
	unsigned char *p = buf;

	if (need > cap || need > MAX_REPLY)
		return 0;
	p = put32(p, (uint32_t)(need - 4));
	*p++ = FXP_EXTENDED;
	p = put32(p, id);
	p = put_string(p, ext);
	p = put_string(p, from);
	p = put_string(p, to);
	return (size_t)(p - buf);
}

static int write_all(ssh_channel ch, const unsigned char *p, size_t n)
{
	return ssh_channel_write(ch, p, (uint32_t)n) == (int)n ? 0 : -1;
}

static int read_all(ssh_channel ch, unsigned char *p, size_t n)
{
	while (n > 0) {
		int k = ssh_channel_read(ch, p, (uint32_t)n, 0);

		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* One packet: its type into *type, its body (after the type) into a malloc'd *body. */
static int read_packet(ssh_channel ch, int *type, unsigned char **body, size_t *len)
{
	unsigned char head[5];
	size_t n;

	if (read_all(ch, head, 5) < 0)
		return -1;
	n = get32(head);
	if (n < 1 || n > MAX_REPLY)
		return -1;
	*type = head[4];
	*len = n - 1;
	*body = malloc(*len + 1);
	if (!*body || read_all(ch, *body, *len) < 0) {
		free(*body);
		*body = NULL;
		return -1;
	}
	return 0;
}

int sftp_renamer_open(struct sftp_renamer *r, ssh_session s)
{
	unsigned char init[9], *body = NULL;
	size_t len;
	int type;

	memset(r, 0, sizeof(*r));
	if (!(r->ch = ssh_channel_new(s)))
		return -1;
	put32(put32(init, 5) + 1, 3);
	init[4] = FXP_INIT;
	if (ssh_channel_open_session(r->ch) != SSH_OK ||
	    ssh_channel_request_subsystem(r->ch, "sftp") != SSH_OK ||
	    write_all(r->ch, init, sizeof(init)) < 0 ||
	    read_packet(r->ch, &type, &body, &len) < 0 || type != FXP_VERSION) {
		free(body);
		sftp_renamer_close(r);
		return -1;
	}
	free(body);
	return 0;
}

int sftp_renamer_rename(struct sftp_renamer *r, const char *from, const char *to)
{
	size_t cap = 64 + strlen(from) + strlen(to), n, len;
	unsigned char *pkt = malloc(cap), *body = NULL;
	int type, rc = -1;

	if (!pkt || !r->ch)
		goto out;
	n = sftp_renamer_packet(pkt, cap, ++r->id, from, to);
	if (!n || write_all(r->ch, pkt, n) < 0 || read_packet(r->ch, &type, &body, &len) < 0)
		goto out;
	if (type == FXP_STATUS && len >= 8 && get32(body) == r->id)
		rc = (int)get32(body + 4);
out:
	free(pkt);
	free(body);
	return rc;
}

void sftp_renamer_close(struct sftp_renamer *r)
{
	if (r->ch) {
		ssh_channel_close(r->ch);
		ssh_channel_free(r->ch);
	}
	r->ch = NULL;
}

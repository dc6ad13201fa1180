/* sftp_pipe.c - SFTP v3 writes, setstat, close and rename queued on a channel of its own, replies read into tags. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/rsync/sftp_pipe.h"

#define FXP_INIT 1
#define FXP_VERSION 2
#define FXP_OPEN 3
#define FXP_CLOSE 4
#define FXP_WRITE 6
#define FXP_FSETSTAT 10
#define FXP_REMOVE 13
#define FXP_RENAME 18
#define FXP_STATUS 101
#define FXP_HANDLE 102
#define FXP_DATA 103
#define FXP_READ 5
#define FXP_EXTENDED 200

#define FXF_READ 0x01
#define FXF_WRITE 0x02
#define FXF_CREAT 0x08
#define FXF_EXCL 0x20
#define ATTR_PERMISSIONS 0x04
#define ATTR_ACMODTIME 0x08

#define MAX_PACKET (256 * 1024)
#define POSIX_RENAME "posix-rename@openssh.com"

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

static unsigned char *put_bytes(unsigned char *p, const void *s, size_t n)
{
	p = put32(p, (uint32_t)n);
	memcpy(p, s, n);
	return p + n;
}

static unsigned char *put_string(unsigned char *p, const char *s)
{
	return put_bytes(p, s, strlen(s));
}

size_t sftp_pipe_rename_packet(unsigned char *buf, size_t cap, uint32_t id, const char *from,
			       const char *to)
{
	size_t need = 4 + 1 + 4 + 3 * 4 + strlen(POSIX_RENAME) + strlen(from) + strlen(to);
	unsigned char *p = buf;

	if (need > cap || need > MAX_PACKET)
		return 0;
	p = put32(p, (uint32_t)(need - 4));
	*p++ = FXP_EXTENDED;
	p = put32(p, id);
	p = put_string(p, POSIX_RENAME);
	p = put_string(p, from);
	p = put_string(p, to);
	return (size_t)(p - buf);
}

/* Room for a packet of n bytes; its start, after the length, type and id. */
static unsigned char *begin(struct sftp_pipe *p, size_t n, int type)
{
	if (n + 9 > p->bufcap) {
		p->bufcap = n + 9;
		p->buf = realloc(p->buf, p->bufcap);
		if (!p->buf)
			abort();
	}
	p->buf[4] = (unsigned char)type;
	put32(p->buf + 5, ++p->id);
	return p->buf + 9;
}

static int read_all(ssh_channel ch, unsigned char *b, size_t n)
{
	while (n > 0) {
		int k = ssh_channel_read(ch, b, (uint32_t)n, 0);

		if (k <= 0)
			return -1;
		b += k;
		n -= (size_t)k;
	}
	return 0;
}

/* One reply: its type, its body after the type in a malloc'd *body.  -1 when the channel failed. */
static int read_reply(struct sftp_pipe *p, int *type, unsigned char **body, size_t *len)
{
	unsigned char head[5];
	size_t n;

	*body = NULL;
	if (read_all(p->ch, head, 5) < 0)
		return -1;
	n = get32(head);
	if (n < 5 || n > MAX_PACKET)
		return -1;
	*type = head[4];
	*len = n - 1;
	if (!(*body = malloc(*len)) || read_all(p->ch, *body, *len) < 0) {
		free(*body);
		*body = NULL;
		return -1;
	}
	return 0;
}

/* Read the oldest queued reply into its tag; -1 when the channel failed. */
static int reap(struct sftp_pipe *p)
{
	struct sftp_pipe_tag *tag = p->ring[p->head];
	unsigned char *body = NULL;
	size_t len = 0;
	int type = 0, code = -1;

	if (read_reply(p, &type, &body, &len) == 0 && type == FXP_STATUS && len >= 8) {
		code = (int)get32(body + 4);
	} else if ((type == FXP_DATA || type == FXP_HANDLE) && body && len >= 8 &&
		   get32(body + 4) <= len - 8 && tag) {
		tag->data = body;
		tag->len = get32(body + 4);
		body = NULL;
		code = 0;
	}
	free(body);
	p->head = (p->head + 1) % p->cap;
	p->count--;
	if (tag) {
		tag->outstanding--;
		if (code && !tag->status)
			tag->status = code;
	}
	if (code < 0)
		p->failed = -1;
	return code < 0 ? -1 : 0;
}

/* Remember tag for the next reply. */
static void push(struct sftp_pipe *p, struct sftp_pipe_tag *tag)
{
	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 2 * SFTP_PIPE_WINDOW;
		struct sftp_pipe_tag **ring = malloc(cap * sizeof(*ring));

		if (!ring)
			abort();
		for (size_t i = 0; i < p->count; i++)
			ring[i] = p->ring[(p->head + i) % p->cap];
		free(p->ring);
		p->ring = ring;
		p->head = 0;
		p->cap = cap;
	}
	p->ring[(p->head + p->count++) % p->cap] = tag;
	if (tag)
		tag->outstanding++;
}

/* Send the packet begun with begin() and ending at end; read replies while the window is full. */
static int send_queued(struct sftp_pipe *p, unsigned char *end, struct sftp_pipe_tag *tag)
{
	size_t n = (size_t)(end - p->buf);

	if (p->failed < 0)
		return -1;
	put32(p->buf, (uint32_t)(n - 4));
	if (ssh_channel_write(p->ch, p->buf, (uint32_t)n) != (int)n) {
		p->failed = -1;
		return -1;
	}
	push(p, tag);
	while (p->count >= SFTP_PIPE_WINDOW)
		if (reap(p) < 0)
			return -1;
	return 0;
}

int sftp_pipe_open(struct sftp_pipe *p, ssh_session s, int posix_rename)
{
	unsigned char init[9], *body = NULL;
	size_t len;
	int type;

	memset(p, 0, sizeof(*p));
	p->posix_rename = posix_rename;
	if (!(p->ch = ssh_channel_new(s)))
		return -1;
	put32(init, 5);
	init[4] = FXP_INIT;
	put32(init + 5, 3);
	if (ssh_channel_open_session(p->ch) != SSH_OK ||
	    ssh_channel_request_subsystem(p->ch, "sftp") != SSH_OK ||
	    ssh_channel_write(p->ch, init, sizeof(init)) != (int)sizeof(init) ||
	    read_reply(p, &type, &body, &len) < 0 || type != FXP_VERSION) {
		free(body);
		sftp_pipe_close(p);
		return -1;
	}
	free(body);
	return 0;
}

void sftp_pipe_close(struct sftp_pipe *p)
{
	if (p->ch) {
		ssh_channel_close(p->ch);
		ssh_channel_free(p->ch);
	}
	free(p->buf);
	free(p->ring);
	memset(p, 0, sizeof(*p));
}

int sftp_pipe_sync(struct sftp_pipe *p)
{
	while (p->count > 0 && p->failed >= 0)
		reap(p);
	return p->failed;
}

int sftp_pipe_wait(struct sftp_pipe *p, const struct sftp_pipe_tag *tag)
{
	while (tag->outstanding && p->count > 0 && p->failed >= 0)
		reap(p);
	return p->failed;
}

static int open_file(struct sftp_pipe *p, const char *path, uint32_t flags, uint32_t attr,
		     struct sftp_pipe_handle *h)
{
	size_t n = strlen(path), len;
	unsigned char *q, *body = NULL;
	int type, rc = -1;

	if (p->failed < 0)
		return -1;
	q = begin(p, n + 16, FXP_OPEN);
	q = put_bytes(q, path, n);
	q = put32(q, flags);
	q = put32(q, attr ? ATTR_PERMISSIONS : 0);
	if (attr)
		q = put32(q, 0600);
	put32(p->buf, (uint32_t)(q - p->buf - 4));
	if (ssh_channel_write(p->ch, p->buf, (uint32_t)(q - p->buf)) != (int)(q - p->buf) ||
	    sftp_pipe_sync(p) < 0 || read_reply(p, &type, &body, &len) < 0 || len < 8) {
		free(body);
		p->failed = -1;
		return -1;
	}
	if (type == FXP_STATUS)
		rc = (int)get32(body + 4) ? (int)get32(body + 4) : -1;
	else if (type == FXP_HANDLE && get32(body + 4) <= sizeof(h->data) &&
		 len >= 8 + get32(body + 4)) {
		h->len = get32(body + 4);
		memcpy(h->data, body + 8, h->len);
		rc = 0;
	}
	free(body);
	if (rc < 0)
		p->failed = -1;
	return rc;
}

int sftp_pipe_create(struct sftp_pipe *p, const char *path, struct sftp_pipe_handle *h)
{
	return open_file(p, path, FXF_WRITE | FXF_CREAT | FXF_EXCL, 1, h);
}

int sftp_pipe_open_read(struct sftp_pipe *p, const char *path, struct sftp_pipe_handle *h)
{
	return open_file(p, path, FXF_READ, 0, h);
}

int sftp_pipe_open_read_async(struct sftp_pipe *p, const char *path, struct sftp_pipe_tag *tag)
{
	size_t n = strlen(path);
	unsigned char *q = begin(p, n + 12, FXP_OPEN);

	q = put_bytes(q, path, n);
	q = put32(q, FXF_READ);
	q = put32(q, 0);
	return send_queued(p, q, tag);
}

int sftp_pipe_read(struct sftp_pipe *p, const struct sftp_pipe_handle *h, uint64_t offset,
		   uint32_t len, struct sftp_pipe_tag *tag)
{
	unsigned char *q = begin(p, h->len + 16, FXP_READ);

	q = put_bytes(q, h->data, h->len);
	q = put32(q, (uint32_t)(offset >> 32));
	q = put32(q, (uint32_t)offset);
	q = put32(q, len);
	return send_queued(p, q, tag);
}

int sftp_pipe_write(struct sftp_pipe *p, const struct sftp_pipe_handle *h, uint64_t offset,
		    const void *data, size_t n, struct sftp_pipe_tag *tag)
{
	unsigned char *q = begin(p, h->len + n + 16, FXP_WRITE);

	q = put_bytes(q, h->data, h->len);
	q = put32(q, (uint32_t)(offset >> 32));
	q = put32(q, (uint32_t)offset);
	q = put_bytes(q, data, n);
	return send_queued(p, q, tag);
}

int sftp_pipe_fsetstat(struct sftp_pipe *p, const struct sftp_pipe_handle *h, uint32_t mode,
		       uint32_t mtime, struct sftp_pipe_tag *tag)
{
	unsigned char *q = begin(p, h->len + 20, FXP_FSETSTAT);

	q = put_bytes(q, h->data, h->len);
	q = put32(q, ATTR_PERMISSIONS | ATTR_ACMODTIME);
	q = put32(q, mode);
	q = put32(q, mtime);
	q = put32(q, mtime);
	return send_queued(p, q, tag);
}

int sftp_pipe_close_handle(struct sftp_pipe *p, const struct sftp_pipe_handle *h,
			   struct sftp_pipe_tag *tag)
{
	unsigned char *q = begin(p, h->len + 4, FXP_CLOSE);

	q = put_bytes(q, h->data, h->len);
	return send_queued(p, q, tag);
}

int sftp_pipe_remove(struct sftp_pipe *p, const char *path, struct sftp_pipe_tag *tag)
{
	unsigned char *q = begin(p, strlen(path) + 4, FXP_REMOVE);

	q = put_string(q, path);
	return send_queued(p, q, tag);
}

int sftp_pipe_rename(struct sftp_pipe *p, const char *from, const char *to,
		     struct sftp_pipe_tag *tag)
{
	size_t n = strlen(from) + strlen(to) + 8;
	unsigned char *q;

	if (p->posix_rename) {
		q = begin(p, n + 4 + strlen(POSIX_RENAME), FXP_EXTENDED);
		q = put_string(q, POSIX_RENAME);
	} else {
		/* v3 RENAME refuses an existing name: remove it first, whatever that says */
		if (sftp_pipe_remove(p, to, NULL) < 0)
			return -1;
		q = begin(p, n, FXP_RENAME);
	}
	q = put_string(q, from);
	q = put_string(q, to);
	return send_queued(p, q, tag);
}

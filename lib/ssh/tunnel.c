/*
 * ssh_tunnel.c - forward a remote database port or socket to a private
 * local unix socket, one forwarding thread per tunnel.
 *
 * The thread waits in poll() on its wake pipe, its listening socket, the
 * session's socket and its local connections, without the session's lock;
 * then, with the lock held, it moves bytes until nothing moves any more.
 * Writes into a channel never exceed the channel's window, so they do not
 * wait for the peer; big buffers keep each system call and packet large.
 *
 * Data from the remote end arrives through a channel callback, straight
 * from the packet libssh has just decrypted into the connection's buffer:
 * no per-connection read calls, each of which would poll the session's
 * socket again.  libssh reads that socket 4 KB at a time; the session's
 * byte counter says when a read found nothing, so draining it costs one
 * poll and one recv per 4 KB and no more.  The local side gets the bytes
 * in one send, not one per packet.  A local socket is read only when
 * poll() said it was readable, never on the off chance.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <libssh/callbacks.h>

#include <sitesync/buf.h>
#include <sitesync/db.h>

#include "lib/ssh/internal.h"

#define FWD_BUF (256 * 1024)
/* room for all a channel may hold: libssh 0.10's window is 1.28 MB */
#define FWD_DOWN_BUF (2 * 1024 * 1024)
#define FWD_MAX_PASSES 64
/* the biggest data packet libssh lets the server send on a channel it opens */
#define FWD_PACKET (32 * 1024)
/* socket reads (4 KB each) per pass before local connections get a turn */
#define FWD_MAX_READS 256
/* a server may time out a client that stays silent (MySQL: connect_timeout 10s) */
#define FWD_SPARE_SECONDS 2

struct fwd_dir {
	char *data;
	size_t len, off;      /* pending bytes are data[off..len) */
};

struct fwd_conn {
	int fd;
	ssh_channel ch;
	struct ssh_channel_callbacks_struct cb;  /* registered on ch: stays put */
	struct fwd_dir up;    /* local -> channel */
	struct fwd_dir down;  /* channel -> local */
	int local_eof, eof_sent, remote_eof, shut_wr, dead;
	int readable;         /* poll() said fd is readable, no EAGAIN since */
	int held;             /* libssh may hold data the down buffer had no room for */
	int reading;          /* inside ssh_channel_poll/read on ch: on_data leaves data */
};

struct ss_tunnel {
	struct ss_tunnel *next;
	struct ss_ssh *ssh;
	char *dir, *path;     /* private directory and the socket in it */
	int port;             /* PostgreSQL: the port in the socket's name */
	int listen_fd;
	int wake[2];
	char *remote_host;    /* direct-tcpip target, or */
	int remote_port;
	char *remote_path;    /* direct-streamlocal target */
	ssh_channel spare;    /* opened to check the target; serves the first client */
	time_t spare_at;
	struct fwd_conn **conns;  /* owned, each registered with its channel */
	size_t nconns;
	pthread_t thread;
	int started;
	atomic_int stop;
};

struct ss_tunnel *ss_tunnel_next(struct ss_tunnel *t)
{
	return t->next;
}

void ss_tunnel_endpoint(const struct ss_tunnel *t, const char **socket, int *port)
{
	*socket = t->port ? t->dir : t->path;
	*port = t->port;
}

void ss_tunnel_wake(struct ss_tunnel *t)
{
	char c = 1;

	if (t->wake[1] >= 0 && write(t->wake[1], &c, 1) < 0 && errno != EAGAIN)
		return;
}

/* Open a channel to the remote target; the session's lock is held. */
static ssh_channel open_channel(struct ss_tunnel *t)
{
	ssh_channel ch = ssh_channel_new(t->ssh->session);
	int rc;

	if (!ch)
		return NULL;
	if (t->remote_path)
		rc = ssh_channel_open_forward_unix(ch, t->remote_path, "127.0.0.1", 0);
	else
		rc = ssh_channel_open_forward(ch, t->remote_host, t->remote_port, "127.0.0.1", 0);
	if (rc != SSH_OK) {
		ssh_channel_free(ch);
		return NULL;
	}
	return ch;
}

static int on_data(ssh_session session, ssh_channel ch, void *data, uint32_t len,
		   int is_stderr, void *userdata);

static void accept_conns(struct ss_tunnel *t)
{
	int fd;

	while ((fd = accept4(t->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		struct fwd_conn *c;
		ssh_channel ch;

		pthread_mutex_lock(&t->ssh->lock);
		if (t->spare && (time(NULL) - t->spare_at > FWD_SPARE_SECONDS ||
				 ssh_channel_is_eof(t->spare) || ssh_channel_is_closed(t->spare))) {
			ssh_channel_close(t->spare);
			ssh_channel_free(t->spare);
			t->spare = NULL;
		}
		ch = t->spare ? t->spare : open_channel(t);
		t->spare = NULL;
		if (!ch) {
			pthread_mutex_unlock(&t->ssh->lock);
			close(fd);
			continue;
		}
		c = ss_xcalloc(1, sizeof(*c));
		c->fd = fd;
		c->ch = ch;
		c->readable = 1;
		/*
		 * Data that came before the callback was set (a spare channel's
		 * MySQL greeting, or anything the server sent while the open was
		 * being confirmed) waits in libssh: fetch it on the first pass.
		 */
		c->held = 1;
		c->up.data = ss_xmalloc(FWD_BUF);
		c->down.data = ss_xmalloc(FWD_DOWN_BUF);
		ssh_callbacks_init(&c->cb);
		c->cb.userdata = c;
		c->cb.channel_data_function = on_data;
		if (ssh_set_channel_callbacks(ch, &c->cb) != SSH_OK) {
			ssh_channel_close(ch);
			ssh_channel_free(ch);
			pthread_mutex_unlock(&t->ssh->lock);
			close(fd);
			free(c->up.data);
			free(c->down.data);
			free(c);
			continue;
		}
		pthread_mutex_unlock(&t->ssh->lock);
		t->conns = ss_xrealloc(t->conns, (t->nconns + 1) * sizeof(*t->conns));
		t->conns[t->nconns++] = c;
	}
}

/* local -> channel; returns the bytes moved (0: none), the lock is held. */
static size_t pump_up(struct fwd_conn *c)
{
	size_t moved = 0;

	if (c->up.off == c->up.len && !c->local_eof && c->readable) {
		ssize_t n = read(c->fd, c->up.data, FWD_BUF);

		c->up.off = c->up.len = 0;
		if (n > 0)
			c->up.len = (size_t)n;
		else if (n == 0)
			c->local_eof = 1;
		else if (errno == EAGAIN)
			c->readable = 0;
		else if (errno != EINTR)
			c->dead = 1;
	}
	while (c->up.off < c->up.len && !c->dead) {
		uint32_t win = ssh_channel_window_size(c->ch);
		size_t k = c->up.len - c->up.off;
		int w;

		if (win == 0)
			break;
		if (k > win)
			k = win;
		w = ssh_channel_write(c->ch, c->up.data + c->up.off, (uint32_t)k);
		if (w <= 0) {
			if (w < 0)
				c->dead = 1;
			break;
		}
		c->up.off += (size_t)w;
		moved += (size_t)w;
	}
	if (c->local_eof && c->up.off == c->up.len && !c->eof_sent && !c->dead) {
		ssh_channel_send_eof(c->ch);
		c->eof_sent = 1;
		moved++;
	}
	return moved;
}

/* Room at the end of a buffer, moving what is pending to its start when want needs it. */
static size_t down_room(struct fwd_dir *d, size_t want)
{
	if (d->off == d->len) {
		d->off = d->len = 0;
	} else if (d->off > 0 && FWD_DOWN_BUF - d->len < want) {
		memmove(d->data, d->data + d->off, d->len - d->off);
		d->len -= d->off;
		d->off = 0;
	}
	return FWD_DOWN_BUF - d->len;
}

/*
 * libssh hands over all a channel holds each time a data packet for it
 * arrives: take what fits.  The rest stays in libssh, which counts it
 * against the window it grants, and pump_down() fetches it later.
 */
static int on_data(ssh_session session, ssh_channel ch, void *data, uint32_t len,
		   int is_stderr, void *userdata)
{
	struct fwd_conn *c = userdata;
	size_t take;

	(void)session;
	(void)ch;
	if (is_stderr || c->dead)
		return (int)len;
	if (c->reading) {
		c->held = 1;
		return 0;
	}
	/* moving what a slow client has not read yet is worth it for a packet, not for more */
	take = down_room(&c->down, len < FWD_PACKET ? len : FWD_PACKET);
	if (take > len)
		take = len;
	memcpy(c->down.data + c->down.len, data, take);
	c->down.len += take;
	c->held = take < len;
	return (int)take;
}

/*
 * Fetch what libssh holds for the connection, all of it or nothing: libssh
 * 0.10 grants a channel a whole new window (1.28 MB) on any read that
 * leaves the window under half, without counting what the channel still
 * holds, so a partial read would let the server send more than was taken
 * and a slow local client's data would pile up without bound.  With the
 * channel emptied on each read, it never holds more than its window.
 */
static void fetch_held(struct fwd_conn *c)
{
	int avail, n;

	c->reading = 1;
	avail = ssh_channel_poll(c->ch, 0);
	if (avail > 0 && (size_t)avail <= down_room(&c->down, (size_t)avail)) {
		n = ssh_channel_read_nonblocking(c->ch, c->down.data + c->down.len,
						 (uint32_t)avail, 0);
		if (n > 0)
			c->down.len += (size_t)n;
		else if (n < 0 && n != SSH_EOF)
			c->dead = 1;
		avail = 0;
	}
	c->reading = 0;
	if (avail == SSH_ERROR)
		c->dead = 1;
	else if (avail <= 0)
		c->held = 0;
}

/*
 * The session failed: nothing more comes or goes through it.  Each local
 * client still gets what arrived, then the end of its stream.
 */
static void session_lost(struct ss_tunnel *t)
{
	for (size_t i = 0; i < t->nconns; i++) {
		struct fwd_conn *c = t->conns[i];

		c->remote_eof = c->local_eof = c->eof_sent = 1;
		c->held = 0;
		c->up.off = c->up.len;
	}
}

/* A channel whose data was all taken: a call on it makes libssh read the socket. */
static ssh_channel reader_channel(struct ss_tunnel *t)
{
	for (size_t i = 0; i < t->nconns; i++) {
		struct fwd_conn *c = t->conns[i];

		if (!c->held && !c->dead && !c->remote_eof && !ssh_channel_is_eof(c->ch))
			return c->ch;
	}
	return NULL;
}

/*
 * Read what the session's socket holds, handing the data to on_data();
 * returns the bytes read.  ssh_channel_poll() reads the socket only for a
 * channel with nothing buffered, one 4 KB read per call; the session's
 * byte counter tells when a call found the socket empty.
 */
static size_t drain_session(struct ss_tunnel *t)
{
	const struct ssh_counter_struct *counter = &t->ssh->socket_counter;
	uint64_t start = counter->in_bytes;
	ssh_channel ch;

	for (int i = 0; i < FWD_MAX_READS && (ch = reader_channel(t)); i++) {
		uint64_t was = counter->in_bytes;

		if (ssh_channel_poll(ch, 0) == SSH_ERROR) {
			session_lost(t);
			break;
		}
		if (counter->in_bytes == was)
			break;
	}
	return (size_t)(counter->in_bytes - start);
}

/* channel -> local; returns the bytes moved (0: none), the lock is held. */
static size_t pump_down(struct fwd_conn *c)
{
	size_t moved = 0;

	if (c->held && !c->dead)
		fetch_held(c);
	if (!c->held && !c->remote_eof && !c->dead &&
	    (ssh_channel_is_eof(c->ch) || ssh_channel_is_closed(c->ch)))
		c->remote_eof = 1;
	if (c->down.off < c->down.len) {
		ssize_t w = send(c->fd, c->down.data + c->down.off, c->down.len - c->down.off,
				 MSG_NOSIGNAL);

		if (w > 0) {
			c->down.off += (size_t)w;
			moved += (size_t)w;
		} else if (w < 0 && errno != EAGAIN && errno != EINTR) {
			c->dead = 1;
		}
	}
	if (c->remote_eof && c->down.off == c->down.len && !c->shut_wr) {
		shutdown(c->fd, SHUT_WR);
		c->shut_wr = 1;
		moved++;
	}
	return moved;
}

static void drop_finished(struct ss_tunnel *t)
{
	size_t i = 0;

	while (i < t->nconns) {
		struct fwd_conn *c = t->conns[i];

		if (!c->dead && !(c->eof_sent && c->shut_wr)) {
			i++;
			continue;
		}
		close(c->fd);
		ssh_remove_channel_callbacks(c->ch, &c->cb);
		ssh_channel_close(c->ch);
		ssh_channel_free(c->ch);
		free(c->up.data);
		free(c->down.data);
		free(c);
		t->conns[i] = t->conns[--t->nconns];
	}
}

/*
 * Acknowledge the session's segments at once (Linux re-arms delayed ACKs,
 * so this is asked again on every wake-up).  sshd does not disable Nagle
 * on a forwarding session: its small WINDOW_ADJUST messages wait for our
 * ACK, which delayed ACK holds for up to 40 ms, and a channel whose window
 * is spent stalls that long.  Measured: data sent up the tunnel ran at a
 * quarter of the speed without this.
 */
static void ack_at_once(int fd)
{
#ifdef TCP_QUICKACK
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
#else
	(void)fd;
#endif
}

/* Move bytes on every connection until nothing moves; the lock is taken here. */
static void pump_all(struct ss_tunnel *t)
{
	size_t moved;
	int passes = 0;

	pthread_mutex_lock(&t->ssh->lock);
	ack_at_once(ssh_get_fd(t->ssh->session));
	do {
		moved = 0;
		for (size_t i = 0; i < t->nconns; i++)
			moved += pump_up(t->conns[i]);
		moved += drain_session(t);
		for (size_t i = 0; i < t->nconns; i++) {
			struct fwd_conn *c = t->conns[i];

			moved += pump_down(c);
			/* reading may have brought the WINDOW_ADJUST a write waits for */
			if (c->up.off < c->up.len)
				moved += pump_up(c);
		}
	} while (moved && ++passes < FWD_MAX_PASSES);
	ssh_blocking_flush(t->ssh->session, 30000);
	drop_finished(t);
	pthread_mutex_unlock(&t->ssh->lock);
}

static void *tunnel_thread(void *arg)
{
	struct ss_tunnel *t = arg;
	struct pollfd *pfd = NULL;
	size_t cap = 0;

	while (!t->stop) {
		size_t n = 3;
		char drain[64];
		int timeout = t->nconns ? 200 : 1000, want_session = 0;

		if (cap < t->nconns + 3) {
			cap = t->nconns + 8;
			pfd = ss_xrealloc(pfd, cap * sizeof(*pfd));
		}
		pfd[0] = (struct pollfd){ .fd = t->wake[0], .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = t->listen_fd, .events = POLLIN };
		/* callbacks run wherever the session is read: look at buffers locked */
		pthread_mutex_lock(&t->ssh->lock);
		for (size_t i = 0; i < t->nconns; i++) {
			struct fwd_conn *c = t->conns[i];
			short ev = 0;

			if (c->up.off == c->up.len && !c->local_eof)
				ev |= POLLIN;
			if (c->down.off < c->down.len)
				ev |= POLLOUT;
			else if (!c->remote_eof)
				want_session = 1;
			if (c->up.off < c->up.len)
				timeout = 10;
			pfd[n++] = (struct pollfd){ .fd = c->fd, .events = ev };
		}
		pthread_mutex_unlock(&t->ssh->lock);
		/*
		 * Wait on the session only when a connection can take its data:
		 * data for a connection whose local peer is slow would otherwise
		 * keep the socket readable and the thread spinning.  A connection
		 * waiting for window space and nothing else looks again in 10 ms.
		 */
		pfd[2] = (struct pollfd){ .fd = want_session ? ssh_get_fd(t->ssh->session) : -1,
					  .events = POLLIN };
		if (want_session)
			timeout = t->nconns ? 200 : 1000;
		/* the timeout also guards against a wake-up lost between threads */
		if (poll(pfd, n, timeout) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents)
			while (read(t->wake[0], drain, sizeof(drain)) > 0)
				;
		if (t->stop)
			break;
		for (size_t i = 0; i + 3 < n; i++)
			if (pfd[i + 3].revents & (POLLIN | POLLHUP | POLLERR))
				t->conns[i]->readable = 1;
		if (pfd[1].revents)
			accept_conns(t);
		pump_all(t);
	}
	free(pfd);
	return NULL;
}

/*
 * Where the remote database listens: the endpoint the alias's db keys
 * describe as seen from its host, decided by ss_db_endpoint_direct() (the
 * one place that turns db keys into an endpoint).
 */
static int remote_target(struct ss_tunnel *t, const struct ss_alias *alias,
			 struct ss_error *err)
{
	struct ss_db_endpoint ep;
	int pg = alias->db.driver == SS_DB_PGSQL;

	if (ss_db_endpoint_direct(alias, &ep, err) < 0)
		return -1;
	if (pg)
		t->port = ep.port;
	if (ep.socket) {
		t->remote_path = pg ? ss_xasprintf("%s%s.s.PGSQL.%d", ep.socket,
						   ep.socket[strlen(ep.socket) - 1] == '/' ? "" : "/",
						   ep.port)
				    : ss_xstrdup(ep.socket);
	} else {
		t->remote_host = ss_xstrdup(ep.host);
		t->remote_port = ep.port;
	}
	ss_db_endpoint_release(&ep);
	return 0;
}

/* A fresh 0700 directory whose socket path fits in sun_path. */
static int make_listener(struct ss_tunnel *t, const char *alias, struct ss_error *err)
{
	const char *tmp = getenv("TMPDIR");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *name = t->port ? ss_xasprintf(".s.PGSQL.%d", t->port) : ss_xstrdup("mysql.sock");

	for (int i = 0; i < 2 && !t->path; i++) {
		char *dir = ss_xasprintf("%s/sitesync-tunnel.XXXXXX",
					 i == 0 && tmp && *tmp ? tmp : "/tmp");

		if (strlen(dir) + strlen(name) + 2 <= sizeof(sa.sun_path) && mkdtemp(dir)) {
			t->dir = dir;
			t->path = ss_xasprintf("%s/%s", dir, name);
		} else {
			free(dir);
		}
	}
	free(name);
	if (!t->path)
		return ss_error_set(err, SS_FAILED, "alias '%s': cannot create a private directory "
				    "for the database tunnel: %s", alias, strerror(errno));
	strcpy(sa.sun_path, t->path);
	t->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (t->listen_fd < 0 || bind(t->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(t->listen_fd, 64) < 0)
		return ss_error_set(err, SS_FAILED, "alias '%s': cannot listen on '%s': %s", alias,
				    t->path, strerror(errno));
	return 0;
}

static char *target_text(const struct ss_tunnel *t)
{
	return t->remote_path ? ss_xstrdup(t->remote_path)
			      : ss_xasprintf("%s:%d", t->remote_host, t->remote_port);
}

int ss_tunnel_open(struct ss_ssh *s, const struct ss_alias *alias, struct ss_tunnel **out,
		   struct ss_error *err)
{
	struct ss_tunnel *t = ss_xcalloc(1, sizeof(*t));
	char *target;

	t->ssh = s;
	t->listen_fd = t->wake[0] = t->wake[1] = -1;
	*out = NULL;
	if (remote_target(t, alias, err) < 0)
		goto fail;
	if (make_listener(t, alias->name, err) < 0)
		goto fail;
	if (pipe2(t->wake, O_NONBLOCK | O_CLOEXEC) < 0) {
		ss_error_set(err, SS_FAILED, "alias '%s': cannot create a pipe: %s", alias->name,
			     strerror(errno));
		goto fail;
	}
	ss_ssh_lock(s);
	t->spare = open_channel(t);
	t->spare_at = time(NULL);
	if (!t->spare) {
		target = target_text(t);
		ss_error_set(err, SS_FAILED, "alias '%s': cannot reach the database at '%s' through "
			     "ssh to '%s': %s", alias->name, target, s->where,
			     ssh_get_error(s->session));
		free(target);
		ss_ssh_unlock(s);
		goto fail;
	}
	ss_ssh_unlock(s);
	if (pthread_create(&t->thread, NULL, tunnel_thread, t) != 0) {
		ss_error_set(err, SS_FAILED, "alias '%s': cannot start the tunnel thread", alias->name);
		goto fail;
	}
	t->started = 1;
	*out = t;
	return 0;
fail:
	ss_tunnel_close(t);
	return -1;
}

void ss_tunnel_close(struct ss_tunnel *t)
{
	if (!t)
		return;
	if (t->started) {
		t->stop = 1;
		ss_tunnel_wake(t);
		pthread_join(t->thread, NULL);
	}
	/* another thread's libssh call may run on_data() until the channels are gone */
	pthread_mutex_lock(&t->ssh->lock);
	for (size_t i = 0; i < t->nconns; i++)
		t->conns[i]->dead = 1;
	drop_finished(t);
	if (t->spare) {
		ssh_channel_close(t->spare);
		ssh_channel_free(t->spare);
	}
	pthread_mutex_unlock(&t->ssh->lock);
	free(t->conns);
	if (t->listen_fd >= 0)
		close(t->listen_fd);
	if (t->path)
		unlink(t->path);
	if (t->dir)
		rmdir(t->dir);
	for (int i = 0; i < 2; i++)
		if (t->wake[i] >= 0)
			close(t->wake[i]);
	free(t->dir);
	free(t->path);
	free(t->remote_host);
	free(t->remote_path);
	free(t);
}

/*
 * rate-relay.c - a TCP relay that emulates a slow link on loopback, for
 * bench/sql-sync-incremental (built by it with cc; not part of sitesync).
 *
 *   rate-relay LISTEN-PORT TARGET-HOST TARGET-PORT RATE-BYTES-PER-S STATS-FILE
 *
 * Every connection accepted on 127.0.0.1:LISTEN-PORT is relayed to
 * TARGET-HOST:TARGET-PORT.  All connections together share one budget of
 * RATE bytes a second in each direction (a token bucket with a 512 kB
 * burst), as they would share one link.  STATS-FILE gets "BYTES-UP
 * BYTES-DOWN" (client to target, target to client) every 50 ms and on
 * SIGTERM, written whole through a temporary file.  Two threads a
 * connection, blocking reads and writes: it keeps up with loopback where an
 * interpreter might not on a loaded machine.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define BURST (512.0 * 1024)

struct bucket {
	pthread_mutex_t lock;
	double rate, tokens, stamp;
};

static struct bucket buckets[2];
static atomic_llong moved[2];
static const char *stats_path;
static const char *target_host, *target_port;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap(double seconds)
{
	struct timespec ts = { (time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9) };

	nanosleep(&ts, NULL);
}

/* Wait until n bytes may go one way. */
static void take(struct bucket *b, double n)
{
	pthread_mutex_lock(&b->lock);
	for (;;) {
		double t = now();

		b->tokens += (t - b->stamp) * b->rate;
		if (b->tokens > BURST)
			b->tokens = BURST;
		b->stamp = t;
		if (b->tokens >= n) {
			b->tokens -= n;
			break;
		}
		nap((n - b->tokens) / b->rate);
	}
	pthread_mutex_unlock(&b->lock);
}

static void write_stats(void)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", stats_path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%lld %lld\n", atomic_load(&moved[0]), atomic_load(&moved[1]));
	if (fclose(f) == 0)
		rename(tmp, stats_path);
}

struct pipe {
	int from, to, way;
};

static void *pump(void *arg)
{
	struct pipe *p = arg;
	char *buf = malloc(CHUNK);
	ssize_t n;

	while (buf && (n = read(p->from, buf, CHUNK)) > 0) {
		ssize_t off = 0;

		take(&buckets[p->way], (double)n);
		while (off < n) {
			ssize_t w = write(p->to, buf + off, (size_t)(n - off));

			if (w <= 0)
				goto out;
			off += w;
		}
		atomic_fetch_add(&moved[p->way], (long long)n);
	}
out:
	shutdown(p->to, SHUT_WR);
	shutdown(p->from, SHUT_RD);
	free(buf);
	return NULL;
}

static int dial(void)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int fd, one = 1;

	if (getaddrinfo(target_host, target_port, &hints, &ai) != 0)
		return -1;
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd >= 0)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

static void *serve(void *arg)
{
	int client = (int)(long)arg, target = dial(), one = 1;
	struct pipe up = { client, target, 0 }, down = { target, client, 1 };
	pthread_t t;

	setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (target >= 0 && pthread_create(&t, NULL, pump, &down) == 0) {
		pump(&up);
		pthread_join(t, NULL);
	}
	close(client);
	if (target >= 0)
		close(target);
	return NULL;
}

static void *reporter(void *arg)
{
	(void)arg;
	for (;;) {
		write_stats();
		nap(0.05);
	}
	return NULL;
}

static void on_term(int sig)
{
	(void)sig;
	write_stats();
	_exit(0);
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int lfd, one = 1;
	pthread_t t;

	if (argc != 6) {
		fprintf(stderr, "usage: rate-relay LISTEN-PORT TARGET-HOST TARGET-PORT"
			" RATE-BYTES-PER-S STATS-FILE\n");
		return 2;
	}
	target_host = argv[2];
	target_port = argv[3];
	stats_path = argv[5];
	for (int i = 0; i < 2; i++) {
		pthread_mutex_init(&buckets[i].lock, NULL);
		buckets[i].rate = atof(argv[4]);
		buckets[i].tokens = BURST;
		buckets[i].stamp = now();
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 64) < 0) {
		perror("rate-relay: listen");
		return 1;
	}
	pthread_create(&t, NULL, reporter, NULL);
	for (;;) {
		int c = accept(lfd, NULL, NULL);

		if (c < 0) {
			if (errno == EINTR)
				continue;
			perror("rate-relay: accept");
			return 1;
		}
		if (pthread_create(&t, NULL, serve, (void *)(long)c) == 0)
			pthread_detach(t);
		else
			close(c);
	}
}

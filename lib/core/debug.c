/* debug.c - named stop points for tests (see sitesync/interrupt.h). */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sitesync/buf.h>

#include "lib/core/debug.h"
#include "lib/core/interrupt.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const char *points;       /* the variable's value; NULL: no stop point */
static struct ss_buf seen = SS_BUF_INIT; /* names stopped at, NUL-separated */

static void load(void)
{
	const char *v = getenv("SITESYNC_DEBUG_STOP");

	points = v && *v ? v : NULL;
}

/* Nonzero when the comma list names name, or is "*". */
static int listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");

		if ((len == 1 && *p == '*') || (len == n && !strncmp(p, name, n)))
			return 1;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

static int seen_before(const char *name)
{
	for (size_t off = 0; off < seen.len; off += strlen(seen.data + off) + 1)
		if (!strcmp(seen.data + off, name))
			return 1;
	ss_buf_add(&seen, name, strlen(name) + 1);
	return 0;
}

/* Write "NAME PID" to path through a temporary file, so a reader sees all or nothing. */
static int announce(const char *path, const char *name)
{
	char *tmp = ss_xasprintf("%s.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	int rc = -1;

	if (f) {
		fprintf(f, "%s %ld\n", name, (long)getpid());
		if (fclose(f) == 0 && rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

void ss_debug_stop(const char *name)
{
	const struct timespec nap = { 0, 10 * 1000 * 1000 };
	const char *path;

	pthread_once(&once, load);
	if (!points || !listed(points, name))
		return;
	path = getenv("SITESYNC_DEBUG_STOP_FILE");
	if (!path || !*path) {
		ss_interrupt_stop_here(name);
		return;
	}
	pthread_mutex_lock(&lock);
	if (seen_before(name)) {
		pthread_mutex_unlock(&lock);
		return;
	}
	fprintf(stderr, "sitesync: debug: stopped at '%s' (pid %ld)\n", name, (long)getpid());
	if (announce(path, name) < 0) {
		for (;;)
			pause();
	}
	/* the other threads go on; this one waits for the test */
	while (access(path, F_OK) == 0)
		nanosleep(&nap, NULL);
	pthread_mutex_unlock(&lock);
}

int ss_debug_active(void)
{
	pthread_once(&once, load);
	return points != NULL;
}

void ss_debug_stop2(const char *prefix, const char *label)
{
	char *name;

	pthread_once(&once, load);
	if (!points)
		return;
	name = ss_xasprintf("%s:%s", prefix, label);
	ss_debug_stop(name);
	free(name);
}

/* progress.c - the native engine's progress line on a terminal: files, bytes, rate. */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <sitesync/format.h>

#include "plugins/rsync/progress.h"

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void progress_start(struct progress *p, FILE *out, long long files_total, long long bytes_total)
{
	p->out = out && isatty(fileno(out)) ? out : NULL;
	p->files = p->bytes = 0;
	p->files_total = files_total;
	p->bytes_total = bytes_total;
	p->shown = 0;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	p->last = p->t0;
}

static void draw(struct progress *p, const struct timespec *now)
{
	char done[32], total[32], rate[32];
	double secs = since(&p->t0, now);

	ss_format_bytes(p->bytes, done, sizeof(done));
	ss_format_bytes(p->bytes_total, total, sizeof(total));
	ss_format_bytes(secs > 0 ? (long long)((double)p->bytes / secs) : 0, rate, sizeof(rate));
	fprintf(p->out, "\r\033[K%lld/%lld files  %s/%s  %s/s", p->files, p->files_total,
		done, total, rate);
	fflush(p->out);
	p->shown = 1;
	p->last = *now;
}

void progress_add(struct progress *p, long long bytes, int file)
{
	struct timespec now;

	p->bytes += bytes;
	p->files += file != 0;
	if (!p->out)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (since(&p->last, &now) >= 0.1 || (p->files == p->files_total && file))
		draw(p, &now);
}

void progress_clear(struct progress *p)
{
	if (p->out && p->shown) {
		fputs("\r\033[K", p->out);
		fflush(p->out);
		p->shown = 0;
	}
}

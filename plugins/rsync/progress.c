/* progress.c - the native engine's progress line on a terminal: files, bytes, rate. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sitesync/event.h>
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
	p->last = p->last_event = p->t0;
}

/* The same figures as a progress event (--progress-fd), five times a second at most. */
static void event(struct progress *p, const struct timespec *now, int force)
{
	struct ss_event_progress ev = {
		.bytes = p->bytes, .bytes_total = p->bytes_total,
		.files = p->files, .files_total = p->files_total,
	};

	if (!force && since(&p->last_event, now) < 0.2)
		return;
	ev.seconds = since(&p->t0, now);
	ss_event_progress(&ev);
	p->last_event = *now;
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
	if (!p->out && !ss_event_enabled())
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ss_event_enabled())
		event(p, &now, p->files == p->files_total && file);
	if (!p->out)
		return;
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

/* Digits with thousands separators ("1,234,567") at *p; -1 when none. */
static long long grouped_number(const char **p)
{
	long long v = 0;
	int any = 0;

	while (**p == ' ')
		(*p)++;
	for (; (**p >= '0' && **p <= '9') || (**p == ',' && any); (*p)++)
		if (**p != ',') {
			v = v * 10 + (**p - '0');
			any = 1;
		}
	return any ? v : -1;
}

int progress_parse_rsync(const char *line, struct ss_event_progress *ev)
{
	const char *p = line, *chk;
	long long bytes = grouped_number(&p), pct, left, total;

	if (bytes < 0 || *p != ' ')
		return -1;
	pct = grouped_number(&p);
	if (pct < 0 || *p != '%')
		return -1;
	memset(ev, 0, sizeof(*ev));
	ev->bytes = bytes;
	if (pct > 0)
		ev->bytes_total = pct >= 100 ? bytes : bytes * 100 / pct;
	chk = strstr(p, "to-chk=");
	if (chk && sscanf(chk, "to-chk=%lld/%lld", &left, &total) == 2 && left <= total) {
		ev->files = total - left;
		ev->files_total = total;
	}
	return 0;
}

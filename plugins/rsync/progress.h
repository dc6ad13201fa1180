/*
 * plugins/rsync/progress.h - the native engine's progress line: files,
 * bytes and rate, redrawn in place on a terminal (stderr), at most ten
 * times a second; nothing at all when stderr is not a terminal.  The same
 * figures go to the --progress-fd stream when it is on (sitesync/event.h).
 */
#ifndef PLUGINS_RSYNC_PROGRESS_H
#define PLUGINS_RSYNC_PROGRESS_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <sitesync/event.h>

struct progress {
	FILE *out;                 /* NULL: off */
	long long files, files_total, bytes, bytes_total;
	struct timespec t0, last, last_event;
	int shown;                 /* a line is on the screen */
};

/* Start: on only when out is a terminal. */
void progress_start(struct progress *p, FILE *out, long long files_total,
		    long long bytes_total);
/* Count bytes (and a finished file when file != 0); redraw when due. */
void progress_add(struct progress *p, long long bytes, int file);
/* Wipe the line (before other output, and at the end). */
void progress_clear(struct progress *p);

/*
 * One line of the system rsync's --info=progress2 output ("  1,234,567  45%
 * 10.52MB/s  0:00:03 (xfr#5, to-chk=10/20)") into ev: bytes, the total
 * they are that percentage of, files checked of all; -1 when it is no such
 * line.
 */
int progress_parse_rsync(const char *line, struct ss_event_progress *ev);

#endif

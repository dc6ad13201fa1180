/*
 * plugins/rsync/progress.h - the native engine's progress line: files,
 * bytes and rate, redrawn in place on a terminal (stderr), at most ten
 * times a second; nothing at all when stderr is not a terminal.
 */
#ifndef PLUGINS_RSYNC_PROGRESS_H
#define PLUGINS_RSYNC_PROGRESS_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct progress {
	FILE *out;                 /* NULL: off */
	long long files, files_total, bytes, bytes_total;
	struct timespec t0, last;
	int shown;                 /* a line is on the screen */
};

/* Start: on only when out is a terminal. */
void progress_start(struct progress *p, FILE *out, long long files_total,
		    long long bytes_total);
/* Count bytes (and a finished file when file != 0); redraw when due. */
void progress_add(struct progress *p, long long bytes, int file);
/* Wipe the line (before other output, and at the end). */
void progress_clear(struct progress *p);

#endif

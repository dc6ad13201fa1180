/*
 * plugins/serve/events.h - reading a running step: lines of its stdout and
 * stderr (the job's log), and the JSON events of its --progress-fd stream
 * (sitesync/event.h) into stages, progress and its result.
 */
#ifndef SERVE_EVENTS_H
#define SERVE_EVENTS_H

#include <sitesync/buf.h>

#include "plugins/serve/store.h"

/* Longer lines are cut (and said so) in the log. */
#define SERVE_LINE_MAX 4096

typedef void line_fn(void *arg, const char *line);

/*
 * Read what fd has now (non-blocking) and pass each whole line to fn
 * (without its newline; '\r' also ends a line); part keeps a partial one.
 * Returns 1 at the end of the stream (a partial line is passed first), 0
 * otherwise.
 */
int events_read(int fd, struct ss_buf *part, line_fn *fn, void *arg);

enum child_event_kind { EV_OTHER, EV_STAGE, EV_PROGRESS, EV_RESULT };

struct child_event {
	enum child_event_kind kind;
	char *stage, *detail;             /* EV_STAGE */
	long long bytes, bytes_total, rows, rows_total, files, files_total; /* PROGRESS, RESULT */
	double seconds;
	char *status, *error;             /* EV_RESULT: "ok", "failed"...; error or NULL */
};

/* One line of the stream; a line that is not an event is EV_OTHER.  Release with _release. */
void child_event_parse(const char *line, struct child_event *ev);
void child_event_release(struct child_event *ev);

/*
 * Progress from a progress event: percent of bytes (else rows, else files)
 * and the time left at the rate so far (elapsed seconds since the copy
 * started), -1 when unknown.
 */
void events_progress(const struct child_event *ev, double elapsed, struct job_progress *out);

#endif

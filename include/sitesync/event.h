/*
 * sitesync/event.h - a machine-readable account of a run, for a program
 * that drives sitesync (`sitesync serve` runs every job this way).
 *
 * With the global option --progress-fd=N each call below writes one JSON
 * object on a line of its own to descriptor N (which the caller opened and
 * which no child inherits); without it the calls do nothing.  The events:
 *
 *   {"event":"stage","stage":"copying","detail":null}
 *   {"event":"progress","bytes":1048576,"bytes_total":4194304,"rows":1200,
 *    "rows_total":5000,"files":0,"files_total":0,"seconds":1.25,"current":"t"}
 *   {"event":"result", ...the fields of the run's history record}
 *
 * Stages name what the run does now: "planning", "locking", "hook" (detail
 * "pre-sql-sync: drush cr", one stage per hook command), "copying",
 * "swapping", "finishing".  A total of 0 is unknown.  No secret is ever
 * written.  Safe from any thread.
 */
#ifndef SITESYNC_EVENT_H
#define SITESYNC_EVENT_H

#include <sitesync/buf.h>
#include <sitesync/error.h>
#include <sitesync/json.h>

/* Send events to fd from now on (the host, for --progress-fd); -1 with err if fd is unusable. */
int ss_event_open(int fd, struct ss_error *err);

/* Nonzero when events are being written. */
int ss_event_enabled(void);

/* The run enters a stage; detail may be NULL. */
void ss_event_stage(const char *stage, const char *detail);

/* What a copy has done so far. */
struct ss_event_progress {
	long long bytes, bytes_total;
	long long rows, rows_total;
	long long files, files_total;
	double seconds;             /* since the copy started */
	const char *current;        /* a table or file being copied, or NULL */
};
void ss_event_progress(const struct ss_event_progress *p);

/*
 * An event built elsewhere (the history's "result"): ss_event_begin() opens
 * the object with its "event" member in b (empty, owned by the caller), the
 * caller adds members with j, ss_event_end() writes the line and releases b.
 */
void ss_event_begin(struct ss_json *j, struct ss_buf *b, const char *event);
void ss_event_end(struct ss_json *j, struct ss_buf *b);

#endif

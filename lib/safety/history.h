/*
 * history.h - the history file's record format (internal to libsitesync).
 *
 * One JSON object a line:
 *   {"started":1763899260,"started_at":"2026-11-23T12:01:00Z",
 *    "command":"sql-drop","source":null,"target":"default","status":"ok",
 *    "rows":65,"bytes":0,"seconds":0.412,"error":null,
 *    "by":"root@web1","pid":4242}
 */
#ifndef SS_HISTORY_H
#define SS_HISTORY_H

#include <stddef.h>

#include <sitesync/buf.h>
#include <sitesync/safety.h>

/* Append e as one JSON line (with the trailing newline) to out. */
void ss_history_encode(const struct ss_history_entry *e, const char *by, long pid,
		       struct ss_buf *out);

/*
 * Parse one line into *e; the strings are new allocations the caller frees
 * with ss_history_entry_release().  Returns 0, or -1 when the line is not a
 * record (*e is then empty).
 */
int ss_history_decode(const char *line, size_t len, struct ss_history_entry *e);
void ss_history_entry_release(struct ss_history_entry *e);

/* Copy msg to out with anything that looks like a password masked. */
void ss_history_scrub(const char *msg, struct ss_buf *out);

#endif

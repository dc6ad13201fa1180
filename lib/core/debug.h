/*
 * debug.h - named stop points for the fault tests (internal).
 *
 * SITESYNC_DEBUG_STOP="swap:rename,copy:loaded" makes the process stop the
 * first time it reaches each named point: it writes the point's name and
 * its pid to the file $SITESYNC_DEBUG_STOP_FILE (one line, "NAME PID")
 * and waits while that file exists, so that a test can act on exactly that
 * state (kill -9 the process or a server) and let it go on by removing the
 * file.  Without the file variable it says so on stderr and waits until it
 * is killed.  Unset, a stop point costs one load of a flag.
 */
#ifndef SS_DEBUG_H
#define SS_DEBUG_H

/* Stop at point `name` when SITESYNC_DEBUG_STOP lists it (or "*"); thread-safe. */
void ss_debug_stop(const char *name);

/* Nonzero when SITESYNC_DEBUG_STOP names any stop point. */
int ss_debug_active(void);

/* The same for "<prefix>:<label>". */
void ss_debug_stop2(const char *prefix, const char *label);

#endif

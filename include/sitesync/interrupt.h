/*
 * sitesync/interrupt.h - SIGINT and SIGTERM, the same for every command.
 *
 * The host takes both signals from the first line of main(): they are
 * blocked in every thread (threads a command starts inherit that) and
 * received by a thread of their own, so no system call is ever cut short
 * (libssh drops a session whose poll() is interrupted).  Child processes
 * get the signal mask sitesync started with.
 *
 * By default a signal ends the run at once: the run the command announced
 * with ss_history_begin() is recorded as "interrupted", the host prints one
 * line ("sitesync: error: interrupted", or a JSON object) and exits 1.
 *
 * Code that must clean up before it stops (a copy into a shadow, a
 * temporary file being written, a child process) runs between
 * ss_interrupt_defer() and ss_interrupt_undefer(): there a signal only sets
 * the flag, which the code polls (ss_interrupted(), or poll() on
 * ss_interrupt_fd() in a blocking wait); it stops cleanly and fails with
 * "interrupted".  A second SIGINT (Ctrl-C twice) ends the process at once,
 * by its default action; a second SIGTERM changes nothing (a parent that
 * dies sends its PR_SET_PDEATHSIG once per thread it had).
 */
#ifndef SITESYNC_INTERRUPT_H
#define SITESYNC_INTERRUPT_H

#include <signal.h>

/* The signal that came (SIGINT or SIGTERM), or 0. */
int ss_interrupted(void);

/*
 * The same as a flag for code that polls one (the sql-sync engines):
 * nonzero once a signal came.  Never write to it.
 */
volatile sig_atomic_t *ss_interrupt_flag(void);

/* A descriptor that becomes readable once a signal came (-1 when signals are not taken). */
int ss_interrupt_fd(void);

/* Enter and leave a part that handles a signal itself (they nest). */
void ss_interrupt_defer(void);
void ss_interrupt_undefer(void);

/*
 * A named point where tests stop a run.  When $SITESYNC_DEBUG_STOP lists
 * point (comma-separated; "*" lists every point):
 *  - without $SITESYNC_DEBUG_STOP_FILE, print "sitesync: debug: stopped at
 *    'POINT' (pid N)" on stderr and stop the process (SIGSTOP), so that a
 *    test can act at that very moment (send SIGINT, kill a server) and then
 *    SIGCONT it; the signals sent meanwhile are taken before it goes on;
 *  - with it, the first time only, write "POINT PID" to that file and wait
 *    (this thread only) while the file exists: the fault tests kill -9 the
 *    process there, or remove the file to let it go on.
 * Points: main (first thing), ssh-connect (before an SSH session connects),
 * prompt (before a question is asked), copy (sql-sync: once, between the
 * first rows copied and the swap; rsync: the system rsync runs),
 * copy:loaded (a table's rows are in the shadow), swap:STEP and
 * restore:STEP (each step of a MySQL swap journal, STEP its label),
 * pg-swap:swap, pg-swap:swap:commit, pg-swap:swap:done.
 */
void ss_debug_stop(const char *point);

#endif

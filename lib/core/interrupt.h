/*
 * interrupt.h - the host's side of sitesync/interrupt.h (internal).
 */
#ifndef SS_INTERRUPT_H
#define SS_INTERRUPT_H

#include <sitesync/buf.h>
#include <sitesync/interrupt.h>

/*
 * Take SIGINT and SIGTERM (those not ignored when sitesync started): block
 * them in this thread and every later one, receive them on a thread of
 * their own.  Call first in main(), before any other thread exists.
 * -1 when the thread cannot start (the signals then keep their actions).
 */
int ss_interrupt_install(void);

/*
 * How the line that ends an interrupted run is written: fn appends it
 * (without the newline) to line; the default is "sitesync: error:
 * interrupted".  fn runs on the signal thread.
 */
typedef void ss_interrupt_report_fn(void *arg, struct ss_buf *line);
void ss_interrupt_set_report(ss_interrupt_report_fn *fn, void *arg);

/*
 * Have fn run on the signal thread when a signal ends the run, before the
 * line is printed (the history records the run there).  Up to 8 of them,
 * run newest first.
 */
typedef void ss_interrupt_end_fn(void);
void ss_interrupt_on_end(ss_interrupt_end_fn *fn);

/*
 * The SIGSTOP half of ss_debug_stop() (lib/core/debug.c decides whether to
 * stop): say "sitesync: debug: stopped at 'POINT' (pid N)" on stderr, stop
 * the process, and after SIGCONT let the signal thread take the signals
 * sent while it was stopped before going on.
 */
void ss_interrupt_stop_here(const char *point);

#endif

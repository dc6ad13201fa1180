/*
 * plugins/rsync/interrupt.h - SIGINT and SIGTERM during a native copy.
 * While armed, both signals are blocked in every thread and taken by a
 * thread of their own (sigwait), so no system call is cut short (libssh
 * drops its session when its poll() is interrupted): the copy polls
 * interrupt_requested() between chunks and cleans up.  A second signal
 * ends the process at once, as the signal's default action would.
 */
#ifndef PLUGINS_RSYNC_INTERRUPT_H
#define PLUGINS_RSYNC_INTERRUPT_H

#include <pthread.h>
#include <signal.h>

struct interrupt {
	sigset_t old;              /* the mask before arming */
	pthread_t thread;
	int armed;
};

/* Arm: -1 when the thread cannot start (then signals keep their default action). */
int interrupt_arm(struct interrupt *in);
/* Nonzero once SIGINT or SIGTERM came since interrupt_arm. */
int interrupt_requested(void);
/* Disarm: stop the thread, restore the mask. */
void interrupt_disarm(struct interrupt *in);

#endif

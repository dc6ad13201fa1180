/* interrupt.c - SIGINT and SIGTERM during a native copy: taken by a thread of their own, polled by the copy. */
#include "config.h"

#include <stdatomic.h>
#include <string.h>

#include "plugins/rsync/interrupt.h"

static atomic_int requested;

static void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}

/* The first signal asks the copy to stop; a second one has its default action. */
static void *wait_signals(void *arg)
{
	sigset_t set;
	int sig;

	(void)arg;
	stop_signals(&set);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (atomic_exchange(&requested, 1)) {
			signal(sig, SIG_DFL);
			pthread_sigmask(SIG_UNBLOCK, &set, NULL);
			raise(sig);
		}
	}
	return NULL;
}

int interrupt_arm(struct interrupt *in)
{
	sigset_t set;

	memset(in, 0, sizeof(*in));
	atomic_store(&requested, 0);
	stop_signals(&set);
	if (pthread_sigmask(SIG_BLOCK, &set, &in->old) != 0)
		return -1;
	if (pthread_create(&in->thread, NULL, wait_signals, NULL) != 0) {
		pthread_sigmask(SIG_SETMASK, &in->old, NULL);
		return -1;
	}
	in->armed = 1;
	return 0;
}

int interrupt_requested(void)
{
	return atomic_load(&requested);
}

void interrupt_disarm(struct interrupt *in)
{
	if (!in->armed)
		return;
	pthread_cancel(in->thread);
	pthread_join(in->thread, NULL);
	pthread_sigmask(SIG_SETMASK, &in->old, NULL);
	in->armed = 0;
}

/* interrupt.c - SIGINT and SIGTERM taken by a thread of their own, for every command. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sitesync/error.h>

#include "lib/core/interrupt.h"

#define MAX_END_FNS 8

static volatile sig_atomic_t flag;
static atomic_int which;
static int pipefd[2] = { -1, -1 };
static int contfd[2] = { -1, -1 }; /* SIGCONT came (only with $SITESYNC_DEBUG_STOP) */
static sigset_t taken;          /* the signals the thread receives */
static sigset_t startup_mask;   /* children get this one back */
static struct termios tty;      /* stdin's settings at the start, when a terminal */
static int have_tty;

/* Guards the fields below; the signal thread holds it while it ends the run. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int deferred;
static ss_interrupt_report_fn *report_fn;
static void *report_arg;
static ss_interrupt_end_fn *end_fns[MAX_END_FNS];
static int nend;

int ss_interrupted(void)
{
	return atomic_load(&which);
}

volatile sig_atomic_t *ss_interrupt_flag(void)
{
	return &flag;
}

int ss_interrupt_fd(void)
{
	return pipefd[0];
}

void ss_interrupt_defer(void)
{
	pthread_mutex_lock(&lock);
	deferred++;
	pthread_mutex_unlock(&lock);
}

void ss_interrupt_undefer(void)
{
	pthread_mutex_lock(&lock);
	if (deferred > 0)
		deferred--;
	pthread_mutex_unlock(&lock);
}

void ss_interrupt_set_report(ss_interrupt_report_fn *fn, void *arg)
{
	pthread_mutex_lock(&lock);
	report_fn = fn;
	report_arg = arg;
	pthread_mutex_unlock(&lock);
}

void ss_interrupt_on_end(ss_interrupt_end_fn *fn)
{
	pthread_mutex_lock(&lock);
	if (nend < MAX_END_FNS)
		end_fns[nend++] = fn;
	pthread_mutex_unlock(&lock);
}

static void write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void restore_tty(void)
{
	if (have_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &tty);
}

/*
 * End the run (signal thread, lock held): the hooks record it, the terminal
 * gets its settings back (a password prompt turns echo off), one line, 1.
 * Nothing of the other threads is waited for: a stdio stream they may hold
 * is left alone, which is why the line is written with write().
 */
static _Noreturn void end_run(void)
{
	struct ss_buf line = SS_BUF_INIT;

	for (int i = nend - 1; i >= 0; i--)
		end_fns[i]();
	/* what the run printed so far, unless a thread is printing right now */
	if (ftrylockfile(stdout) == 0) {
		fflush(stdout);
		funlockfile(stdout);
	}
	restore_tty();
	if (report_fn)
		report_fn(report_arg, &line);
	else
		ss_buf_adds(&line, "sitesync: error: interrupted");
	ss_buf_addc(&line, '\n');
	/* on a terminal, off the line the ^C (or a question) was left on */
	if (isatty(STDERR_FILENO))
		write_all(STDERR_FILENO, "\n", 1);
	write_all(STDERR_FILENO, line.data, line.len);
	_exit(SS_FAILED);
}

/* A second SIGINT: its default action, at once. */
static _Noreturn void default_action(int sig)
{
	sigset_t one;

	restore_tty();
	signal(sig, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	_exit(128 + sig);
}

static void *wait_signals(void *arg)
{
	int sig;

	(void)arg;
	for (;;) {
		if (sigwait(&taken, &sig) != 0)
			continue;
		if (sig == SIGCONT) {
			write_all(contfd[1], "!", 1);
			continue;
		}
		/* the flag and the byte only under the lock: a stop point waits on them */
		pthread_mutex_lock(&lock);
		if (atomic_load(&which)) {
			/*
			 * A second Ctrl-C ends the run at once.  A second SIGTERM
			 * asks for what the first did: a parent that dies sends
			 * its PR_SET_PDEATHSIG once per thread it had (serve's
			 * jobs), and systemd sends SIGKILL itself when it stops
			 * waiting.
			 */
			if (sig == SIGINT)
				default_action(sig);
			pthread_mutex_unlock(&lock);
			continue;
		}
		atomic_store(&which, sig);
		flag = 1;
		write_all(pipefd[1], "!", 1);
		if (!deferred)
			end_run();
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

/* In a child after fork(): the mask sitesync started with, for what it execs. */
static void child_mask(void)
{
	pthread_sigmask(SIG_SETMASK, &startup_mask, NULL);
}

/* Add sig to taken unless it was ignored when sitesync started (a background job's SIGINT). */
static void take(int sig)
{
	struct sigaction old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	sigaddset(&taken, sig);
}

int ss_interrupt_install(void)
{
	pthread_t thread;
	pthread_attr_t attr;
	int rc;

	sigemptyset(&taken);
	take(SIGINT);
	take(SIGTERM);
	if (!sigismember(&taken, SIGINT) && !sigismember(&taken, SIGTERM))
		return 0;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -1;
	fcntl(pipefd[1], F_SETFL, O_NONBLOCK);
	/* the debug stop points go on at SIGCONT, after the signals sent before it */
	if (getenv("SITESYNC_DEBUG_STOP") && pipe2(contfd, O_CLOEXEC | O_NONBLOCK) == 0)
		take(SIGCONT);
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &tty) == 0)
		have_tty = 1;
	if (pthread_sigmask(SIG_BLOCK, &taken, &startup_mask) != 0)
		return -1;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&thread, &attr, wait_signals, NULL);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		pthread_sigmask(SIG_SETMASK, &startup_mask, NULL);
		return -1;
	}
	pthread_atfork(NULL, NULL, child_mask);
	return 0;
}

void ss_interrupt_stop_here(const char *point)
{
	struct pollfd p[2] = { { .fd = pipefd[0], .events = POLLIN },
			       { .fd = contfd[0], .events = POLLIN } };
	char line[160];
	int n;

	n = snprintf(line, sizeof(line), "sitesync: debug: stopped at '%s' (pid %ld)\n", point,
		     (long)getpid());
	if (n > 0)
		write_all(STDERR_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	/* every thread stops here until SIGCONT */
	raise(SIGSTOP);
	if (contfd[0] < 0)
		return;
	/*
	 * The signal thread takes what was sent before SIGCONT first (lowest
	 * number first): a run a signal ends never gets past this point.
	 */
	while (poll(p, 2, -1) < 0 && errno == EINTR)
		;
	if (p[0].revents) {
		pthread_mutex_lock(&lock);
		pthread_mutex_unlock(&lock);
	}
	while (read(contfd[0], line, sizeof(line)) > 0)
		;
}

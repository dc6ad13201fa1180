/* spawn.c - start a job step: fork, its own process group, pipes and the event socket, execv. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sitesync/buf.h>

#include "plugins/serve/spawn.h"

#define EVENTS_FD 3

static void push(char ***v, size_t *n, char *s)
{
	*v = ss_xrealloc(*v, (*n + 2) * sizeof(**v));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

char **spawn_argv(const char *exe, const char *kind, const char *source_alias,
		  const char *target_alias, const char *alias_path, const char *plugin_path)
{
	char **v = NULL;
	size_t n = 0;

	push(&v, &n, ss_xstrdup(exe));
	push(&v, &n, ss_xasprintf("--progress-fd=%d", EVENTS_FD));
	push(&v, &n, ss_xstrdup("--no-progress"));
	push(&v, &n, ss_xstrdup("--verbose"));
	/* the request was the confirmation: the API asked who and what first */
	push(&v, &n, ss_xstrdup("--yes"));
	if (alias_path)
		push(&v, &n, ss_xasprintf("--alias-path=%s", alias_path));
	if (plugin_path)
		push(&v, &n, ss_xasprintf("--plugin-path=%s", plugin_path));
	if (!strcmp(kind, "database")) {
		push(&v, &n, ss_xstrdup("sql-sync"));
		push(&v, &n, ss_xstrdup(source_alias));
		push(&v, &n, ss_xstrdup(target_alias));
	} else {
		push(&v, &n, ss_xstrdup("rsync"));
		push(&v, &n, ss_xasprintf("%s:%%files", source_alias));
		push(&v, &n, ss_xasprintf("%s:%%files", target_alias));
	}
	return v;
}

void spawn_argv_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* fd as descriptor target in the exec'd program (dup2 leaves it alone when equal). */
static int place(int fd, int target)
{
	if (fd == target)
		return fcntl(fd, F_SETFD, 0);
	return dup2(fd, target);
}

/* In the child, between fork and exec: async-signal-safe calls only. */
static void child(char *const *argv, pid_t parent, int in, int out, int err, int events)
{
	struct sigaction dfl, ign;
	sigset_t none;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(127);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	ign = dfl;
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &dfl, NULL);
	sigaction(SIGTERM, &dfl, NULL);
	sigaction(SIGHUP, &dfl, NULL);
	sigaction(SIGPIPE, &ign, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* serve keeps 0-2 open (serve.c), so none of these is below 3 */
	if (place(in, STDIN_FILENO) < 0 || place(out, STDOUT_FILENO) < 0 ||
	    place(err, STDERR_FILENO) < 0 || place(events, EVENTS_FD) < 0)
		_exit(127);
	if (close_range(EVENTS_FD + 1, ~0U, 0) < 0)
		for (int fd = EVENTS_FD + 1; fd < 65536; fd++)
			close(fd);
	execv(argv[0], argv);
	_exit(127);
}

static void close_all(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

int spawn_child(char *const *argv, struct spawned *out, struct ss_error *err)
{
	int fds[7] = { -1, -1, -1, -1, -1, -1, -1 }; /* null, out r/w, err r/w, sock ours/theirs */
	pid_t parent = getpid(), pid;

	fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fds[0] < 0 || pipe2(fds + 1, O_CLOEXEC) < 0 || pipe2(fds + 3, O_CLOEXEC) < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds + 5) < 0) {
		ss_error_set(err, SS_FAILED, "cannot start '%s': %s", argv[0], strerror(errno));
		close_all(fds, 7);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		ss_error_set(err, SS_FAILED, "cannot start '%s': %s", argv[0], strerror(errno));
		close_all(fds, 7);
		return -1;
	}
	if (pid == 0)
		child(argv, parent, fds[0], fds[2], fds[4], fds[6]);
	/* both sides set the group: whoever runs first, a signal to it reaches the child */
	setpgid(pid, pid);
	close(fds[0]);
	close(fds[2]);
	close(fds[4]);
	close(fds[6]);
	out->pid = pid;
	out->out = fds[1];
	out->err = fds[3];
	out->events = fds[5];
	fcntl(out->out, F_SETFL, O_NONBLOCK);
	fcntl(out->err, F_SETFL, O_NONBLOCK);
	fcntl(out->events, F_SETFL, O_NONBLOCK);
	return 0;
}

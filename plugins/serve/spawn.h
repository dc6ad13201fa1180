/*
 * plugins/serve/spawn.h - a job step as a child process: this sitesync
 * binary run with an argv (never a shell), so that policy, lock, shadow and
 * swap, hooks and history are the command line's own.
 *
 * The child gets /dev/null as stdin, pipes as stdout and stderr, a socket
 * as descriptor 3 for --progress-fd=3, a process group of its own (a
 * cancel signals the group, as Ctrl-C on a terminal does), SIGTERM when
 * serve dies (PR_SET_PDEATHSIG), and SIGPIPE ignored (serve gone, its
 * writes fail instead of killing it before it cleans up).
 */
#ifndef SERVE_SPAWN_H
#define SERVE_SPAWN_H

#include <sys/types.h>

#include <sitesync/error.h>

struct spawned {
	pid_t pid;                /* also the process group */
	int out, err, events;     /* our ends, non-blocking, close-on-exec */
};

/* The argv of one step: kind "database" or "files" (NULL-terminated, owned). */
char **spawn_argv(const char *exe, const char *kind, const char *source_alias,
		  const char *target_alias, const char *alias_path, const char *plugin_path);
void spawn_argv_free(char **argv);

int spawn_child(char *const *argv, struct spawned *out, struct ss_error *err);

#endif

/*
 * ssh_internal.h - what the ssh_*.c files share (internal to libsitesync).
 */
#ifndef SS_SSH_INTERNAL_H
#define SS_SSH_INTERNAL_H

#include <pthread.h>

#include <libssh/libssh.h>

#include <sitesync/alias.h>
#include <sitesync/context.h>
#include <sitesync/error.h>
#include <sitesync/ssh.h>

#include "lib/ssh/options.h"

struct ss_tunnel;

struct ss_ssh {
	struct ss_ssh *next;       /* pool list */
	const void *owner;         /* the ctx it was opened for */
	char *alias;               /* pool key: canonical alias name */
	ssh_session session;
	pthread_mutex_t lock;      /* held around every libssh call on session */
	char *banner;
	char *auth_method;
	char *where;               /* "user@host:port" */
	struct ss_tunnel *tunnels;
	/* bytes libssh has read from the session's socket (ssh_set_counters) */
	struct ssh_counter_struct socket_counter;
};

/*
 * Connect, verify the host key and authenticate (ssh_connect.c); compress
 * says whether the session asks for zlib compression and at which level it
 * compresses what it sends (SS_COMPRESS_AUTO: fast, unless ~/.ssh/config
 * says Compression no; UNSET: as ~/.ssh/config says).
 */
int ss_ssh_open(const struct ss_alias *alias, int interactive, enum ss_compress compress,
		struct ss_ssh *s, struct ss_error *err);

/* Host key check against known_hosts (ssh_hostkey.c). */
int ss_ssh_check_hostkey(struct ss_ssh *s, const char *alias, const char *host, int port,
			 const char *known_hosts, enum ss_ssh_strict strict, int interactive,
			 struct ss_error *err);

/* Authenticate (ssh_auth.c); sets s->auth_method. */
int ss_ssh_authenticate(struct ss_ssh *s, const char *alias, const char *user,
			const struct ss_ssh_opts *o, int interactive, struct ss_error *err);

/* Lock the session; unlock wakes the tunnel threads that may have data buffered. */
void ss_ssh_lock(struct ss_ssh *s);
void ss_ssh_unlock(struct ss_ssh *s);

/* Tunnels (ssh_tunnel.c). */
int ss_tunnel_open(struct ss_ssh *s, const struct ss_alias *alias, struct ss_tunnel **out,
		   struct ss_error *err);
void ss_tunnel_endpoint(const struct ss_tunnel *t, const char **socket, int *port);
void ss_tunnel_wake(struct ss_tunnel *t);
void ss_tunnel_close(struct ss_tunnel *t);
struct ss_tunnel *ss_tunnel_next(struct ss_tunnel *t);

/* Expand a leading "~/" with $HOME; caller frees. */
char *ss_ssh_expand_home(const char *path);

#endif

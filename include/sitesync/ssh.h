/*
 * sitesync/ssh.h - remote environments over SSH (libssh): one verified,
 * authenticated session per alias per run, remote commands over exec
 * channels, and tunnels to the alias's database.
 *
 * Sessions come from the alias: host, user, ssh.options (-p, -i, -l and
 * -o Port/User/IdentityFile/UserKnownHostsFile/StrictHostKeyChecking/
 * ConnectTimeout/BatchMode), with ~/.ssh/config read first and the alias's
 * explicit settings applied over it.  Host keys are checked against
 * known_hosts: an unknown key is refused (recorded only under
 * StrictHostKeyChecking=accept-new, or asked on a terminal), a changed key
 * is always refused.  Authentication: ssh-agent, then identity files, then
 * passphrase/password/keyboard-interactive prompts on a terminal only.
 *
 * Ownership: sessions and tunnels belong to a pool keyed by (ctx, alias
 * name); ss_ssh_pool_release(ctx) closes them (the pool registers it with the
 * ctx on its first session, so freeing the ctx closes them; an exit handler
 * catches the rest).
 *
 * Threading: a libssh session is not thread-safe.  Each session has a mutex;
 * every libssh call on it (exec here, channel I/O in the tunnel threads) is
 * made with that mutex held, and never while blocked in poll().  A tunnel's
 * forwarding thread serves every local connection of that tunnel.
 * Commands call these functions from their main thread.
 */
#ifndef SITESYNC_SSH_H
#define SITESYNC_SSH_H

#include <stddef.h>
#include <stdio.h>

#include <sitesync/alias.h>
#include <sitesync/buf.h>
#include <sitesync/error.h>

struct ss_ctx;
struct ss_ssh;

/*
 * The session of a remote alias, connected, host key verified and
 * authenticated on first use, then reused.  The pool owns *out.
 * Errors name the alias and the host; refusals (host key) are SS_REFUSED.
 */
int ss_ssh_session(struct ss_ctx *ctx, const struct ss_alias *alias, struct ss_ssh **out,
		   struct ss_error *err);

/* For status and messages; valid while the session is. */
const char *ss_ssh_banner(const struct ss_ssh *s);      /* "SSH-2.0-OpenSSH_9.2p1 ..." */
const char *ss_ssh_auth_method(const struct ss_ssh *s); /* "publickey (agent)", "publickey (/k)", "password" */
const char *ss_ssh_where(const struct ss_ssh *s);       /* "user@host:port" */

/* Output of a remote command: a callback returning < 0 aborts the command. */
typedef int (*ss_ssh_output_fn)(void *arg, const char *data, size_t len);

struct ss_ssh_exec {
	const char *const *argv;   /* program and arguments, each quoted for the remote shell */
	const char *command;       /* or a shell command line as written in the alias (hooks) */
	int no_root;               /* 1: do not cd into the alias's root */
	ss_ssh_output_fn on_stdout, on_stderr;
	void *arg;
	FILE *out, *err;           /* used when the callback is NULL; NULL discards */
};

/*
 * Run a command on the alias's host: `cd 'ROOT' && export K='V' && ...` in
 * the user's (POSIX) login shell, with stdout/stderr streamed as they come.
 * *exit_status gets the remote status (255 when killed by a signal).
 * Fails (-1) only when the command could not be run.
 */
int ss_ssh_exec(struct ss_ctx *ctx, const struct ss_alias *alias, const struct ss_ssh_exec *x,
		int *exit_status, struct ss_error *err);

/*
 * The remote command line ss_ssh_exec() sends: root and env-var values
 * shell-quoted, env-var names checked, every argv word quoted.
 */
int ss_ssh_build_command(struct ss_buf *out, const struct ss_alias *alias,
			 const struct ss_ssh_exec *x, struct ss_error *err);

/*
 * A private local endpoint for the remote alias's database, tunnelled over
 * its session (db.socket via direct-streamlocal, else db.host:db.port via
 * direct-tcpip; neither: the driver's default socket on the remote host).
 * The endpoint is a unix socket in a fresh 0700 directory, for MySQL
 * *socket = the socket's path, for PostgreSQL *socket = the directory and
 * *port = the port in its name (.s.PGSQL.PORT); *host is NULL.  The caller
 * owns the strings; the tunnel lives until the pool is released.
 */
int ss_ssh_db_endpoint(struct ss_ctx *ctx, const struct ss_alias *alias, char **host, int *port,
		       char **socket, struct ss_error *err);

/*
 * The libssh session under s, for protocols layered on it (SFTP).  The pool
 * owns it.  Every libssh call on it (and on channels or SFTP sessions made
 * from it) is made between ss_ssh_lock(s) and ss_ssh_unlock(s), which keep
 * the tunnel threads out; never hold the lock while blocked outside libssh.
 */
struct ssh_session_struct;
struct ssh_session_struct *ss_ssh_libssh(struct ss_ssh *s);
void ss_ssh_lock(struct ss_ssh *s);
void ss_ssh_unlock(struct ss_ssh *s);

/*
 * The bytes the session of alias (opened for ctx) has read from and written
 * to its socket so far: what crossed the link, compressed and encrypted.
 * -1 when no session is open for it.
 */
int ss_ssh_link_bytes(struct ss_ctx *ctx, const struct ss_alias *alias, long long *in,
		      long long *out);

/* Close every session and tunnel opened for ctx. */
void ss_ssh_pool_release(struct ss_ctx *ctx);

#endif

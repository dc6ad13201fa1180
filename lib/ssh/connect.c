/* connect.c - an SSH session from an alias: options, connect, host key, auth. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>
#include <sitesync/interrupt.h>

#include "lib/ssh/internal.h"

#define SS_SSH_DEFAULT_TIMEOUT 30
/*
 * AES-GCM first: with AES instructions it moves bulk data (database
 * tunnels) faster than chacha20-poly1305.  Set before ~/.ssh/config is
 * read, so a Ciphers line there still decides.
 */
#define SS_SSH_CIPHERS "aes128-gcm@openssh.com,aes256-gcm@openssh.com," \
	"chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr"

char *ss_ssh_expand_home(const char *path)
{
	const char *home = getenv("HOME");

	if (path && path[0] == '~' && (path[1] == '/' || !path[1]) && home && *home)
		return ss_xasprintf("%s%s", home, path + 1);
	return ss_xstrdup(path);
}

/* Split "user@host" from the alias's host; the alias's own user wins. */
static void alias_target(const struct ss_alias *a, const struct ss_ssh_opts *o, char **host,
			 char **user)
{
	const char *at = strrchr(a->host, '@');

	*host = ss_xstrdup(at ? at + 1 : a->host);
	if (a->user && *a->user)
		*user = ss_xstrdup(a->user);
	else if (at)
		*user = ss_xstrndup(a->host, (size_t)(at - a->host));
	else
		*user = ss_xstrdup(o->user);
}

static int has_user(ssh_session session)
{
	char *u = NULL;
	int rc = ssh_options_get(session, SSH_OPTIONS_USER, &u) == SSH_OK && u;

	ssh_string_free_char(u);
	return rc;
}

/*
 * zlib compression (zlib@openssh.com, after authentication), at level
 * (1 fast .. 9 best) for what this side sends; sshd compresses what it
 * sends at its own level.  0: none.
 */
static void set_compression(ssh_session session, int level)
{
	ssh_options_set(session, SSH_OPTIONS_COMPRESSION, level ? "yes" : "no");
	if (level)
		ssh_options_set(session, SSH_OPTIONS_COMPRESSION_LEVEL, &level);
}

/*
 * ~/.ssh/config first (libssh's parser overwrites options set before it),
 * then what the alias says.  $HOME decides where ~/.ssh is, like the shell.
 * Compression: on unless ~/.ssh/config says otherwise, or as asked.
 */
static int apply_options(ssh_session session, const char *alias, const char *host,
			 const char *user, const struct ss_ssh_opts *o, enum ss_compress compress,
			 struct ss_error *err)
{
	const char *home = getenv("HOME");
	long timeout = o->connect_timeout ? o->connect_timeout : SS_SSH_DEFAULT_TIMEOUT;
	char *sshdir, *kh;
	int rc = 0, nodelay = 1;

	if (ssh_options_set(session, SSH_OPTIONS_HOST, host) < 0)
		return ss_error_set(err, SS_FAILED, "alias '%s': bad ssh host '%s'", alias, host);
	ssh_options_set(session, SSH_OPTIONS_CIPHERS_C_S, SS_SSH_CIPHERS);
	ssh_options_set(session, SSH_OPTIONS_CIPHERS_S_C, SS_SSH_CIPHERS);
	if (compress == SS_COMPRESS_AUTO)
		set_compression(session, 1);
	if (home && *home) {
		sshdir = ss_xasprintf("%s/.ssh", home);
		rc = ssh_options_set(session, SSH_OPTIONS_SSH_DIR, sshdir);
		free(sshdir);
	}
	if (rc == 0)
		rc = ssh_options_parse_config(session, NULL);
	if (rc < 0)
		return ss_error_set(err, SS_FAILED, "alias '%s': cannot read ~/.ssh/config: %s", alias,
				    ssh_get_error(session));
	if (compress != SS_COMPRESS_AUTO && compress != SS_COMPRESS_UNSET)
		set_compression(session, compress == SS_COMPRESS_NONE ? 0
					 : compress == SS_COMPRESS_BEST ? 9 : 1);
	if (user && ssh_options_set(session, SSH_OPTIONS_USER, user) < 0)
		return ss_error_set(err, SS_FAILED, "alias '%s': bad ssh user '%s'", alias, user);
	if (!user && !has_user(session))
		ssh_options_set(session, SSH_OPTIONS_USER, NULL); /* the local user name */
	if (o->port && ssh_options_set(session, SSH_OPTIONS_PORT, &o->port) < 0)
		return ss_error_set(err, SS_FAILED, "alias '%s': bad ssh port %d", alias, o->port);
	if (o->known_hosts) {
		kh = ss_ssh_expand_home(o->known_hosts);
		rc = ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, kh);
		free(kh);
		if (rc < 0)
			return ss_error_set(err, SS_FAILED, "alias '%s': bad UserKnownHostsFile '%s'",
					    alias, o->known_hosts);
	}
	ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout);
	/*
	 * No Nagle: a tunnel sends database requests and data in packets
	 * smaller than a segment, and waiting for the peer's delayed ACK
	 * stalls each one by up to 40 ms.
	 */
	ssh_options_set(session, SSH_OPTIONS_NODELAY, &nodelay);
	return 0;
}

/* "user@host:port" as libssh resolved it (after ~/.ssh/config). */
static char *session_where(ssh_session session, char **host_out, unsigned int *port_out)
{
	char *host = NULL, *user = NULL, *where;
	unsigned int port = 22;

	ssh_options_get(session, SSH_OPTIONS_HOST, &host);
	ssh_options_get(session, SSH_OPTIONS_USER, &user);
	ssh_options_get_port(session, &port);
	where = ss_xasprintf("%s%s%s:%u", user ? user : "", user ? "@" : "", host ? host : "?", port);
	*host_out = ss_xstrdup(host);
	*port_out = port;
	ssh_string_free_char(host);
	ssh_string_free_char(user);
	return where;
}

int ss_ssh_open(const struct ss_alias *a, int interactive, enum ss_compress compress,
		struct ss_ssh *s, struct ss_error *err)
{
	struct ss_ssh_opts o;
	char *host = NULL, *user = NULL, *rhost = NULL, *ruser = NULL;
	unsigned int port = 22;
	int rc = -1;

	if (!a->host || !*a->host)
		return ss_error_set(err, SS_FAILED, "alias '%s' has no host to reach over ssh", a->name);
	if (ss_ssh_opts_parse(a->ssh_options, a->name, &o, err) < 0)
		return -1;
	if (o.batch_mode)
		interactive = 0;
	alias_target(a, &o, &host, &user);
	s->session = ssh_new();
	if (!s->session) {
		ss_error_set(err, SS_FAILED, "alias '%s': cannot create an ssh session", a->name);
		goto out;
	}
	ssh_set_counters(s->session, &s->socket_counter, NULL);
	if (apply_options(s->session, a->name, host, user, &o, compress, err) < 0)
		goto out;
	s->where = session_where(s->session, &rhost, &port);
	ss_debug_stop("ssh-connect");
	if (ssh_connect(s->session) != SSH_OK) {
		ss_error_set(err, SS_FAILED, "alias '%s': cannot connect to '%s': %s", a->name,
			     s->where, ssh_get_error(s->session));
		goto out;
	}
	s->banner = ss_xstrdup(ssh_get_serverbanner(s->session));
	if (ss_ssh_check_hostkey(s, a->name, rhost, (int)port, o.known_hosts, o.strict,
				 interactive, err) < 0)
		goto out;
	ssh_options_get(s->session, SSH_OPTIONS_USER, &ruser);
	if (ss_ssh_authenticate(s, a->name, ruser, &o, interactive, err) < 0)
		goto out;
	rc = 0;
out:
	ssh_string_free_char(ruser);
	free(rhost);
	free(host);
	free(user);
	ss_ssh_opts_release(&o);
	return rc;
}

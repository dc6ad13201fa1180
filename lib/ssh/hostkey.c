/* hostkey.c - verify the server's host key against known_hosts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sitesync/buf.h>

#include "lib/ssh/internal.h"

/* Key type and "SHA256:..." fingerprint of the server's key; caller frees *fp. */
static int server_key(ssh_session session, const char **type, char **fp)
{
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	size_t hlen = 0;

	if (ssh_get_server_publickey(session, &key) < 0)
		return -1;
	*type = ssh_key_type_to_char(ssh_key_type(key));
	if (!*type)
		*type = "unknown";
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) < 0) {
		ssh_key_free(key);
		return -1;
	}
	*fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
	return *fp ? 0 : -1;
}

/* Ask on the terminal whether to trust an unknown key; 1 for yes. */
static int ask_trust(const char *where, const char *type, const char *fp)
{
	char line[32];

	fprintf(stderr, "sitesync: the authenticity of host '%s' can't be established.\n"
			"%s key fingerprint is %s.\n"
			"Are you sure you want to continue connecting (yes/no)? ", where, type, fp);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	return !strcasecmp(line, "yes");
}

static int record(ssh_session session, const char *alias, const char *where,
		  struct ss_error *err)
{
	if (ssh_session_update_known_hosts(session) != SSH_OK)
		return ss_error_set(err, SS_FAILED, "alias '%s': cannot record the host key of '%s': %s",
				    alias, where, ssh_get_error(session));
	return 0;
}

int ss_ssh_check_hostkey(struct ss_ssh *s, const char *alias, const char *host, int port,
			 const char *known_hosts, enum ss_ssh_strict strict, int interactive,
			 struct ss_error *err)
{
	const char *file = known_hosts ? known_hosts : "~/.ssh/known_hosts";
	const char *type = NULL;
	char *fp = NULL, *where, *scan;
	enum ssh_known_hosts_e state;
	int rc = -1;

	where = port == 22 ? ss_xstrdup(host) : ss_xasprintf("[%s]:%d", host, port);
	scan = port == 22 ? ss_xasprintf("ssh-keyscan %s >> %s", host, file)
			  : ss_xasprintf("ssh-keyscan -p %d %s >> %s", port, host, file);
	if (server_key(s->session, &type, &fp) < 0) {
		ss_error_set(err, SS_FAILED, "alias '%s': cannot read the host key of '%s': %s", alias,
			     where, ssh_get_error(s->session));
		goto out;
	}
	state = ssh_session_is_known_server(s->session);
	switch (state) {
	case SSH_KNOWN_HOSTS_OK:
		rc = 0;
		break;
	case SSH_KNOWN_HOSTS_CHANGED:
	case SSH_KNOWN_HOSTS_OTHER:
		ss_error_set(err, SS_REFUSED,
			     "alias '%s': host key of '%s' has CHANGED (now %s %s): refusing to "
			     "connect, someone could be eavesdropping (man-in-the-middle attack); if "
			     "the change is expected, verify the new fingerprint and remove the old "
			     "key with: ssh-keygen -R '%s' -f %s",
			     alias, where, type, fp, where, file);
		break;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		if (strict == SS_SSH_STRICT_NO || strict == SS_SSH_STRICT_ACCEPT_NEW ||
		    (interactive && strict != SS_SSH_STRICT_YES && ask_trust(where, type, fp))) {
			rc = record(s->session, alias, where, err);
			break;
		}
		ss_error_set(err, SS_REFUSED,
			     "alias '%s': host '%s' is not in %s (%s key %s); after verifying the "
			     "fingerprint, trust it with: %s",
			     alias, where, file, type, fp, scan);
		break;
	default:
		ss_error_set(err, SS_FAILED, "alias '%s': cannot check the host key of '%s' in %s: %s",
			     alias, where, file, ssh_get_error(s->session));
		break;
	}
out:
	ssh_string_free_char(fp);
	free(where);
	free(scan);
	return rc;
}

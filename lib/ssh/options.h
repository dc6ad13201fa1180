/*
 * ssh_options.h - an alias's ssh.options string, parsed without a shell
 * (internal to libsitesync; exported for the unit tests).
 *
 * Understood: -p PORT, -i FILE, -l USER, -o Key=value, -oKey=value and
 * -o "Key value" for Port, User, IdentityFile, UserKnownHostsFile,
 * StrictHostKeyChecking (yes/no/accept-new/ask), ConnectTimeout and
 * BatchMode.  Anything else is an error naming the option and the alias.
 */
#ifndef SS_SSH_OPTIONS_H
#define SS_SSH_OPTIONS_H

#include <stddef.h>

#include <sitesync/error.h>

enum ss_ssh_strict {
	SS_SSH_STRICT_UNSET = 0, /* behaves like "yes" without a terminal, "ask" with one */
	SS_SSH_STRICT_YES,
	SS_SSH_STRICT_NO,
	SS_SSH_STRICT_ACCEPT_NEW,
	SS_SSH_STRICT_ASK,
};

/* Every field is optional: 0 / NULL when the options do not set it. */
struct ss_ssh_opts {
	int port;
	char *user;
	char **identities;      /* -i and IdentityFile, in order, as written */
	size_t nidentities;
	char *known_hosts;      /* UserKnownHostsFile, as written */
	enum ss_ssh_strict strict;
	int connect_timeout;    /* seconds */
	int batch_mode;         /* 1: BatchMode=yes (never prompt) */
};

/*
 * Split s into words like a POSIX shell would, without expanding anything:
 * blanks separate words, '...' is literal, "..." honours \" \\ \$ \` and a
 * backslash outside quotes escapes the next character.  *words is a
 * NULL-terminated array the caller frees with ss_ssh_words_free().
 */
int ss_ssh_split_words(const char *s, char ***words, size_t *n, struct ss_error *err);
void ss_ssh_words_free(char **words);

/*
 * Parse ssh.options (NULL or "" is fine) into out; alias names the alias in
 * messages.  On error out is left empty.  Release with ss_ssh_opts_release().
 */
int ss_ssh_opts_parse(const char *options, const char *alias, struct ss_ssh_opts *out,
		      struct ss_error *err);
void ss_ssh_opts_release(struct ss_ssh_opts *o);

#endif

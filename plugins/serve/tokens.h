/*
 * plugins/serve/tokens.h - the bearer tokens serve accepts, from a file of
 * their SHA-256 hashes, each limited to sites, target roles and directions.
 *
 * One token a line; '#' starts a comment:
 *
 *   NAME sha256:HEX sites=LIST [roles=LIST] [directions=LIST]
 *
 *   ci   sha256:9f86d0...  sites=example,shop  roles=staging,development
 *   web  sha256:2c26b4...  sites=*  directions=prod>stage,*>dev
 *
 * sites: the sites it may see and sync ("*": all).  roles: the roles a
 * target may have (default: any; production is never a target anyway).
 * directions: FROM>TO environment names, '*' for any (default: any).  A
 * token may do what every one of its limits allows.  The file holds no
 * secret, but it says who may write where: one writable by group or
 * others is refused.  `sitesync serve token NAME ...` adds a line and
 * prints the token once.
 */
#ifndef SERVE_TOKENS_H
#define SERVE_TOKENS_H

#include <pthread.h>
#include <stddef.h>
#include <sys/types.h>

#include <sitesync/alias.h>
#include <sitesync/error.h>

#include "plugins/serve/crypto.h"

struct token {
	char *name;
	unsigned char hash[SERVE_SHA256_LEN];
	char **sites;            /* NULL-terminated; NULL: all sites */
	unsigned roles;          /* bit (1 << enum ss_role) per target role allowed */
	char **directions;       /* NULL-terminated "from>to"; NULL: any */
};

/* One reading of the file; immutable, shared by the requests that use it. */
struct token_set {
	struct token *v;
	size_t n;
	int refs;                /* guarded by tokens.lock */
};

/* The file, read again when it changes. */
struct tokens {
	char *path;
	struct token_set *cur;
	time_t mtime;
	long mtime_ns;
	ino_t ino;
	off_t size;
	pthread_mutex_t lock;
};

/* Parse the file's text (path for messages "path:line: ..."); *out owned (token_set_unref). */
int token_set_parse(const char *path, const char *text, struct token_set **out,
		    struct ss_error *err);

int tokens_open(const char *path, struct tokens **out, struct ss_error *err);
void tokens_free(struct tokens *t);

/*
 * The current set (read again first when the file changed on disk; a file
 * that became unreadable or wrong keeps the last good set).  Release it
 * with tokens_release().
 */
struct token_set *tokens_acquire(struct tokens *t);
void tokens_release(struct tokens *t, struct token_set *set);

/* The token whose hash is SHA-256(presented), comparing every entry in constant time; or NULL. */
const struct token *token_set_find(const struct token_set *set, const char *presented);

/* Nonzero when tok may see site. */
int token_allows_site(const struct token *tok, const char *site);

/* Nonzero when tok may sync site's from into to, a target of role to_role. */
int token_allows(const struct token *tok, const char *site, const char *from, const char *to,
		 enum ss_role to_role);

/*
 * Add a token NAME to the file (created 0600 when missing) with the limits
 * given (sites "*" for all; roles and directions NULL for any); *token gets
 * the new token, which is printed once and never stored (caller wipes and
 * frees it with ss_secret_free).
 */
int tokens_add(const char *path, const char *name, const char *sites, const char *roles,
	       const char *directions, char **token, struct ss_error *err);

#endif

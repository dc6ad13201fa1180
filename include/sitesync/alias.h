/*
 * sitesync/alias.h - site aliases: Drush 9+ *.site.yml files plus sitesync's
 * db, role and hooks keys.
 *
 *   @example.prod   entry "prod" of example.site.yml
 *   @prod           entry "prod" of the nearest self.site.yml
 *   @self, default  entry "default" of the nearest self.site.yml, else the
 *                   environment (.env, DB_*, MARIADB_*, PG* variables)
 *
 * Ownership: an ss_aliases set owns every ss_alias it hands out; they stay
 * valid until ss_aliases_free().  Strings inside are owned by the alias.
 */
#ifndef SITESYNC_ALIAS_H
#define SITESYNC_ALIAS_H

#include <stddef.h>
#include <sitesync/error.h>
#include <sitesync/node.h>

enum ss_db_driver { SS_DB_NONE = 0, SS_DB_MYSQL, SS_DB_PGSQL };

/* Ordered from the bottom: data may only flow to an equal or lower role. */
enum ss_role {
	SS_ROLE_LOCAL = 0,
	SS_ROLE_DEVELOPMENT,
	SS_ROLE_STAGING,
	SS_ROLE_PRODUCTION,
};

struct ss_kv {
	char *key;
	char *value;
};

struct ss_db {
	enum ss_db_driver driver;
	char *host;          /* NULL: default / socket */
	int port;            /* 0: driver default */
	char *socket;        /* unix socket path (MySQL) or directory (PostgreSQL) */
	char *name;
	char *user;
	char *password_env;  /* name of the variable holding the password */
	char *password_file; /* path of a file holding it (first line) */
	char *url_password;  /* password given inside db.url (discouraged); secret */
	char *env_password;  /* password found in the environment for default; secret */
};

struct ss_hook {
	char *event;         /* "pre-sql-sync" */
	char **commands;     /* ncommands shell command lines, run on the alias's host */
	size_t ncommands;
};

struct ss_alias {
	char *name;          /* canonical "@site.env", "@self" for default */
	char *site;          /* "example", "self" */
	char *env;           /* "prod", "default" */
	char *file;          /* file it came from; "(environment)" for default from env */
	int line, column;    /* 1-based position of its entry in file */

	char *host;          /* NULL or empty: this machine */
	char *user;
	char *root;
	char *uri;
	char *ssh_options;   /* ssh.options as written, e.g. "-p 2222" */

	struct ss_kv *paths; /* paths.* */
	size_t npaths;
	struct ss_kv *env_vars; /* env-vars.* */
	size_t nenv_vars;

	int has_db;
	struct ss_db db;

	enum ss_role role;
	int role_explicit;   /* 0: role was inferred from the env name, or defaulted */

	struct ss_hook *hooks;
	size_t nhooks;

	struct ss_node *node; /* the whole entry, interpolated, for other keys */
};

/* Where to look for alias files; all fields optional. */
struct ss_alias_search {
	const char *alias_path; /* --alias-path "DIR[:DIR]" */
	const char *cwd;        /* start of the walk up; NULL: getcwd() */
};

struct ss_aliases;

/* Build the search path (dirs that exist); fails on a missing explicit dir. */
int ss_aliases_open(const struct ss_alias_search *search, struct ss_aliases **out,
		    struct ss_error *err);
void ss_aliases_free(struct ss_aliases *set);

/* Directories searched, in order (for `sitesync status`, messages). */
size_t ss_aliases_dirs(const struct ss_aliases *set, const char *const **dirs);

/*
 * Resolve "@site.env", "@env", "@self", "self", "default" or "@default".
 * Unknown names fail with the closest known names in the message.
 */
int ss_alias_resolve(struct ss_aliases *set, const char *name,
		     const struct ss_alias **out, struct ss_error *err);

/* Load every alias of every file on the search path (for `sitesync sa`). */
int ss_aliases_all(struct ss_aliases *set, const struct ss_alias *const **list,
		   size_t *n, struct ss_error *err);

/* The value of paths.<name>, or NULL. */
const char *ss_alias_path(const struct ss_alias *a, const char *name);

/* Nonzero when the alias lives on another machine (host set, not local). */
int ss_alias_is_remote(const struct ss_alias *a);

/* Commands of a hook event, or 0 of them. */
size_t ss_alias_hook(const struct ss_alias *a, const char *event,
		     char *const **commands);

const char *ss_role_name(enum ss_role role);
int ss_role_parse(const char *s, enum ss_role *out);
const char *ss_db_driver_name(enum ss_db_driver d);

/*
 * The database password, looked up now (password-env, password-file, url,
 * environment).  *out is NULL when the alias names no password.  The caller
 * owns *out and must wipe it with ss_secret_free().  A world-readable
 * password file is accepted with *warning set (static string).
 */
int ss_db_password(const struct ss_db *db, char **out, const char **warning,
		   struct ss_error *err);
void ss_secret_free(char *secret);

#endif

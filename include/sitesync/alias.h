/*
 * sitesync/alias.h - site aliases: Drush 9+ *.site.yml files, read as drush
 * (consolidation/site-alias) reads them, plus sitesync's db, role and hooks.
 *
 *   @site.env       entry "env" of site.site.yml, else its '*' entry with
 *                   ${env-name} = env; the file is the first site.site.yml
 *                   in a search dir, else in a subdirectory of one
 *   @loc.site.env   the same, in the file of a directory named loc (a
 *                   subdirectory of a search dir, "pantheon" for
 *                   pantheon/site.site.yml, or a search dir itself, as drush
 *                   names locations)
 *   @x              entry "x" (or '*') of self.site.yml, else site x in its
 *                   default environment: the entry a scalar `default: ENV`
 *                   names, a `default:` entry, "dev", else the first entry
 *   @self, self,    the `default:` entry of self.site.yml (never its '*'),
 *   default,        else the environment (.env, DB_*, DATABASE_URL,
 *   @default        MARIADB_*, PG*)
 * Names are '@' and one to three parts of letters, digits, '_' and '-': an
 * entry named '*' or with a '.' is listed but no name reaches it (as in
 * drush).  An unknown name fails with SS_USAGE and the closest names.
 *
 * Canonical names (ss_alias.name): "@site.env", "@loc.site.env" for a file
 * in a subdirectory, "@site" for a file with no environments (a single
 * alias: `root: /path` at the top), "@X" for entry X of self.site.yml and
 * "default" for its default entry (or the default built from the
 * environment).
 *
 * File format (site.site.yml): a mapping of environment names to their
 * settings.  As in drush: a top-level value that is not a mapping is no
 * environment ("default: dev", "version: 2"); 'common' is merged under
 * every environment (mappings by key, lists by position, the entry wins)
 * and is no alias of its own; a file where no top-level value is a
 * mapping is one alias.  Values keep the type drush's YAML reader gives
 * them (see ss_scalar_type).  Drush keys: host, user, root, uri, paths.* (a
 * mapping of values; a list, as drush's docs once wrote it, is kept and,
 * as in drush, names no path), ssh.options, env-vars.*; any other key
 * (command.sql.sync.options, docker, kubectl, ...) is kept in
 * ss_alias.node.  sitesync keys, each checked (a wrong type or value is an
 * error "FILE:LINE:COL: ..." naming the key):
 *   db:      driver (mysql|pgsql, required unless url gives it), host, port
 *            (1-65535), socket, name, user, password-env, password-file, url
 *            ("mysql://user:pass@host:port/name?socket=PATH", pgsql://,
 *            postgres://, postgresql://; percent-decoded; explicit keys win
 *            over url parts).  Any other key is an error; "password" is
 *            refused: passwords never live in alias files.
 *   role:    production|staging|development|local.  Without it the role is
 *            inferred from the environment name (prod, production, live,
 *            master; stage, staging, test, qa, preprod, uat; dev,
 *            development, develop; local, ddev, lando, docker; default and
 *            self in self.site.yml only) and anything else is production,
 *            the safe choice.
 *   hooks:   event -> a command line or a list of them.
 * Values may use drush's placeholders: ${env-name} (the environment),
 * ${KEY.PATH} (another value of the same alias), ${env.VAR} (an unset VAR
 * is an error); others are kept as written, and "$${" gives a literal "${".
 * YAML anchors/aliases and merge keys work within a small expansion budget;
 * nesting is limited to 64 levels.
 *
 * Search path, in order, existing dirs only, each once: --alias-path
 * (DIR[:DIR]; a missing dir is a usage error), $SITESYNC_ALIAS_PATH (same),
 * drush/sites/ and .sitesync/aliases/ of the working directory and each
 * ancestor (nearest first), $XDG_CONFIG_HOME/sitesync/aliases (default
 * ~/.config/sitesync/aliases), $(sysconfdir)/sitesync/aliases and
 * /etc/sitesync/aliases.  For SITE the first dir holding SITE.site.yml wins
 * (search dirs themselves before their subdirectories).  Files are read
 * lazily: resolving @example.prod reads example.site.yml only, and only the
 * entry asked for is converted, so a broken unrelated file or entry does not
 * get in the way; listing skips one with a warning (ss_aliases_on_skip).  A
 * file or its directory writable by group or others is refused
 * (SS_REFUSED): hooks run commands.  Drush 8 files (*.aliases.drushrc.php)
 * are not read; a lookup that fails names them, once.
 *
 * default from the environment (no default: entry in self.site.yml): the
 * .env file of the working directory or its nearest ancestor (KEY=VALUE,
 * "export ", '#' comments, quotes) under the process environment, which
 * wins.  DB_DRIVER (or DB_CONNECTION), DB_HOST, DB_PORT, DB_NAME or
 * DB_DATABASE, DB_USER or DB_USERNAME, DB_PASSWORD; else DATABASE_URL or
 * DB_URL; else MARIADB_HOST/PORT/DATABASE/USER/PASSWORD (mysql); else
 * PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD (pgsql).  Its file is the
 * .env's path, or "(environment)"; role local; root the dir of the .env, or
 * the working directory; no db (has_db 0) when nothing is set.
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
	char *password_file; /* file holding it (first line); ~/ ok, relative to the alias file */
	char *url_password;  /* password given inside db.url (discouraged); secret */
	char *env_password;  /* password found in the environment for default; secret */
	char *url;           /* db.url as written but the password masked "***"; display only */
	const char *alias;   /* name of the alias it belongs to, for messages; not owned */
};

struct ss_hook {
	char *event;         /* "pre-sql-sync" */
	char **commands;     /* ncommands shell command lines, run on the alias's host */
	size_t ncommands;
};

struct ss_alias {
	char *name;          /* canonical "@site.env", "@env" (self.site.yml), "default" */
	char *site;          /* "example", "self" */
	char *env;           /* "prod", "default" */
	char *file;          /* file it came from; for default from the environment
				the .env read, or "(environment)" */
	int line, column;    /* 1-based position of its entry in file; 0 for "(environment)" */

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
 * Resolve "@site.env", "@loc.site.env", "@x", "@self", "self", "default" or
 * "@default" (see the top of this file).  An unknown name fails with
 * SS_USAGE and the closest known names in the message; a file that fails to
 * load with SS_FAILED (SS_REFUSED when unsafe) naming FILE:LINE:COL.
 */
int ss_alias_resolve(struct ss_aliases *set, const char *name,
		     const struct ss_alias **out, struct ss_error *err);

/*
 * Where files that fail to load, and hints (Drush 8 files lying on the
 * search path), go: skip(data, err) with the error naming FILE:LINE:COL,
 * once per message per set.  Without it they are dropped.
 */
typedef void (*ss_alias_skip_fn)(void *data, const struct ss_error *err);
void ss_aliases_on_skip(struct ss_aliases *set, ss_alias_skip_fn skip, void *data);

/*
 * Load every alias of every file on the search path (for `sitesync sa`),
 * plus default; sorted by name.  The first bad file or entry fails it all.
 * *list stays valid until the next call or ss_aliases_free().
 */
int ss_aliases_all(struct ss_aliases *set, const struct ss_alias *const **list,
		   size_t *n, struct ss_error *err);

/*
 * Like ss_aliases_all, but a file or entry that fails to load is passed to
 * the skip function (ss_aliases_on_skip) and left out instead.
 */
void ss_aliases_all_lenient(struct ss_aliases *set, const struct ss_alias *const **list,
			    size_t *n);

/*
 * The aliases a name stands for when it names a group, as `drush sa NAME`
 * lists them: @LOCATION (every alias of the files in that subdirectory of
 * a search dir), else @SITE (every environment of the SITE files), or
 * @LOCATION.SITE; sorted by name.  *n is 0 when the name is no group
 * (resolve it with ss_alias_resolve instead).  A file of the site named
 * that fails to load fails it (-1, err); in a whole location such a file,
 * and anywhere a bad entry, is skipped as in ss_aliases_all_lenient.
 * *list stays valid until the next call.
 */
int ss_aliases_group(struct ss_aliases *set, const char *name,
		     const struct ss_alias *const **list, size_t *n, struct ss_error *err);

/*
 * For commands that need a database: 0 when the alias has a db, else -1
 * with "alias '@x' has no db (FILE:LINE)".
 */
int ss_alias_need_db(const struct ss_alias *a, struct ss_error *err);

/* The value of paths.<name>, or NULL. */
const char *ss_alias_path(const struct ss_alias *a, const char *name);

/* Nonzero when the alias lives on another machine (host set, not local). */
int ss_alias_is_remote(const struct ss_alias *a);

/*
 * The transport drush would use that sitesync does not speak yet: an alias
 * without host with a kubectl, skpr, docker or vagrant key (drush checks
 * them in that order, after host) is "kubectl", ...; NULL otherwise (this
 * machine, or SSH to host).
 */
const char *ss_alias_transport(const struct ss_alias *a);
/*
 * For anything that would act on the alias (connect to its database, run
 * its hooks, copy its files): 0, or SS_REFUSED "alias '@x' is reached
 * with docker (FILE:LINE), which sitesync does not speak yet; ...", so
 * such an alias is never taken for this machine.
 */
int ss_alias_need_transport(const struct ss_alias *a, struct ss_error *err);

/* Commands of a hook event, or 0 of them. */
size_t ss_alias_hook(const struct ss_alias *a, const char *event,
		     char *const **commands);

const char *ss_role_name(enum ss_role role);
int ss_role_parse(const char *s, enum ss_role *out);
const char *ss_db_driver_name(enum ss_db_driver d);

/*
 * The database password, looked up now: the url's, the environment's (for
 * default), password-env (unset: error "alias '@x': password-env 'V' is not
 * set"), or password-file ('~/' is $HOME; the first line, without its
 * newline; missing or unreadable: error naming the file).  *out is NULL
 * when the alias names no password.  The caller owns *out and must wipe it
 * with ss_secret_free().  A password file readable by group or others is
 * accepted with *warning set ("password file 'F' is readable by others
 * (chmod 600 F)"): a per-thread buffer, valid until the next call; else
 * *warning is NULL.  warning may be NULL.
 */
int ss_db_password(const struct ss_db *db, char **out, const char **warning,
		   struct ss_error *err);
/* Wipe (explicit_bzero) and free a secret string; NULL is fine. */
void ss_secret_free(char *secret);
/* Wipe n bytes in a way the compiler keeps. */
void ss_secret_wipe(void *p, size_t n);

#endif

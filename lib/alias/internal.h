/*
 * internal.h - the pieces of alias loading shared between the files of lib/alias/
 * (internal to libsitesync; exported only for the unit tests).
 */
#ifndef SS_ALIAS_INT_H
#define SS_ALIAS_INT_H

#include <stddef.h>

#include <sitesync/alias.h>
#include <sitesync/buf.h>

/* One environment of a file (named, or met by its '*' entry), converted on first use. */
struct ss_alias_env {
	char *env;
	struct ss_alias *alias;
};

/*
 * One *.site.yml file, parsed on first use and cached in the set.  A file
 * that fails to load is cached too (failed, error), so it is read and
 * reported once.
 */
struct ss_alias_file {
	char *path;
	char *site;               /* "example" for example.site.yml */
	char *location;           /* "pantheon" for DIR/pantheon/x.site.yml, "" in DIR itself */
	struct ss_node *root;     /* the parsed document (a mapping), or NULL if empty */
	int single;               /* no environment entries: the whole file is one alias */
	int failed;
	struct ss_error error;    /* why it failed */
	struct ss_alias_env *envs;/* converted so far */
	size_t nenvs;
};

/* A place an alias file may be: its path, site and location (see ss_alias_file). */
struct ss_alias_spot {
	char *path;
	char *site;
	char *location;
};

struct ss_aliases {
	char **dirs;              /* search path, existing dirs only, in order */
	size_t ndirs;
	char *cwd;
	struct ss_alias_file **files; /* files loaded (or failed) so far */
	size_t nfiles;
	struct ss_alias *env_default; /* default from the environment, when built */
	const struct ss_alias **all;  /* result of the last ss_aliases_all(_lenient) */
	size_t nall;
	const struct ss_alias **group;/* result of the last ss_aliases_group */
	ss_alias_skip_fn skip;    /* where skipped files and hints go (ss_aliases_on_skip) */
	void *skip_data;
	char **told;              /* messages already passed to skip, each once */
	size_t ntold;
};

/* search.c: build set->dirs (see ss_aliases_open). */
int ss_alias_search_build(struct ss_aliases *set, const struct ss_alias_search *search,
			  struct ss_error *err);
/*
 * Where SITE.site.yml is: in a search dir itself (all dirs first, in order),
 * else in a subdirectory of one (sorted by name, hidden ones skipped).  With
 * location, only a file whose directory is named location (leading dots
 * dropped, as drush names locations) counts.  0 when none; release with
 * ss_alias_spot_release.
 */
int ss_alias_find_file(const struct ss_aliases *set, const char *site, const char *location,
		       struct ss_alias_spot *out);
/* Every *.site.yml on the search path, in the order ss_alias_find_file prefers them. */
size_t ss_alias_list_files(const struct ss_aliases *set, struct ss_alias_spot **out);
void ss_alias_spot_release(struct ss_alias_spot *s);
/* Drush 8 alias files (*.alias(es).drushrc.php, aliases.drushrc.php) on the search path. */
size_t ss_alias_legacy_files(const struct ss_aliases *set, char ***out);

/* load.c */
/* Load (or find cached) a file; checks permissions first. */
int ss_alias_file_get(struct ss_aliases *set, const struct ss_alias_spot *spot,
		      struct ss_alias_file **out, struct ss_error *err);
/*
 * The alias env of f, as drush finds it: the entry named env, else the
 * '*' entry (unless exact), with the 'common' entry under it and
 * ${env-name} set to env; converted on first use.  0 with *out NULL when
 * neither entry exists.
 */
int ss_alias_file_entry(struct ss_alias_file *f, const char *env, int exact,
			struct ss_alias **out, struct ss_error *err);
/* The environment drush picks for "@site": default's value, "dev", or the first. */
const char *ss_alias_file_default_env(const struct ss_alias_file *f);
/* Nonzero when the root entry i of f is an environment (listed by sa). */
int ss_alias_file_is_env(const struct ss_alias_file *f, size_t i);
/* Nonzero when the file or directory at path may be written by group or others. */
int ss_alias_unsafe_mode(const char *path, struct ss_error *err, const char *what);
void ss_alias_file_free(struct ss_alias_file *f);
/* Canonical name of entry env of site: "@site.env", "@env" for self, "default". */
char *ss_alias_canonical(const char *site, const char *env);
/* The name an alias of f has: "@[location.]site.env", "@site" for a single one. */
char *ss_alias_file_name(const struct ss_alias_file *f, const char *env);
/* Pass a message to the set's skip function, once per run. */
void ss_aliases_tell(struct ss_aliases *set, const struct ss_error *e);

/* merge.c: drush's 'common' entry under an environment's (a deep merge; caller frees). */
struct ss_node *ss_node_merged(const struct ss_node *under, const struct ss_node *over);

/*
 * entry.c: one entry's node (already interpolated) into an alias named
 * name (NULL: ss_alias_canonical(site, env)).
 */
int ss_alias_from_node(const char *file, const char *site, const char *env, const char *name,
		       int line, int column, const struct ss_node *entry,
		       struct ss_alias **out, struct ss_error *err);
/* A fresh alias with defaults (node an empty mapping); see ss_alias_free. */
struct ss_alias *ss_alias_new(const char *file, const char *site, const char *env);
/* Frees everything, wiping secrets. */
void ss_alias_free(struct ss_alias *a);
/* Role from an environment name: prod -> production, ..., unknown -> production. */
enum ss_role ss_role_infer(const char *env);

/*
 * interpolate.c: drush's ${...} in alias values.  ${KEY.PATH} is a value of
 * the entry itself (data), ${env-name} the environment's name, ${env.NAME}
 * getenv(NAME) (an unset NAME is an error: *missing is a copy of its name,
 * caller frees); anything else is kept as written, and "$${" gives "${".
 */
struct ss_interp {
	const char *env_name;        /* NULL: ${env-name} is kept */
	const struct ss_node *data;  /* NULL: no ${KEY.PATH} */
};
int ss_interpolate(const char *in, const struct ss_interp *ix, struct ss_buf *out,
		   char **missing);
/* Interpolate every scalar of n in place; a value that is one ${KEY} takes KEY's type. */
int ss_interpolate_node(const char *file, struct ss_node *n, const struct ss_interp *ix,
			struct ss_error *err);

/* dburl.c: parse db.url into db (fields it sets are replaced). */
int ss_db_url_parse(const char *url, struct ss_db *db, struct ss_error *err);
/* The url with any password replaced by "***" (caller frees). */
char *ss_db_url_mask(const char *url);

/* dotenv.c: KEY=VALUE lines of a .env file. */
struct ss_dotenv {
	char *path;               /* the file read, or NULL when none */
	struct ss_kv *vars;
	size_t n;
};
/* Parse .env text into env (values are appended; later keys win on lookup). */
void ss_dotenv_parse(const char *text, struct ss_dotenv *env);
/* Read the .env of dir or its nearest ancestor; none is not an error. */
int ss_dotenv_find(const char *dir, struct ss_dotenv *env, struct ss_error *err);
/* Process environment first, then the .env; NULL when neither has it. */
const char *ss_dotenv_get(const struct ss_dotenv *env, const char *key);
/* Frees contents, wiping values (they may be passwords). */
void ss_dotenv_release(struct ss_dotenv *env);

/* alias_env.c: `default` from the environment of dir (and its .env). */
int ss_alias_from_env(const char *dir, struct ss_alias **out, struct ss_error *err);

#endif

/*
 * alias_int.h - the pieces of alias loading shared between lib/alias_*.c
 * (internal to libsitesync; exported only for the unit tests).
 */
#ifndef SS_ALIAS_INT_H
#define SS_ALIAS_INT_H

#include <stddef.h>

#include <sitesync/alias.h>
#include <sitesync/buf.h>

/* One *.site.yml file, parsed on first use and cached in the set. */
struct ss_alias_file {
	char *path;
	char *site;               /* "example" for example.site.yml */
	struct ss_node *root;     /* the parsed document (a mapping), or NULL if empty */
	struct ss_alias **entries;/* one per root entry, converted on first use */
};

struct ss_aliases {
	char **dirs;              /* search path, existing dirs only, in order */
	size_t ndirs;
	char *cwd;
	struct ss_alias_file **files; /* files loaded so far */
	size_t nfiles;
	struct ss_alias *env_default; /* default from the environment, when built */
	const struct ss_alias **all;  /* result of the last ss_aliases_all(_lenient) */
	size_t nall;
};

/* alias_search.c: build set->dirs (see ss_aliases_open). */
int ss_alias_search_build(struct ss_aliases *set, const struct ss_alias_search *search,
			  struct ss_error *err);

/* alias_load.c */
/* Path of SITE.site.yml in the first search dir that has one, or NULL (caller frees). */
char *ss_alias_find_file(const struct ss_aliases *set, const char *site);
/* Load (or find cached) a file; checks permissions first. */
int ss_alias_file_get(struct ss_aliases *set, const char *path, const char *site,
		      struct ss_alias_file **out, struct ss_error *err);
/* The entry of env in f, converted on first use; 0 with *out NULL when absent. */
int ss_alias_file_entry(struct ss_alias_file *f, const char *env, struct ss_alias **out,
			struct ss_error *err);
/* Nonzero when the file or directory at path may be written by group or others. */
int ss_alias_unsafe_mode(const char *path, struct ss_error *err, const char *what);
void ss_alias_file_free(struct ss_alias_file *f);
/* Canonical name of entry env of site: "@site.env", "@env" for self, "default". */
char *ss_alias_canonical(const char *site, const char *env);

/* alias_entry.c: one entry's node (already interpolated) into an alias. */
int ss_alias_from_node(const char *file, const char *site, const char *env,
		       int line, int column, const struct ss_node *entry,
		       struct ss_alias **out, struct ss_error *err);
/* A fresh alias with defaults (node an empty mapping); see ss_alias_free. */
struct ss_alias *ss_alias_new(const char *file, const char *site, const char *env);
/* Frees everything, wiping secrets. */
void ss_alias_free(struct ss_alias *a);
/* Role from an environment name: prod -> production, ..., unknown -> production. */
enum ss_role ss_role_infer(const char *env);

/* interpolate.c: replace ${env.VAR} in every scalar of n, in place. */
int ss_interpolate_node(const char *file, struct ss_node *n, struct ss_error *err);
/*
 * Interpolate one string: ${env.NAME} is replaced by getenv(NAME); an unset
 * NAME fails with *missing set to a copy of its name (caller frees).  "$${"
 * gives a literal "${" and everything else is kept as written.
 */
int ss_interpolate(const char *in, struct ss_buf *out, char **missing);

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

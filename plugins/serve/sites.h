/*
 * plugins/serve/sites.h - the sites serve offers: the aliases of the alias
 * files on the search path, grouped by site (example.site.yml is site
 * "example", self.site.yml is "self"), with what each environment has (a
 * database, files) and the directions the safety policy allows.  Read once
 * at start; the aliases stay owned by the ctx's alias set.
 */
#ifndef SERVE_SITES_H
#define SERVE_SITES_H

#include <stddef.h>

#include <sitesync/sitesync.h>

struct site_env {
	const char *name;              /* "prod" (the alias's) */
	const struct ss_alias *alias;  /* owned by the alias set */
	int database;                  /* it has a db with a driver and a name */
	int files;                     /* %files resolves: paths.files or a root */
};

struct site {
	char *name;
	struct site_env *envs;
	size_t nenvs;
};

struct sites {
	struct site *v;
	size_t n;
};

/* Every alias that comes from a *.site.yml file (not the environment's default). */
int sites_load(struct ss_ctx *ctx, struct sites *out, struct ss_error *err);
void sites_release(struct sites *s);

const struct site *sites_find(const struct sites *s, const char *name);
const struct site_env *site_env_find(const struct site *site, const char *env);

/* The kinds of job: "database" (sql-sync), "files" (rsync %files), "both". */
int site_kind_valid(const char *kind);

/*
 * May kind go from `from` into `to`?  0 yes; -1 with err: SS_REFUSED and
 * the policy's reason (an upward copy, a production target, the same
 * database), SS_USAGE when an environment lacks what kind needs (*field
 * then names the request field: "from" or "to").
 */
int site_direction(const struct site_env *from, const struct site_env *to, const char *kind,
		   const char **field, struct ss_error *err);

#endif

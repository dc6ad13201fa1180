/*
 * endpoint.h - schema-diff's two databases: from aliases, or from the
 * --source-... / --target-... options and an env file (SOURCE_DB_*, TARGET_DB_*).
 */
#ifndef SD_ENDPOINT_H
#define SD_ENDPOINT_H

#include <sitesync/sitesync.h>

struct sd_endpoint {
	const char *label;            /* "source" or "target" */
	char *host, *port, *db, *user;
	char *password;               /* secret: wiped on release */
	char *schema;                 /* NULL: every non-system schema */
	const struct ss_alias *alias; /* alias mode; owned by the ctx */
	struct ss_conn *sconn;        /* alias mode connection */
	PGconn *conn;                 /* the connection (owned by sconn in alias mode) */
	char *where;                  /* "host:port/db" for messages and the script header */
};

/* Settings of an env file (KEY=VALUE lines), owned; secrets wiped on release. */
struct sd_env {
	struct ss_kv *vars;
	size_t n;
};

/* Read FILE; a missing default .env (required == 0) is no error. */
int sd_env_read(struct sd_env *env, const char *file, int required, struct ss_error *err);
const char *sd_env_get(const struct sd_env *env, const char *key);
void sd_env_release(struct sd_env *env);

/*
 * Fill ep from the options --<label>-* (winning) and <LABEL>_DB_* of env,
 * with defaults localhost, 5432.  Fails with "<Label> database credentials
 * are required" when the database or user is missing.
 */
int sd_endpoint_from_options(struct sd_endpoint *ep, struct ss_ctx *ctx, const struct sd_env *env,
			     struct ss_error *err);

/* Connect with libpq (keyword arrays, never a conninfo string). */
int sd_endpoint_connect(struct sd_endpoint *ep, struct ss_error *err);

/* Resolve alias `name` and connect through ss_db_connect (alias mode). */
int sd_endpoint_from_alias(struct sd_endpoint *ep, struct ss_ctx *ctx, const char *name,
			   struct ss_error *err);

/* Close an alias mode connection. */
void sd_endpoint_close_alias(struct sd_endpoint *ep);

void sd_endpoint_release(struct sd_endpoint *ep);

#endif

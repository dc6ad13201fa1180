/*
 * status.c - `sitesync status [@alias]`: what an alias points at and whether
 * its database answers (drush core:status in spirit).
 *
 * Exit status: 0 when everything checked answered (an alias with no
 * database checks nothing and exits 0); 1 when the database did not
 * answer, after printing the whole report; the error is reported once more
 * on stderr by the host.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <sitesync/sitesync.h>

#include "plugins/status/status.h"

#define STATUS_MAX_TIMEOUT 3600

static const struct ss_option options[] = {
	{ "timeout", 0, SS_OPT_INT, "SECONDS", "give up connecting after SECONDS (default 10)" },
	{ 0 }
};

const char *status_password_kind(const struct ss_db *db)
{
	if (db->password_env)
		return "env";
	if (db->password_file)
		return "file";
	if (db->url_password)
		return "url";
	if (db->env_password)
		return "environment";
	return NULL;
}

const char *status_password_detail(const struct ss_db *db)
{
	if (db->password_env)
		return db->password_env;
	if (db->password_file)
		return db->password_file;
	return NULL;
}

/* Connect once, keep the version or the error, close. */
static void check_db(struct ss_ctx *ctx, struct status_report *r, int timeout)
{
	struct ss_connect_opts opts = { .connect_timeout = timeout };
	struct ss_conn *conn;

	r->db_checked = 1;
	if (ss_db_connect(ctx, r->alias, &opts, &conn, &r->db_err) < 0)
		return;
	r->db_answers = 1;
	r->db_version = ss_xstrdup(ss_conn_server_version(conn));
	ss_conn_close(conn);
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "default";
	struct status_report r = { 0 };
	struct ss_error err;
	long timeout = ss_opt_int(ctx, "timeout", 0);
	int status = SS_OK;

	if (argc > 2)
		return ss_fail(ctx, SS_USAGE, "status takes at most one alias, got %d", argc - 1);
	if (timeout < 0 || timeout > STATUS_MAX_TIMEOUT)
		return ss_fail(ctx, SS_USAGE, "--timeout must be between 1 and %d seconds, not %ld",
			       STATUS_MAX_TIMEOUT, timeout);
	if (ss_ctx_alias(ctx, name, &r.alias, &err) < 0)
		return ss_fail_err(ctx, &err);

	if (r.alias->has_db) {
		struct ss_error ep_err;

		ss_db_endpoint_direct(r.alias, &r.ep, &ep_err);
		check_db(ctx, &r, (int)timeout);
	}
	if (ss_ctx_json(ctx))
		status_print_json(stdout, &r);
	else
		status_print_text(stdout, &r);
	fflush(stdout);
	if (r.db_checked && !r.db_answers)
		status = ss_fail_err(ctx, &r.db_err);
	ss_db_endpoint_release(&r.ep);
	free(r.db_version);
	return status;
}

static const char *const aliases[] = { "st", "core:status", NULL };

static const struct ss_command status_cmd = {
	SITESYNC_COMMAND_HEADER,
	.name = "status",
	.aliases = aliases,
	.summary = "show an alias (role, host, paths, database) and whether its database answers",
	.usage = "[--timeout=SECONDS] [@alias]\n"
		 "\n"
		 "Shows what the alias (default: 'default') points at and connects to its\n"
		 "database.  Exits 0 when everything it checked answered, 1 when the\n"
		 "database did not (the report still shows what was found).  Passwords are\n"
		 "never shown, only where they come from.",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(status_cmd)

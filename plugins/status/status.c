/* status.c - `sitesync status [@alias]`: an alias and whether its database answers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <sitesync/sitesync.h>
#include <sitesync/ssh.h>

#include "lib/sanitize/sanitize.h"
#include "plugins/status/status.h"

#define STATUS_MAX_TIMEOUT 3600

static const struct ss_option options[] = {
	{ "timeout", 0, SS_OPT_INT, "SECONDS", "give up connecting after SECONDS (default 10)" },
	{ 0 }
};

/* In the order ss_db_password() looks. */
const char *status_password_kind(const struct ss_db *db)
{
	if (db->url_password)
		return "url";
	if (db->env_password)
		return "environment";
	if (db->password_env)
		return "env";
	if (db->password_file)
		return "file";
	return NULL;
}

const char *status_password_detail(const struct ss_db *db)
{
	if (db->url_password || db->env_password)
		return NULL;
	if (db->password_env)
		return db->password_env;
	return db->password_file;
}

/* An interrupted swap left as it is. */
static int swap_left(const struct status_report *r)
{
	return r->swap.found && !r->swap.running && !r->swap_recovered;
}

int status_ok(const struct status_report *r)
{
	return (!r->ssh_checked || r->ssh_answers) && (!r->db_checked || r->db_answers) &&
	       !swap_left(r);
}

char *status_swap_text(const struct status_report *r)
{
	const struct ss_mysync_interrupted *w = &r->swap;

	if (r->swap_recovered)
		return ss_xasprintf("recovered an interrupted swap from %s (%s): rolled %s",
				    w->when, w->command, w->renamed ? "forward" : "back");
	if (w->running)
		return ss_xasprintf("a %s is swapping it now (connection %lld)", w->command,
				    w->holder);
	return ss_xasprintf("interrupted %s swap from %s, %zu of %zu steps done%s%s%s; the next"
			    " sitesync command on it (or status -y) rolls it %s", w->command,
			    w->when, w->done, w->steps, *w->next ? " (next: " : "", w->next,
			    *w->next ? ")" : "", w->renamed ? "forward" : "back");
}

/*
 * A MySQL target: an interrupted swap?  With -y it is recovered under the
 * target's lock (ss_lock_acquire does it).  What cannot be read (a user
 * without access to the backup database) is not reported.
 */
static void check_swap(struct ss_ctx *ctx, struct status_report *r, struct ss_conn *conn)
{
	struct ss_lock *lock = NULL;
	struct ss_error err;

	if (ss_conn_driver(conn) != SS_DB_MYSQL || !r->alias->db.name ||
	    ss_mysync_interrupted(ss_conn_mysql(conn), r->alias->db.name, &r->swap, &err) < 0)
		return;
	r->swap_checked = 1;
	if (!r->swap.found || r->swap.running || !ss_ctx_global(ctx)->yes)
		return;
	if (ss_lock_acquire(ctx, r->alias, "status", &lock, &err) < 0) {
		ss_warn(ctx, "%s", err.msg);
		return;
	}
	r->swap_recovered = ss_lock_recovered(lock);
	ss_lock_release(lock);
}

/* Open (or reuse) the SSH session of a remote alias; keep what it says or the error. */
static void check_ssh(struct ss_ctx *ctx, struct status_report *r)
{
	struct ss_ssh *s;

	r->ssh_checked = 1;
	if (ss_ssh_session(ctx, r->alias, &s, &r->ssh_err) < 0)
		return;
	r->ssh_answers = 1;
	r->ssh_where = ss_ssh_where(s);
	r->ssh_banner = ss_ssh_banner(s);
	r->ssh_auth = ss_ssh_auth_method(s);
}

/* Connect once, keep the version or the error, close. */
static void check_db(struct ss_ctx *ctx, struct status_report *r, int timeout)
{
	struct ss_connect_opts opts = { .connect_timeout = timeout, .no_local_infile = 1 };
	struct ss_conn *conn;

	r->db_checked = 1;
	if (ss_db_connect(ctx, r->alias, &opts, &conn, &r->db_err) < 0)
		return;
	r->db_answers = 1;
	r->db_version = ss_xstrdup(ss_conn_server_version(conn));
	check_swap(ctx, r, conn);
	ss_conn_close(conn);
}

/*
 * drush core:status in spirit.  Exit status: 0 when everything checked
 * answered (an alias with no database checks nothing and exits 0); 1 when
 * the database did not answer, after printing the whole report; the host
 * then reports the error once more on stderr, as one line.
 */
/* The alias's `sanitize:` in words (a broken one says why). */
static void status_sanitize(struct status_report *r)
{
	const struct ss_node *n = ss_node_get(r->alias->node, "sanitize");
	struct ss_sanitize s;
	struct ss_buf b = SS_BUF_INIT;
	struct ss_error err;

	if (!n)
		return;
	ss_san_init(&s);
	if (ss_san_parse(&s, n, r->alias->file, &err) < 0)
		ss_buf_addf(&b, "invalid: %s", err.msg);
	else
		ss_san_describe(&s, &b);
	r->sanitize_required = s.required;
	r->sanitize = ss_buf_detach(&b);
	ss_san_release(&s);
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
	if (ss_opt_str(ctx, "timeout") && (timeout < 1 || timeout > STATUS_MAX_TIMEOUT))
		return ss_fail(ctx, SS_USAGE, "--timeout must be between 1 and %d seconds, not %ld",
			       STATUS_MAX_TIMEOUT, timeout);
	if (ss_ctx_alias(ctx, name, &r.alias, &err) < 0)
		return ss_fail_err(ctx, &err);

	status_sanitize(&r);
	r.remote = ss_alias_is_remote(r.alias);
	r.transport = ss_alias_transport(r.alias);
	if (r.remote)
		check_ssh(ctx, &r);
	if (r.alias->has_db && !r.transport) {
		struct ss_error ep_err;

		ss_db_endpoint_direct(r.alias, &r.ep, &ep_err);
		/* Without its SSH session a remote database cannot be reached. */
		if (!r.remote || r.ssh_answers)
			check_db(ctx, &r, (int)timeout);
	}
	if (ss_ctx_json(ctx))
		status_print_json(stdout, &r);
	else
		status_print_text(stdout, &r);
	fflush(stdout);
	if (r.transport && r.alias->has_db) {
		ss_alias_need_transport(r.alias, &err);
		status = ss_fail_err(ctx, &err);
	} else if (r.ssh_checked && !r.ssh_answers)
		status = ss_fail_err(ctx, &r.ssh_err);
	else if (r.db_checked && !r.db_answers)
		status = ss_fail_err(ctx, &r.db_err);
	else if (!status_ok(&r)) {
		char *why = status_swap_text(&r);

		status = ss_fail(ctx, SS_FAILED, "'%s': %s", ss_target_name(r.alias), why);
		free(why);
	}
	ss_db_endpoint_release(&r.ep);
	free(r.db_version);
	free(r.sanitize);
	return status;
}

static const char *const aliases[] = { "st", "core:status", NULL };

static const struct ss_command status_cmd = {
	SITESYNC_COMMAND_HEADER,
	.name = "status",
	.aliases = aliases,
	.summary = "show an alias (role, host, paths, database) and whether its host and database answer",
	.usage = "[--timeout=SECONDS] [@alias]\n"
		 "Shows what the alias (default: 'default') points at, opens its SSH\n"
		 "session when it is remote and connects to its database (through an SSH\n"
		 "tunnel when remote).  Exits 0 when everything it checked answered, 1 when\n"
		 "something did not (the report still shows what was found).  An alias\n"
		 "reached with docker, kubectl, skpr or vagrant is shown as such and its\n"
		 "database is not checked (exit 3 when it has one).  A MySQL swap that a\n"
		 "killed sync left unfinished is reported (exit 1); -y completes it.\n"
		 "Passwords are never shown, only where they come from.",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(status_cmd)

/* policy.c - the role policy: data flows down only, production is never a target. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>
#include <sitesync/node.h>
#include <sitesync/safety.h>

const char *ss_target_name(const struct ss_alias *a)
{
	if (!a->name || !strcmp(a->name, "@self") || !strcmp(a->name, "@default"))
		return "default";
	return a->name;
}

static int is_local_host(const char *h)
{
	return !h || !*h || !strcmp(h, "localhost") || !strcmp(h, "127.0.0.1") ||
	       !strcmp(h, "::1");
}

/* The machine the database server runs on, as seen from here ("" = this one). */
static const char *server_machine(const struct ss_alias *a)
{
	if (a->has_db && !is_local_host(a->db.host))
		return a->db.host;
	if (ss_alias_is_remote(a))
		return a->host;
	return "";
}

void ss_target_where(const struct ss_alias *a, struct ss_buf *out)
{
	const char *machine = server_machine(a);

	ss_buf_adds(out, *machine ? machine : "localhost");
	ss_buf_addc(out, '/');
	ss_buf_adds(out, a->has_db && a->db.name ? a->db.name : "-");
}

static int default_port(enum ss_db_driver d)
{
	return d == SS_DB_PGSQL ? 5432 : 3306;
}

static int str_eq(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

int ss_same_database(const struct ss_alias *a, const struct ss_alias *b)
{
	int pa, pb;

	if (a == b || (a->name && b->name && !strcmp(a->name, b->name)))
		return 1;
	if (!a->has_db || !b->has_db || a->db.driver != b->db.driver ||
	    !str_eq(a->db.name, b->db.name))
		return 0;
	if (!str_eq(server_machine(a), server_machine(b)))
		return 0;
	/* On one machine: the same socket, or the same TCP port. */
	if (a->db.socket || b->db.socket)
		return str_eq(a->db.socket, b->db.socket);
	pa = a->db.port ? a->db.port : default_port(a->db.driver);
	pb = b->db.port ? b->db.port : default_port(b->db.driver);
	return pa == pb;
}

/* Where the role came from: "role set in FILE:LINE" or "role inferred ...". */
static void role_origin(const struct ss_alias *a, struct ss_buf *out)
{
	const struct ss_node *n = a->node ? ss_node_get(a->node, "role") : NULL;
	const char *file = a->file ? a->file : "its alias file";

	if (a->role_explicit)
		ss_buf_addf(out, "role set in %s:%d", file, n ? n->line : a->line);
	else
		ss_buf_addf(out, "role inferred from its name; set role: in %s", file);
}

int ss_policy_check(const struct ss_alias *source, const struct ss_alias *target,
		    const char *what, struct ss_error *err)
{
	struct ss_buf why = SS_BUF_INIT, why2 = SS_BUF_INIT;
	int rc = 0;

	if (target->role == SS_ROLE_PRODUCTION) {
		role_origin(target, &why);
		rc = ss_error_set(err, SS_REFUSED,
				  "refusing to %s %s'%s': it is a production environment (%s)",
				  what, source ? "into " : "", ss_target_name(target), why.data);
	} else if (source && ss_same_database(source, target)) {
		ss_target_where(target, &why);
		rc = ss_error_set(err, SS_REFUSED,
				  "refusing to %s '%s' into '%s': they are the same database (%s)",
				  what, ss_target_name(source), ss_target_name(target), why.data);
	} else if (source && target->role > source->role) {
		role_origin(source, &why);
		role_origin(target, &why2);
		rc = ss_error_set(err, SS_REFUSED,
				  "refusing to %s from '%s' (%s; %s) into '%s' (%s; %s): "
				  "data only flows down, production to staging to development to local",
				  what, ss_target_name(source), ss_role_name(source->role), why.data,
				  ss_target_name(target), ss_role_name(target->role), why2.data);
	}
	ss_buf_release(&why);
	ss_buf_release(&why2);
	return rc;
}

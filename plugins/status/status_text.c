/* status_text.c - `sitesync status` as aligned "key: value" lines. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/sitesync.h>

#include "plugins/status/status.h"

/* "database:" is the longest key: every value starts after it. */
static void line(FILE *out, const char *key, const char *value)
{
	if (value && *value)
		fprintf(out, "%-9s %s\n", key, value);
}

static void linef(FILE *out, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void linef(FILE *out, const char *key, const char *fmt, ...)
{
	struct ss_buf b = SS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ss_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	line(out, key, b.data);
	ss_buf_release(&b);
}

/* "FILE:LINE", or just FILE for an alias that has no line ("(environment)"). */
static void add_location(struct ss_buf *b, const struct ss_alias *a)
{
	if (a->line > 0)
		ss_buf_addf(b, "%s:%d", a->file, a->line);
	else
		ss_buf_adds(b, a->file ? a->file : "?");
}

static void print_host(FILE *out, const struct ss_alias *a)
{
	if (ss_alias_transport(a))
		linef(out, "host:", "reached with %s (sitesync does not speak it yet)",
		      ss_alias_transport(a));
	else if (!ss_alias_is_remote(a))
		line(out, "host:", "this machine");
	else if (a->user && *a->user)
		linef(out, "host:", "%s@%s", a->user, a->host);
	else
		line(out, "host:", a->host);
	line(out, "sshopts:", a->ssh_options);
}

static void print_ssh(FILE *out, const struct status_report *r)
{
	if (r->ssh_answers)
		linef(out, "ssh:", "answers, %s, %s as %s", r->ssh_banner, r->ssh_auth, r->ssh_where);
	else if (r->ssh_checked)
		linef(out, "ssh:", "does not answer: %s", r->ssh_err.msg);
}

static void print_password(FILE *out, const struct ss_db *db)
{
	const char *kind = status_password_kind(db);
	const char *detail = status_password_detail(db);

	if (!kind)
		line(out, "password:", "none");
	else if (!strcmp(kind, "url"))
		line(out, "password:", "from db.url");
	else if (!strcmp(kind, "environment"))
		line(out, "password:", "from the environment");
	else if (!strcmp(kind, "env"))
		linef(out, "password:", "from environment variable '%s'", detail);
	else
		linef(out, "password:", "from file '%s'", detail);
}

static void print_db(FILE *out, const struct status_report *r)
{
	const struct ss_alias *a = r->alias;

	if (!a->has_db) {
		struct ss_buf where = SS_BUF_INIT;

		add_location(&where, a);
		linef(out, "database:", "none (no db in %s)", where.data);
		ss_buf_release(&where);
		return;
	}
	line(out, "driver:", ss_db_driver_name(a->db.driver));
	line(out, "url:", a->db.url);
	if (r->ep.where && r->remote)
		linef(out, "server:", "%s%s via ssh '%s'", r->ep.socket ? "socket " : "", r->ep.where,
		      a->host);
	else if (r->ep.where)
		linef(out, "server:", "%s%s", r->ep.socket ? "socket " : "", r->ep.where);
	line(out, "dbname:", a->db.name);
	line(out, "dbuser:", a->db.user);
	print_password(out, &a->db);
	if (r->db_answers)
		linef(out, "database:", "answers, %s", r->db_version);
	else if (r->db_checked)
		linef(out, "database:", "does not answer: %s", r->db_err.msg);
	else if (r->transport)
		linef(out, "database:", "not checked (reached with %s)", r->transport);
	else
		line(out, "database:", "not checked (no ssh session)");
	if (r->swap.found) {
		char *swap = status_swap_text(r);

		line(out, "swap:", swap);
		free(swap);
	}
}

void status_print_text(FILE *out, const struct status_report *r)
{
	const struct ss_alias *a = r->alias;
	struct ss_buf where = SS_BUF_INIT;

	line(out, "alias:", a->name);
	add_location(&where, a);
	line(out, "file:", where.data);
	ss_buf_release(&where);
	linef(out, "role:", "%s%s", ss_role_name(a->role), a->role_explicit ? "" : " (inferred)");
	print_host(out, a);
	print_ssh(out, r);
	line(out, "root:", a->root);
	line(out, "uri:", a->uri);
	for (size_t i = 0; i < a->npaths; i++)
		linef(out, "path:", "%s = %s", a->paths[i].key, a->paths[i].value);
	print_db(out, r);
	line(out, "sanitize:", r->sanitize ? r->sanitize : "none");
}

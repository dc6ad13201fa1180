/*
 * status_json.c - `sitesync status --format=json`: one JSON object.  The
 * alias's fields are named as `sitesync sa --format=json` names them
 * (drush's keys: host, paths, ssh: options...); sitesync's own are
 * snake_case (role_explicit, password_from).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <sitesync/sitesync.h>

#include "plugins/status/status.h"

static void key_str(struct ss_json *j, const char *key, const char *value)
{
	ss_json_key(j, key);
	ss_json_str(j, value && *value ? value : NULL);
}

static void json_db(struct ss_json *j, const struct status_report *r)
{
	const struct ss_db *db = &r->alias->db;

	ss_json_key(j, "db");
	if (!r->alias->has_db) {
		ss_json_null(j);
		return;
	}
	ss_json_obj_begin(j);
	key_str(j, "driver", ss_db_driver_name(db->driver));
	key_str(j, "url", db->url);
	key_str(j, "host", db->host);
	ss_json_key(j, "port");
	if (db->port)
		ss_json_int(j, db->port);
	else
		ss_json_null(j);
	key_str(j, "socket", db->socket);
	ss_json_key(j, "endpoint");
	if (r->ep.where && r->remote) {
		char *where = ss_xasprintf("%s via ssh '%s'", r->ep.where, r->alias->host);

		ss_json_str(j, where);
		free(where);
	} else {
		ss_json_str(j, r->ep.where);
	}
	key_str(j, "name", db->name);
	key_str(j, "user", db->user);
	key_str(j, "password_from", status_password_kind(db));
	key_str(j, "password_source", status_password_detail(db));
	ss_json_obj_end(j);
}

static void json_database(struct ss_json *j, const struct status_report *r)
{
	ss_json_key(j, "database");
	if (!r->db_checked) {
		ss_json_null(j);
		return;
	}
	ss_json_obj_begin(j);
	ss_json_key(j, "answers");
	ss_json_bool(j, r->db_answers);
	if (r->db_answers)
		key_str(j, "version", r->db_version);
	else
		key_str(j, "error", r->db_err.msg);
	ss_json_obj_end(j);
}

static void json_swap(struct ss_json *j, const struct status_report *r)
{
	const struct ss_mysync_interrupted *w = &r->swap;

	ss_json_key(j, "swap");
	if (!r->swap_checked) {
		ss_json_null(j);
		return;
	}
	ss_json_obj_begin(j);
	ss_json_key(j, "interrupted");
	ss_json_bool(j, w->found && !w->running && !r->swap_recovered);
	ss_json_key(j, "running");
	ss_json_bool(j, w->running);
	ss_json_key(j, "recovered");
	ss_json_bool(j, r->swap_recovered);
	if (w->found) {
		key_str(j, "command", w->command);
		key_str(j, "started_at", w->when);
		key_str(j, "direction", w->renamed ? "forward" : "back");
		ss_json_key(j, "steps");
		ss_json_int(j, (long long)w->steps);
		ss_json_key(j, "done");
		ss_json_int(j, (long long)w->done);
		key_str(j, "next", w->next);
	}
	ss_json_obj_end(j);
}

/* The alias's ssh: options (drush's key) and, when checked, whether SSH answers. */
static void json_ssh(struct ss_json *j, const struct status_report *r)
{
	const char *options = r->alias->ssh_options;

	ss_json_key(j, "ssh");
	if (!r->ssh_checked && !(options && *options)) {
		ss_json_null(j);
		return;
	}
	ss_json_obj_begin(j);
	key_str(j, "options", options);
	if (!r->ssh_checked) {
		ss_json_obj_end(j);
		return;
	}
	ss_json_key(j, "answers");
	ss_json_bool(j, r->ssh_answers);
	if (r->ssh_answers) {
		key_str(j, "where", r->ssh_where);
		key_str(j, "banner", r->ssh_banner);
		key_str(j, "auth", r->ssh_auth);
	} else {
		key_str(j, "error", r->ssh_err.msg);
	}
	ss_json_obj_end(j);
}

static void json_paths(struct ss_json *j, const struct ss_alias *a)
{
	ss_json_key(j, "paths");
	ss_json_obj_begin(j);
	for (size_t i = 0; i < a->npaths; i++)
		key_str(j, a->paths[i].key, a->paths[i].value);
	ss_json_obj_end(j);
}

void status_print_json(FILE *out, const struct status_report *r)
{
	const struct ss_alias *a = r->alias;
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	ss_json_init(&j, &b, 1);
	ss_json_obj_begin(&j);
	key_str(&j, "alias", a->name);
	key_str(&j, "file", a->file);
	ss_json_key(&j, "line");
	ss_json_int(&j, a->line);
	key_str(&j, "role", ss_role_name(a->role));
	ss_json_key(&j, "role_explicit");
	ss_json_bool(&j, a->role_explicit);
	ss_json_key(&j, "remote");
	ss_json_bool(&j, ss_alias_is_remote(a));
	key_str(&j, "transport", r->transport ? r->transport : r->remote ? "ssh" : "local");
	key_str(&j, "host", a->host);
	key_str(&j, "user", a->user);
	key_str(&j, "root", a->root);
	key_str(&j, "uri", a->uri);
	json_ssh(&j, r);
	json_paths(&j, a);
	json_db(&j, r);
	json_database(&j, r);
	json_swap(&j, r);
	key_str(&j, "sanitize", r->sanitize);
	ss_json_key(&j, "sanitize_required");
	ss_json_bool(&j, r->sanitize_required);
	ss_json_key(&j, "ok");
	ss_json_bool(&j, status_ok(r));
	ss_json_obj_end(&j);
	fprintf(out, "%s\n", b.data);
	ss_buf_release(&b);
}

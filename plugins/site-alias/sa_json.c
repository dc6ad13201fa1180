/*
 * sa_json.c - aliases as one JSON object keyed by name, passwords left out.
 * The alias file's keys keep drush's names (env-vars, password-env, ssh:
 * options...); what sitesync adds is snake_case (role_explicit), as in
 * every other JSON sitesync prints.
 */
#include "config.h"

#include <string.h>

#include <sitesync/json.h>

#include "plugins/site-alias/sa.h"

/* The JSON writer nests 30 deep; alias files may nest 64. */
#define MAX_JSON_DEPTH 24

static void node(struct ss_json *j, const struct ss_node *n, int depth)
{
	if (depth > MAX_JSON_DEPTH) {
		ss_json_str(j, "(nested too deep to show)");
		return;
	}
	if (n->kind == SS_NODE_SCALAR) {
		char buf[64];
		const char *lit = ss_node_literal(n, buf, sizeof(buf));

		if (lit)
			ss_json_raw(j, lit);
		else
			ss_json_str(j, n->scalar);
		return;
	}
	if (n->kind == SS_NODE_SEQ) {
		ss_json_arr_begin(j);
		for (size_t i = 0; i < n->n; i++)
			node(j, n->items[i], depth + 1);
		ss_json_arr_end(j);
		return;
	}
	ss_json_obj_begin(j);
	for (size_t i = 0; i < n->n; i++) {
		ss_json_key(j, n->keys[i]);
		node(j, n->items[i], depth + 1);
	}
	ss_json_obj_end(j);
}

/* paths, env-vars: as written (typed, or a list) when the file has them, else the pairs. */
static void kv(struct ss_json *j, const struct ss_alias *a, const char *key,
	       const struct ss_kv *v, size_t n)
{
	const struct ss_node *written = ss_node_get(a->node, key);

	ss_json_key(j, key);
	if (written && written->kind != SS_NODE_SCALAR) {
		node(j, written, 3);
		return;
	}
	ss_json_obj_begin(j);
	for (size_t i = 0; i < n; i++) {
		ss_json_key(j, v[i].key);
		ss_json_str(j, v[i].value);
	}
	ss_json_obj_end(j);
}

static void field(struct ss_json *j, const char *key, const char *value)
{
	ss_json_key(j, key);
	ss_json_str(j, value);
}

static void db(struct ss_json *j, const struct ss_alias *a)
{
	const struct ss_db *d = &a->db;

	ss_json_key(j, "db");
	if (!a->has_db) {
		ss_json_null(j);
		return;
	}
	ss_json_obj_begin(j);
	field(j, "driver", ss_db_driver_name(d->driver));
	field(j, "host", d->host);
	ss_json_key(j, "port");
	if (d->port)
		ss_json_int(j, d->port);
	else
		ss_json_null(j);
	field(j, "socket", d->socket);
	field(j, "name", d->name);
	field(j, "user", d->user);
	field(j, "password-env", d->password_env);
	field(j, "password-file", d->password_file);
	field(j, "url", d->url);
	ss_json_key(j, "password_from_environment");
	ss_json_bool(j, d->env_password != NULL);
	ss_json_obj_end(j);
}

static void hooks(struct ss_json *j, const struct ss_alias *a)
{
	ss_json_key(j, "hooks");
	ss_json_obj_begin(j);
	for (size_t i = 0; i < a->nhooks; i++) {
		ss_json_key(j, a->hooks[i].event);
		ss_json_arr_begin(j);
		for (size_t k = 0; k < a->hooks[i].ncommands; k++)
			ss_json_str(j, a->hooks[i].commands[k]);
		ss_json_arr_end(j);
	}
	ss_json_obj_end(j);
}

static void alias(struct ss_json *j, const struct ss_alias *a)
{
	ss_json_key(j, a->name);
	ss_json_obj_begin(j);
	field(j, "site", a->site);
	field(j, "env", a->env);
	field(j, "file", a->file);
	ss_json_key(j, "line");
	ss_json_int(j, a->line);
	field(j, "role", ss_role_name(a->role));
	ss_json_key(j, "role_explicit");
	ss_json_bool(j, a->role_explicit);
	ss_json_key(j, "remote");
	ss_json_bool(j, ss_alias_is_remote(a));
	field(j, "transport", ss_alias_transport(a) ? ss_alias_transport(a)
			      : ss_alias_is_remote(a) ? "ssh" : "local");
	field(j, "host", a->host);
	field(j, "user", a->user);
	field(j, "root", a->root);
	field(j, "uri", a->uri);
	kv(j, a, "paths", a->paths, a->npaths);
	kv(j, a, "env-vars", a->env_vars, a->nenv_vars);
	db(j, a);
	hooks(j, a);
	for (size_t i = 0; a->node && i < a->node->n; i++) {
		if (sa_known_key(a->node->keys[i]))
			continue;
		ss_json_key(j, a->node->keys[i]);
		node(j, a->node->items[i], 3);
	}
	ss_json_obj_end(j);
}

void sa_json_aliases(struct ss_buf *out, const struct ss_alias *const *list, size_t n)
{
	struct ss_json j;

	ss_json_init(&j, out, 1);
	ss_json_obj_begin(&j);
	for (size_t i = 0; i < n; i++)
		alias(&j, list[i]);
	ss_json_obj_end(&j);
	ss_buf_addc(out, '\n');
}

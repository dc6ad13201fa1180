/* sa_yaml.c - an alias as drush-style YAML, passwords left out. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "plugins/site-alias/sa.h"

int sa_known_key(const char *key)
{
	static const char *const known[] = {
		"host", "user", "root", "uri", "paths", "env-vars", "db", "role", "hooks",
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(key, known[i]))
			return 1;
	return 0;
}

/* Words YAML would read as something other than a string. */
static int reserved(const char *s)
{
	static const char *const words[] = {
		"true", "false", "yes", "no", "on", "off", "null", "y", "n",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(s, words[i]))
			return 1;
	return 0;
}

static int plain_ok(const char *s)
{
	const char *first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./~$";
	const char *rest = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./~$"
			   "@:+-=,% ";
	size_t len = strlen(s);

	if (!len || !strchr(first, s[0]) || reserved(s))
		return 0;
	/* would read back as a number, a date or null: keep it a string */
	if ((s[0] >= '0' && s[0] <= '9') || !strcmp(s, "~") ||
	    (s[0] == '.' && s[1] >= '0' && s[1] <= '9') || !strcasecmp(s, ".inf") ||
	    !strcasecmp(s, ".nan"))
		return 0;
	if (s[strspn(s, rest)] || s[len - 1] == ':' || s[len - 1] == ' ')
		return 0;
	return !strstr(s, ": ") && !strstr(s, " #");
}

void sa_yaml_scalar(struct ss_buf *out, const char *s)
{
	int control = 0;

	if (plain_ok(s)) {
		ss_buf_adds(out, s);
		return;
	}
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			control = 1;
	if (!control) {
		ss_buf_addc(out, '\'');
		for (const char *p = s; *p; p++) {
			if (*p == '\'')
				ss_buf_addc(out, '\'');
			ss_buf_addc(out, *p);
		}
		ss_buf_addc(out, '\'');
		return;
	}
	ss_buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			ss_buf_addf(out, "\\%c", *p);
		else if (*p == '\n')
			ss_buf_adds(out, "\\n");
		else if (*p == '\t')
			ss_buf_adds(out, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			ss_buf_addf(out, "\\x%02x", *p);
		else
			ss_buf_addc(out, (char)*p);
	}
	ss_buf_addc(out, '"');
}

static void indent(struct ss_buf *out, int depth)
{
	for (int i = 0; i < depth; i++)
		ss_buf_adds(out, "  ");
}

static void key(struct ss_buf *out, int depth, const char *k)
{
	indent(out, depth);
	sa_yaml_scalar(out, k);
	ss_buf_addc(out, ':');
}

static void str(struct ss_buf *out, int depth, const char *k, const char *v)
{
	if (!v)
		return;
	key(out, depth, k);
	ss_buf_addc(out, ' ');
	sa_yaml_scalar(out, v);
	ss_buf_addc(out, '\n');
}

static void node(struct ss_buf *out, int depth, const struct ss_node *n);

/* A scalar node: typed ones as their literal (a float that is not finite as written). */
static void typed_scalar(struct ss_buf *out, const struct ss_node *n)
{
	char buf[64];
	const char *lit = ss_node_literal(n, buf, sizeof(buf));

	if (lit && n->type == SS_SCALAR_FLOAT && !strcmp(lit, "null"))
		ss_buf_adds(out, n->scalar);
	else if (lit)
		ss_buf_adds(out, lit);
	else
		sa_yaml_scalar(out, n->scalar);
}

/* A value after "key:" (or "- "): scalars inline, collections below. */
static void value(struct ss_buf *out, int depth, const struct ss_node *n)
{
	if (n->kind == SS_NODE_SCALAR) {
		ss_buf_addc(out, ' ');
		typed_scalar(out, n);
		ss_buf_addc(out, '\n');
	} else if (!n->n) {
		ss_buf_adds(out, n->kind == SS_NODE_MAP ? " {}\n" : " []\n");
	} else {
		ss_buf_addc(out, '\n');
		node(out, depth, n);
	}
}

static void node(struct ss_buf *out, int depth, const struct ss_node *n)
{
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == SS_NODE_MAP) {
			key(out, depth, n->keys[i]);
		} else {
			indent(out, depth);
			ss_buf_addc(out, '-');
		}
		value(out, depth + 1, n->items[i]);
	}
}

/* paths, env-vars: as written (typed, or a list) when the file has them, else the pairs. */
static void kv(struct ss_buf *out, const struct ss_alias *a, int depth, const char *k,
	       const struct ss_kv *v, size_t n)
{
	const struct ss_node *written = ss_node_get(a->node, k);

	if (written && written->kind != SS_NODE_SCALAR) {
		key(out, depth, k);
		value(out, depth + 1, written);
		return;
	}
	if (!n)
		return;
	key(out, depth, k);
	ss_buf_addc(out, '\n');
	for (size_t i = 0; i < n; i++)
		str(out, depth + 1, v[i].key, v[i].value);
}

static void db(struct ss_buf *out, const struct ss_db *d)
{
	ss_buf_adds(out, "  db:\n");
	str(out, 2, "driver", ss_db_driver_name(d->driver));
	str(out, 2, "host", d->host);
	if (d->port)
		ss_buf_addf(out, "    port: %d\n", d->port);
	str(out, 2, "socket", d->socket);
	str(out, 2, "name", d->name);
	str(out, 2, "user", d->user);
	str(out, 2, "password-env", d->password_env);
	str(out, 2, "password-file", d->password_file);
	str(out, 2, "url", d->url);
	if (d->env_password)
		ss_buf_adds(out, "    # password: from the environment (not shown)\n");
}

static void hooks(struct ss_buf *out, const struct ss_alias *a)
{
	if (!a->nhooks)
		return;
	ss_buf_adds(out, "  hooks:\n");
	for (size_t i = 0; i < a->nhooks; i++) {
		key(out, 2, a->hooks[i].event);
		ss_buf_addc(out, a->hooks[i].ncommands ? '\n' : ' ');
		if (!a->hooks[i].ncommands)
			ss_buf_adds(out, "[]\n");
		for (size_t j = 0; j < a->hooks[i].ncommands; j++) {
			ss_buf_adds(out, "      - ");
			sa_yaml_scalar(out, a->hooks[i].commands[j]);
			ss_buf_addc(out, '\n');
		}
	}
}

void sa_yaml_alias(struct ss_buf *out, const struct ss_alias *a)
{
	sa_yaml_scalar(out, a->name);
	ss_buf_adds(out, ":\n");
	if (a->line)
		ss_buf_addf(out, "  # %s:%d\n", a->file, a->line);
	else
		ss_buf_addf(out, "  # %s\n", a->file);
	ss_buf_addf(out, "  role: %s%s\n", ss_role_name(a->role),
		    a->role_explicit ? "" : "  # inferred from the name");
	if (ss_alias_transport(a))
		ss_buf_addf(out, "  # transport: %s (sitesync does not speak it yet: commands that "
			    "need it refuse)\n", ss_alias_transport(a));
	str(out, 1, "host", a->host);
	str(out, 1, "user", a->user);
	str(out, 1, "root", a->root);
	str(out, 1, "uri", a->uri);
	kv(out, a, 1, "paths", a->paths, a->npaths);
	kv(out, a, 1, "env-vars", a->env_vars, a->nenv_vars);
	if (a->has_db)
		db(out, &a->db);
	hooks(out, a);
	for (size_t i = 0; a->node && i < a->node->n; i++) {
		if (sa_known_key(a->node->keys[i]))
			continue;
		key(out, 1, a->node->keys[i]);
		value(out, 2, a->node->items[i]);
	}
}

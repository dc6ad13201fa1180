/* settings.c - serve.yml: per site, the webhooks and their secrets. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sitesync/sitesync.h>

#include "lib/alias/yaml_load.h"
#include "plugins/serve/settings.h"

static int at(struct ss_error *err, const char *path, const struct ss_node *n, const char *fmt,
	      ...) __attribute__((format(printf, 4, 5)));

/* "path:line:col: message" */
static int at(struct ss_error *err, const char *path, const struct ss_node *n, const char *fmt,
	      ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = ss_error_atv(err, path, n->line, n->column, fmt, ap);
	va_end(ap);
	return rc;
}

/* The first line of a secret file ('~/' is $HOME, relative to serve.yml's directory). */
static int secret_file(const char *config, const char *file, char **out, struct ss_error *err)
{
	const char *home = getenv("HOME"), *slash = strrchr(config, '/');
	char *path, *line = NULL;
	size_t cap = 0;
	struct stat st;
	FILE *f;

	if (file[0] == '~' && file[1] == '/' && home)
		path = ss_xasprintf("%s%s", home, file + 1);
	else if (file[0] == '/' || !slash)
		path = ss_xstrdup(file);
	else
		path = ss_xasprintf("%.*s/%s", (int)(slash - config), config, file);
	f = fopen(path, "re");
	if (!f) {
		ss_error_set(err, SS_FAILED, "cannot read webhook secret file '%s': %s", path,
			     strerror(errno));
		free(path);
		return -1;
	}
	if (fstat(fileno(f), &st) < 0 || (st.st_mode & (S_IRWXG | S_IRWXO))) {
		ss_error_set(err, SS_REFUSED, "webhook secret file '%s' is open to others "
			     "(chmod 600 %s)", path, path);
		fclose(f);
		free(path);
		return -1;
	}
	if (getline(&line, &cap, f) < 0)
		line = ss_xstrdup("");
	fclose(f);
	free(path);
	line[strcspn(line, "\r\n")] = '\0';
	*out = line;
	return 0;
}

static int parse_events(const char *path, const struct ss_node *n, unsigned *out,
			struct ss_error *err)
{
	*out = 0;
	if (n->kind != SS_NODE_SEQ)
		return at(err, path, n, "events must be a list (completed, failed, cancelled)");
	for (size_t i = 0; i < n->n; i++) {
		const char *e = n->items[i]->kind == SS_NODE_SCALAR ? n->items[i]->scalar : "";

		if (!strcmp(e, "completed"))
			*out |= HOOK_COMPLETED;
		else if (!strcmp(e, "failed"))
			*out |= HOOK_FAILED;
		else if (!strcmp(e, "cancelled"))
			*out |= HOOK_CANCELLED;
		else
			return at(err, path, n->items[i], "unknown event '%s' (completed, failed, "
				  "cancelled)", e);
	}
	return 0;
}

static int parse_hook(const char *path, const struct ss_node *n, struct webhook *h,
		      struct ss_error *err)
{
	const char *url, *file, *env;
	const struct ss_node *ev;

	memset(h, 0, sizeof(*h));
	h->events = HOOK_COMPLETED | HOOK_FAILED;
	if (n->kind != SS_NODE_MAP)
		return at(err, path, n, "a webhook is a mapping with url and secret-file or secret-env");
	for (size_t i = 0; i < n->n; i++)
		if (strcmp(n->keys[i], "url") && strcmp(n->keys[i], "secret-file") &&
		    strcmp(n->keys[i], "secret-env") && strcmp(n->keys[i], "events"))
			return at(err, path, n->items[i], "unknown webhook key '%s' (url, secret-file, "
				  "secret-env, events)", n->keys[i]);
	url = ss_node_str(n, "url");
	file = ss_node_str(n, "secret-file");
	env = ss_node_str(n, "secret-env");
	if (!url || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)))
		return at(err, path, n, "a webhook needs a url: http:// or https://");
	if (!(file && *file) == !(env && *env))
		return at(err, path, n, "a webhook needs one of secret-file and secret-env");
	if ((ev = ss_node_get(n, "events")) && parse_events(path, ev, &h->events, err) < 0)
		return -1;
	h->url = ss_xstrdup(url);
	if (file && *file)
		return secret_file(path, file, &h->secret, err);
	if (!getenv(env))
		return at(err, path, n, "secret-env '%s' is not set", env);
	h->secret = ss_xstrdup(getenv(env));
	return 0;
}

static int parse_site(const char *path, const char *name, const struct ss_node *n,
		      struct site_config *sc, struct ss_error *err)
{
	const struct ss_node *hooks;

	sc->site = ss_xstrdup(name);
	if (n->kind != SS_NODE_MAP)
		return at(err, path, n, "site '%s' must be a mapping", name);
	for (size_t i = 0; i < n->n; i++)
		if (strcmp(n->keys[i], "webhooks"))
			return at(err, path, n->items[i], "unknown key '%s' of site '%s' (webhooks)",
				  n->keys[i], name);
	hooks = ss_node_get(n, "webhooks");
	if (!hooks)
		return 0;
	if (hooks->kind != SS_NODE_SEQ)
		return at(err, path, hooks, "webhooks of site '%s' must be a list", name);
	sc->hooks = ss_xcalloc(hooks->n ? hooks->n : 1, sizeof(*sc->hooks));
	for (size_t i = 0; i < hooks->n; i++) {
		sc->nhooks++;
		if (parse_hook(path, hooks->items[i], &sc->hooks[i], err) < 0)
			return -1;
	}
	return 0;
}

static int parse(const char *path, const struct ss_node *root, struct serve_config *c,
		 struct ss_error *err)
{
	const struct ss_node *sites;

	if (root->kind != SS_NODE_MAP)
		return at(err, path, root, "serve settings must be a mapping");
	for (size_t i = 0; i < root->n; i++)
		if (strcmp(root->keys[i], "sites"))
			return at(err, path, root->items[i], "unknown key '%s' (sites)", root->keys[i]);
	sites = ss_node_get(root, "sites");
	if (!sites)
		return 0;
	if (sites->kind != SS_NODE_MAP)
		return at(err, path, sites, "sites must be a mapping of site names");
	c->sites = ss_xcalloc(sites->n ? sites->n : 1, sizeof(*c->sites));
	for (size_t i = 0; i < sites->n; i++) {
		c->nsites++;
		if (parse_site(path, sites->keys[i], sites->items[i], &c->sites[i], err) < 0)
			return -1;
	}
	return 0;
}

int serve_config_load(const char *path, struct serve_config *out, struct ss_error *err)
{
	struct ss_node *root = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->path = ss_xstrdup(path);
	if (access(path, F_OK) != 0)
		return errno == ENOENT ? 0 : ss_error_set(err, SS_FAILED, "cannot read '%s': %s",
							   path, strerror(errno));
	if (ss_yaml_load_file(path, &root, err) < 0)
		rc = -1;
	else if (root)
		rc = parse(path, root, out, err);
	ss_node_free(root);
	if (rc < 0)
		serve_config_release(out);
	return rc;
}

void serve_config_release(struct serve_config *c)
{
	for (size_t i = 0; i < c->nsites; i++) {
		for (size_t k = 0; k < c->sites[i].nhooks; k++) {
			free(c->sites[i].hooks[k].url);
			ss_secret_free(c->sites[i].hooks[k].secret);
		}
		free(c->sites[i].hooks);
		free(c->sites[i].site);
	}
	free(c->sites);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

const struct site_config *serve_config_site(const struct serve_config *c, const char *site)
{
	for (size_t i = 0; i < c->nsites; i++)
		if (!strcmp(c->sites[i].site, site))
			return &c->sites[i];
	return NULL;
}

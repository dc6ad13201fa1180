/*
 * plugins/serve/settings.h - serve's own settings file, serve.yml in the
 * state directory (or --config): per site, the webhooks told when a job
 * ends.
 *
 *   sites:
 *     example:
 *       webhooks:
 *         - url: https://hooks.example.com/sitesync
 *           secret-file: ~/.config/sitesync/webhook-secret   # or secret-env: VAR
 *           events: [completed, failed]      # default; also: cancelled
 *
 * Each delivery is a POST of the job as JSON, signed: the header
 * X-Sitesync-Signature is "sha256=" and the hex HMAC-SHA256 of the body
 * under the secret.  Secrets live in a file or a variable, never in
 * serve.yml.  A missing file is no webhooks.
 */
#ifndef SERVE_SETTINGS_H
#define SERVE_SETTINGS_H

#include <stddef.h>

#include <sitesync/error.h>

enum { HOOK_COMPLETED = 1, HOOK_FAILED = 2, HOOK_CANCELLED = 4 };

struct webhook {
	char *url;
	char *secret;            /* wiped on release */
	unsigned events;         /* HOOK_* */
};

struct site_config {
	char *site;
	struct webhook *hooks;
	size_t nhooks;
};

struct serve_config {
	char *path;
	struct site_config *sites;
	size_t nsites;
};

int serve_config_load(const char *path, struct serve_config *out, struct ss_error *err);
void serve_config_release(struct serve_config *c);

/* The settings of site, or NULL. */
const struct site_config *serve_config_site(const struct serve_config *c, const char *site);

#endif

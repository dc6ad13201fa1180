/* scrub.c - no secret in a job's log: known secrets masked, and what looks like a password. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/safety/history.h"
#include "plugins/serve/serve.h"

/* Shorter secrets would mask ordinary words. */
#define MIN_SECRET 4

static void add_secret(struct serve *sv, size_t *n, char *secret)
{
	if (!secret || strlen(secret) < MIN_SECRET) {
		ss_secret_free(secret);
		return;
	}
	sv->secrets = ss_xrealloc(sv->secrets, (*n + 2) * sizeof(*sv->secrets));
	sv->secrets[(*n)++] = secret;
	sv->secrets[*n] = NULL;
}

void serve_scrub_load(struct serve *sv)
{
	size_t n = 0;

	for (size_t i = 0; i < sv->sites.n; i++)
		for (size_t k = 0; k < sv->sites.v[i].nenvs; k++) {
			const struct ss_alias *a = sv->sites.v[i].envs[k].alias;
			struct ss_error err;
			char *pw = NULL;

			if (a->has_db && ss_db_password(&a->db, &pw, NULL, &err) == 0)
				add_secret(sv, &n, pw);
		}
	for (size_t i = 0; i < sv->config.nsites; i++)
		for (size_t k = 0; k < sv->config.sites[i].nhooks; k++)
			add_secret(sv, &n, ss_xstrdup(sv->config.sites[i].hooks[k].secret));
}

void serve_scrub_release(struct serve *sv)
{
	for (size_t i = 0; sv->secrets && sv->secrets[i]; i++)
		ss_secret_free(sv->secrets[i]);
	free(sv->secrets);
	sv->secrets = NULL;
}

void serve_scrub(const struct serve *sv, const char *text, struct ss_buf *out)
{
	struct ss_buf masked = SS_BUF_INIT;
	const char *p = text;

	while (*p) {
		size_t len = 0;

		for (size_t i = 0; sv->secrets && sv->secrets[i] && !len; i++)
			if (!strncmp(p, sv->secrets[i], strlen(sv->secrets[i])))
				len = strlen(sv->secrets[i]);
		if (len) {
			ss_buf_adds(&masked, "***");
			p += len;
		} else {
			ss_buf_addc(&masked, *p++);
		}
	}
	ss_history_scrub(masked.data ? masked.data : "", out);
	ss_buf_release(&masked);
}

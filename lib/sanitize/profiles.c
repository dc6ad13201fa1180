/*
 * profiles.c - the built-in rule sets: drupal (at least what `drush
 * sql:sanitize` does by default, and more) and wordpress.
 *
 * drupal: users keep uid 0 (anonymous) as drush does; the others lose
 * their password hash (NULL: no password logs in), their mail and init
 * (user+UID@localhost.localdomain) and their name (user_UID, which drush
 * does only with --sanitize-username).  Sessions, logs, flood entries and
 * caches (cache_entity holds whole user entities) keep no rows.  Comments
 * lose their author's name, mail, homepage and IP address, the statistics
 * the last commenter's name; user fields (user__field_*) their values and
 * summaries, randomized (drush writes sample values).
 *
 * wordpress: users lose their password hash, mail, activation key, URL,
 * display name and nicename; user meta its names, description, session
 * tokens and WooCommerce billing and shipping details; comments their
 * author's name, mail, URL, IP address and agent; the site its admin mail.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sanitize/internal.h"

struct prule {
	const char *table;      /* without the prefix */
	const char *column;     /* NULL: a table rule */
	enum ss_san_kind kind;
	const char *arg;
	const char *when;
	int optional;
};

#define USER_MAIL "user+{uid}@localhost.localdomain"

static const struct prule drupal[] = {
	{ "users_field_data", "pass", SS_SAN_NULL, NULL, "uid > 0", 0 },
	{ "users_field_data", "mail", SS_SAN_EMAIL, USER_MAIL, "uid > 0", 0 },
	{ "users_field_data", "init", SS_SAN_EMAIL, USER_MAIL, "uid > 0", 0 },
	{ "users_field_data", "name", SS_SAN_EMAIL, "user_{uid}", "uid > 0", 0 },
	{ "sessions", NULL, SS_SAN_TRUNCATE, NULL, NULL, 0 },
	{ "watchdog", NULL, SS_SAN_TRUNCATE, NULL, NULL, 1 },
	{ "flood", NULL, SS_SAN_TRUNCATE, NULL, NULL, 1 },
	{ "cache_*", NULL, SS_SAN_TRUNCATE, NULL, NULL, 1 },
	{ "comment_field_data", "name", SS_SAN_EMAIL, "User{uid}", NULL, 1 },
	{ "comment_field_data", "mail", SS_SAN_EMAIL, USER_MAIL, NULL, 1 },
	{ "comment_field_data", "homepage", SS_SAN_STATIC, "http://example.com", NULL, 1 },
	{ "comment_field_data", "hostname", SS_SAN_STATIC, "127.0.0.1", NULL, 1 },
	{ "comment_entity_statistics", "last_comment_name", SS_SAN_NULL, NULL, NULL, 1 },
	{ "user__field_*", "*_value", SS_SAN_RANDOM, NULL, NULL, 1 },
	{ "user__field_*", "*_summary", SS_SAN_RANDOM, NULL, NULL, 1 },
	{ NULL, NULL, 0, NULL, NULL, 0 },
};

#define WP_META_PERSONAL \
	"meta_key IN ('first_name', 'last_name', 'nickname', 'description', 'session_tokens')" \
	" OR meta_key LIKE 'billing%' OR meta_key LIKE 'shipping%'"

static const struct prule wordpress[] = {
	{ "users", "user_pass", SS_SAN_STATIC, "", NULL, 0 },
	{ "users", "user_email", SS_SAN_EMAIL, "user+{ID}@localhost.localdomain", NULL, 0 },
	{ "users", "user_activation_key", SS_SAN_STATIC, "", NULL, 0 },
	{ "users", "user_url", SS_SAN_STATIC, "", NULL, 0 },
	{ "users", "display_name", SS_SAN_EMAIL, "User {ID}", NULL, 0 },
	{ "users", "user_nicename", SS_SAN_EMAIL, "user-{ID}", NULL, 0 },
	{ "usermeta", "meta_value", SS_SAN_STATIC, "", WP_META_PERSONAL, 0 },
	{ "comments", "comment_author", SS_SAN_EMAIL, "Commenter {comment_ID}", NULL, 0 },
	{ "comments", "comment_author_email", SS_SAN_EMAIL,
	  "comment+{comment_ID}@localhost.localdomain", NULL, 0 },
	{ "comments", "comment_author_url", SS_SAN_STATIC, "", NULL, 0 },
	{ "comments", "comment_author_IP", SS_SAN_STATIC, "127.0.0.1", NULL, 0 },
	{ "comments", "comment_agent", SS_SAN_STATIC, "", NULL, 0 },
	{ "options", "option_value", SS_SAN_STATIC, "admin@localhost.localdomain",
	  "option_name IN ('admin_email', 'new_admin_email')", 0 },
	{ NULL, NULL, 0, NULL, NULL, 0 },
};

static const struct {
	const char *name;
	const char *prefix;     /* the default table prefix */
	const struct prule *rules;
} profiles[] = {
	{ "drupal", "", drupal },
	{ "wordpress", "wp_", wordpress },
};

#define NPROFILES (sizeof(profiles) / sizeof(profiles[0]))

const char *ss_san_profile_names(void)
{
	return "drupal, wordpress";
}

int ss_san_profile_known(const char *name)
{
	for (size_t i = 0; i < NPROFILES; i++)
		if (!strcmp(profiles[i].name, name))
			return 1;
	return 0;
}

void ss_san_profile_add(struct ss_sanitize *s, const char *name, const char *prefix)
{
	for (size_t i = 0; i < NPROFILES; i++) {
		char *origin;

		if (strcmp(profiles[i].name, name))
			continue;
		if (!prefix)
			prefix = profiles[i].prefix;
		origin = ss_xasprintf("profile '%s'", name);
		for (const struct prule *p = profiles[i].rules; p->table; p++) {
			char *table = ss_xasprintf("%s%s", prefix, p->table);
			struct ss_san_rule *r = ss_san_add_rule(s, p->kind, table, p->column, origin);

			r->arg = ss_xstrdup(p->arg);
			r->when = ss_xstrdup(p->when);
			r->optional = p->optional;
			free(table);
		}
		free(origin);
	}
}

int ss_san_add_profiles(struct ss_sanitize *s, const char *list, const char *origin,
			struct ss_error *err)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");
		char *name;
		int dup = 0;

		while (n && *p == ' ')
			p++, n--;
		while (n && p[n - 1] == ' ')
			n--;
		name = ss_xstrndup(p, n);
		if (!*name || !ss_san_profile_known(name)) {
			ss_error_set(err, SS_USAGE, "unknown sanitize profile '%s' (known: %s)", name,
				     ss_san_profile_names());
			free(name);
			return -1;
		}
		for (size_t i = 0; i < s->nprofiles; i++)
			dup |= !strcmp(s->profiles[i], name);
		if (dup) {
			free(name);
		} else {
			s->profiles = ss_xrealloc(s->profiles, (s->nprofiles + 1) * sizeof(char *));
			s->profile_origins = ss_xrealloc(s->profile_origins,
							 (s->nprofiles + 1) * sizeof(char *));
			s->profile_origins[s->nprofiles] = ss_xstrdup(origin);
			s->profiles[s->nprofiles++] = name;
		}
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	return 0;
}

int ss_san_finish(struct ss_sanitize *s, struct ss_error *err)
{
	if (!s->finished) {
		for (size_t i = 0; i < s->nprofiles; i++)
			ss_san_profile_add(s, s->profiles[i], s->prefix);
		s->finished = 1;
	}
	if (!s->nrules)
		return ss_error_set(err, SS_FAILED, "sanitizing is %s%s but no profile or rule is"
				    " given (sanitize: profile or tables, or --sanitize=PROFILE)",
				    s->required ? "required by " : "asked for",
				    s->required && s->required_by ? s->required_by : "");
	return 0;
}

/*
 * grants.c - what names roles in the shadow (privileges, default privileges,
 * policies), made once the shadow is built, for the roles the target has.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/pg/sync/internal.h"

#define SQL_ROLES \
	"SELECT pg_catalog.quote_ident(rolname) FROM pg_catalog.pg_roles WHERE $1::text IS NULL"

/* Roles missing on the target, each with how many statements lost it. */
struct missing {
	struct ss_pgsync_list roles;
	size_t *counts;
};

static int has_role(const struct ss_pg_hash *roles, const char *role, size_t len)
{
	char *r = ss_xstrndup(role, len);
	size_t v;
	int yes = !strcmp(r, "PUBLIC") || ss_pg_hash_get(roles, r, 0, &v);

	free(r);
	return yes;
}

static void miss(struct missing *m, const char *role, size_t len)
{
	for (size_t i = 0; i < m->roles.n; i++)
		if (strlen(m->roles.items[i]) == len && !strncmp(m->roles.items[i], role, len)) {
			m->counts[i]++;
			return;
		}
	ss_pgsync_list_add(&m->roles, ss_xstrndup(role, len));
	m->counts = ss_xrealloc(m->counts, m->roles.n * sizeof(*m->counts));
	m->counts[m->roles.n - 1] = 1;
}

/* Does the target have every role of the list (one per line)? Missing ones are counted. */
static int have_all(const struct ss_pg_hash *roles, const char *list, struct missing *m)
{
	int all = 1;

	for (const char *p = list; p && *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0)) {
		size_t len = strcspn(p, "\n");

		if (len && !has_role(roles, p, len)) {
			miss(m, p, len);
			all = 0;
		}
	}
	return all;
}

/*
 * A policy for the roles the target has: a role that does not exist is
 * granted nothing by it, so leaving it out changes nothing; with none left
 * the policy applies to nobody and is left out.
 */
static char *policy_sql(const struct ss_pg_hash *roles, const struct ss_pgsync_grant *g,
			struct missing *m)
{
	struct ss_buf b = SS_BUF_INIT;
	size_t n = 0;

	ss_buf_adds(&b, g->head);
	for (const char *p = g->roles; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0)) {
		size_t len = strcspn(p, "\n");

		if (!len)
			continue;
		if (!has_role(roles, p, len)) {
			miss(m, p, len);
			continue;
		}
		ss_buf_addf(&b, "%s%.*s", n++ ? ", " : "", (int)len, p);
	}
	ss_buf_adds(&b, g->tail);
	if (!n) {
		ss_buf_release(&b);
		return NULL;
	}
	return ss_buf_detach(&b);
}

/* Run the statements at once; when that fails, one by one, noting those that fail. */
static void run(PGconn *tgt, struct ss_pgsync_list *sql, struct ss_pgsync_plan *plan)
{
	struct ss_buf all = SS_BUF_INIT;
	struct ss_error err;

	if (!sql->n)
		return;
	ss_buf_adds(&all, "BEGIN;\n");
	for (size_t i = 0; i < sql->n; i++)
		ss_buf_adds(&all, sql->items[i]);
	ss_buf_adds(&all, "COMMIT;\n");
	if (ss_pgsync_exec(tgt, "target", all.data, &err) < 0) {
		PQclear(PQexec(tgt, "ROLLBACK"));
		for (size_t i = 0; i < sql->n; i++)
			if (ss_pgsync_exec(tgt, "target", sql->items[i], &err) < 0)
				ss_pgsync_list_add(&plan->owner_notes,
						   ss_xasprintf("not kept: %.*s (%s)",
								(int)strcspn(sql->items[i], "\n;"),
								sql->items[i], err.msg));
	}
	ss_buf_release(&all);
}

int ss_pgsync_grants(PGconn *tgt, struct ss_pgsync_plan *plan, struct ss_error *err)
{
	struct ss_pgsync_list have = { 0 }, sql = { 0 };
	struct ss_pg_hash *roles;
	struct missing m = { { 0 }, NULL };

	if (!plan->ngrants)
		return 0;
	if (ss_pgsync_query_list(tgt, "target", SQL_ROLES, NULL, &have, err) < 0)
		return -1;
	roles = ss_pg_hash_new(have.n + 1);
	for (size_t i = 0; i < have.n; i++)
		ss_pg_hash_put(roles, have.items[i], 0, i);
	for (size_t i = 0; i < plan->ngrants; i++) {
		const struct ss_pgsync_grant *g = &plan->grants[i];
		char *s;

		if (g->head) {
			if ((s = policy_sql(roles, g, &m)))
				ss_pgsync_list_add(&sql, s);
		} else if (have_all(roles, g->needs, &m)) {
			ss_pgsync_list_add(&sql, ss_xstrdup(g->sql));
		}
	}
	run(tgt, &sql, plan);
	for (size_t i = 0; i < m.roles.n; i++)
		ss_pgsync_list_add(&plan->owner_notes,
				   ss_xasprintf("privileges of role %s not kept (%zu statement%s): no role"
						" of that name on the target", m.roles.items[i],
						m.counts[i], m.counts[i] == 1 ? "" : "s"));
	ss_pgsync_list_release(&m.roles);
	free(m.counts);
	ss_pgsync_list_release(&sql);
	ss_pgsync_list_release(&have);
	ss_pg_hash_free(roles);
	return 0;
}

/* alias.c - placeholder until the alias loader lands: every lookup fails. */
#include "config.h"

#include <stdlib.h>

#include <sitesync/alias.h>

int ss_aliases_open(const struct ss_alias_search *search, struct ss_aliases **out,
		    struct ss_error *err)
{
	(void)search;
	*out = NULL;
	return ss_error_set(err, SS_FAILED, "alias files are not supported in this build");
}

void ss_aliases_free(struct ss_aliases *set)
{
	(void)set;
}

int ss_alias_resolve(struct ss_aliases *set, const char *name, const struct ss_alias **out,
		     struct ss_error *err)
{
	(void)set;
	*out = NULL;
	return ss_error_set(err, SS_FAILED, "alias '%s' not found", name);
}

const char *ss_role_name(enum ss_role role)
{
	static const char *const names[] = { "local", "development", "staging", "production" };

	return (unsigned)role < 4 ? names[role] : "unknown";
}

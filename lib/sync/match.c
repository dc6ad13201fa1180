/* match.c - the table lists of both sql-sync engines: comma-separated * patterns. */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/sync/run.h"

int ss_sync_match(const char *list, const char *name, const char *qualified)
{
	const char *p = list;
	int hit = 0;

	if (!list)
		return 0;
	while (*p && !hit) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *pat;

		while (n && *p == ' ') {
			p++;
			n--;
		}
		while (n && p[n - 1] == ' ')
			n--;
		pat = ss_xstrndup(p, n);
		if (n)
			hit = fnmatch(pat, qualified && strchr(pat, '.') ? qualified : name, 0) == 0;
		free(pat);
		if (!e)
			break;
		p = e + 1;
	}
	return hit;
}

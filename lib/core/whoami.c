/* whoami.c - "user@host" of this run, for lock holders and the history. */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/core/whoami.h"

void ss_whoami(char *out, size_t size, int short_host)
{
	const char *user = getenv("USER");
	struct passwd *pw;
	char host[256] = "";

	if (!user || !*user)
		user = getenv("LOGNAME");
	if ((!user || !*user) && (pw = getpwuid(geteuid())))
		user = pw->pw_name;
	gethostname(host, sizeof(host) - 1);
	if (short_host)
		host[strcspn(host, ".")] = '\0';
	snprintf(out, size, "%s@%s", user && *user ? user : "?", *host ? host : "?");
}

/*
 * fuzz_dburl.c - db.url (drush --db-url): parsed into an alias, and masked
 * for display.  The password it holds must show neither in the masked URL
 * nor in an error message (secrets never reach a log).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lib/alias/internal.h"
#include "tests/fuzz/fuzz.h"

/*
 * Abort when the authority of the url shown in text (from "://" up to the
 * first '/', '?' or '#') holds ":password@": masked, it reads user:***@host
 * (the path may spell anything, the password's characters too).
 */
static void check_hidden(const char *what, const char *text, const char *password)
{
	const char *auth = strstr(text, "://");
	char *needle;

	if (!auth || !password || !*password || strstr(password, "***"))
		return;
	auth += 3;
	needle = ss_xasprintf(":%s@", password);
	if (memmem(auth, strcspn(auth, "/?#"), needle, strlen(needle))) {
		fprintf(stderr, "fuzz_dburl: the password shows in the %s: %s\n", what, text);
		abort();
	}
	free(needle);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = fuzz_string(data, size), *masked = ss_db_url_mask(url);
	struct ss_alias *a = ss_alias_new("fuzz.site.yml", "fuzz", "prod");
	struct ss_error err;

	memset(&err, 0, sizeof(err));
	ss_db_url_parse(url, &a->db, &err);
	check_hidden("masked url", masked, a->db.url_password);
	check_hidden("error message", err.msg, a->db.url_password);
	ss_alias_free(a);
	free(masked);
	free(url);
	return 0;
}

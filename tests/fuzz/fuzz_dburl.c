/* fuzz_dburl.c - db.url (drush --db-url): parsed into an alias, and masked. */
#include "config.h"

#include <stdlib.h>

#include "lib/alias/internal.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = fuzz_string(data, size);
	struct ss_alias *a = ss_alias_new("fuzz.site.yml", "fuzz", "prod");
	struct ss_error err;

	ss_db_url_parse(url, &a->db, &err);
	ss_alias_free(a);
	free(ss_db_url_mask(url));
	free(url);
	return 0;
}

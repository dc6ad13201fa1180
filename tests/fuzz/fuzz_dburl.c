/* fuzz_dburl.c - db.url (drush --db-url): parsed, and masked for display. */
#include "config.h"

#include <stdlib.h>

#include "lib/alias/internal.h"
#include "tests/fuzz/fuzz.h"

static void db_release(struct ss_db *db)
{
	free(db->host);
	free(db->socket);
	free(db->name);
	free(db->user);
	free(db->password_env);
	free(db->password_file);
	free(db->url_password);
	free(db->env_password);
	free(db->url);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = fuzz_string(data, size);
	struct ss_db db;
	struct ss_error err;

	memset(&db, 0, sizeof(db));
	ss_db_url_parse(url, &db, &err);
	db_release(&db);
	free(ss_db_url_mask(url));
	free(url);
	return 0;
}

/* quote.c - quoting SQL identifiers for MySQL and PostgreSQL. */
#include "config.h"

#include <stddef.h>

#include <sitesync/buf.h>
#include <sitesync/db.h>

/* ident between two q characters, every q inside doubled. */
static char *quote_with(const char *ident, char q)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_addc(&b, q);
	for (const char *p = ident; *p; p++) {
		if (*p == q)
			ss_buf_addc(&b, q);
		ss_buf_addc(&b, *p);
	}
	ss_buf_addc(&b, q);
	return ss_buf_detach(&b);
}

char *ss_db_quote_ident(enum ss_db_driver driver, const char *ident)
{
	switch (driver) {
	case SS_DB_MYSQL:
		return quote_with(ident, '`');
	case SS_DB_PGSQL:
		return quote_with(ident, '"');
	default:
		return NULL;
	}
}

/* snapshot.c - one consistent snapshot shared by every worker's source connection. */
#include "config.h"

#include <stdio.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

static const char start_trx[] = "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY";

/* Take the short global lock; 1 when the privilege is missing. */
static int lock_commits(MYSQL *m, const char **unlock, struct ss_error *err)
{
	unsigned long version;

	if (ss_my_is_mariadb(m, &version) && version >= 100401) {
		if (!mysql_query(m, "BACKUP STAGE START")) {
			if (ss_my_exec(m, "source", "BACKUP STAGE BLOCK_COMMIT", err) < 0) {
				mysql_query(m, "BACKUP STAGE END");
				return -1;
			}
			*unlock = "BACKUP STAGE END";
			return 0;
		}
		if (!ss_my_denied(mysql_errno(m)))
			return ss_my_error(m, "source", err);
	}
	if (!mysql_query(m, "FLUSH TABLES WITH READ LOCK")) {
		*unlock = "UNLOCK TABLES";
		return 0;
	}
	if (ss_my_denied(mysql_errno(m)))
		return 1;
	return ss_my_error(m, "source", err);
}

int ss_mysync_snapshot(MYSQL *coord, MYSQL **workers, int *njobs, char *why,
		       size_t whylen, struct ss_error *err)
{
	const char *unlock = NULL;
	int rc = 0;

	why[0] = '\0';
	if (*njobs > 1) {
		rc = lock_commits(coord, &unlock, err);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			snprintf(why, whylen, "source user may not lock the server for a"
				 " consistent snapshot (RELOAD privilege): copying with one worker");
			*njobs = 1;
		}
	}
	rc = 0;
	for (int i = 0; i < *njobs && rc == 0; i++)
		rc = ss_my_exec(workers[i], "source", start_trx, err);
	if (unlock && ss_my_exec(coord, "source", unlock, rc < 0 ? NULL : err) < 0)
		rc = -1;
	return rc;
}

/* script.h - schema-diff's outputs: the ALTER script, the cleanup script, the JSON change list. */
#ifndef SD_SCRIPT_H
#define SD_SCRIPT_H

#include <time.h>

#include <sitesync/buf.h>

#include "lib/pg/diff/diff.h"

struct sd_script_info {
	const char *source;   /* "host:port/db" */
	const char *target;
	const char *source_schema; /* NULL: all schemas */
	const char *target_schema;
	time_t now;
	int no_transaction;   /* no BEGIN/COMMIT at all */
};

/*
 * The ALTER script: header, the changes under section headings, footer.
 * Its BEGIN and COMMIT run only when psql runs it outside a transaction
 * (not under psql -1); with no_transaction there are none.
 */
void sd_script_render(struct ss_buf *b, const struct ss_pg_diff *diff,
		      const struct sd_script_info *info);
/* The cleanup script: the DROPs of the preserved objects; 0 when there are none. */
int sd_script_render_cleanup(struct ss_buf *b, const struct ss_pg_diff *diff,
			     const struct sd_script_info *info);
/* The change list as JSON (kind, object, action, lossy, section, sql), and the warnings. */
void sd_script_render_json(struct ss_buf *b, const struct ss_pg_diff *diff,
			   const struct sd_script_info *info);
/* Number of lossy changes. */
size_t sd_script_lossy(const struct ss_pg_diff *diff);

#endif

/* work.c - the work queue of both sql-sync engines: ranges of tables, heaviest first. */
#include "config.h"

#include <stdlib.h>

#include <sitesync/buf.h>

#include "lib/sync/run.h"

static int by_weight_desc(const void *a, const void *b)
{
	const struct ss_sync_work *x = a, *y = b;

	return x->weight < y->weight ? 1 : x->weight > y->weight ? -1 : 0;
}

struct ss_sync_work *ss_sync_work_build(size_t ntables, const int *nchunks,
					const long long *bytes, size_t *n)
{
	struct ss_sync_work *work;
	size_t total = 0;

	for (size_t i = 0; i < ntables; i++)
		total += nchunks[i] ? (size_t)nchunks[i] : 1;
	work = ss_xcalloc(total + 1, sizeof(*work));
	*n = 0;
	for (size_t i = 0; i < ntables; i++) {
		int k = nchunks[i] ? nchunks[i] : 1;

		for (int c = 0; c < k; c++) {
			struct ss_sync_work *w = &work[(*n)++];

			w->table = i;
			w->chunk = nchunks[i] ? c : -1;
			/* a table split in ranges goes early: its ranges take long one after the other */
			w->weight = bytes[i] / k + (nchunks[i] > 1 ? bytes[i] / 2 : 0);
		}
	}
	qsort(work, *n, sizeof(*work), by_weight_desc);
	return work;
}

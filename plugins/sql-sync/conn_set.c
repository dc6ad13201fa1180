/* conn_set.c - sql-sync's connections of either engine, through ss_db_connect. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/sql-sync/conn_set.h"

int sync_connect(struct ss_ctx *ctx, const struct ss_alias *a, enum ss_db_driver driver,
		 int no_db, struct ss_conn **out, struct ss_error *err)
{
	struct ss_connect_opts opts = { .no_database = no_db, .app_name = "sitesync sql-sync" };

	if (ss_db_connect(ctx, a, &opts, out, err) < 0)
		return -1;
	if (ss_conn_driver(*out) != driver) {
		ss_conn_close(*out);
		*out = NULL;
		return ss_error_set(err, SS_FAILED, "alias '%s' is not a %s database", a->name,
				    driver == SS_DB_MYSQL ? "MySQL" : "PostgreSQL");
	}
	return 0;
}

int sync_conn_set_open_workers(struct ss_ctx *ctx, const struct ss_alias *source,
			       const struct ss_alias *target, enum ss_db_driver driver,
			       int jobs, int tgt_no_db, struct sync_conn_set *s,
			       struct ss_error *err)
{
	s->wsrc = ss_xcalloc((size_t)jobs, sizeof(*s->wsrc));
	s->wtgt = ss_xcalloc((size_t)jobs, sizeof(*s->wtgt));
	s->njobs = jobs;
	for (int i = 0; i < jobs; i++)
		if (sync_connect(ctx, source, driver, 0, &s->wsrc[i], err) < 0 ||
		    sync_connect(ctx, target, driver, tgt_no_db, &s->wtgt[i], err) < 0)
			return -1;
	return 0;
}

void sync_conn_set_close(struct sync_conn_set *s)
{
	for (int i = 0; i < s->njobs; i++) {
		if (s->wsrc[i])
			ss_conn_close(s->wsrc[i]);
		if (s->wtgt[i])
			ss_conn_close(s->wtgt[i]);
	}
	free(s->wsrc);
	free(s->wtgt);
	if (s->src)
		ss_conn_close(s->src);
	if (s->tgt)
		ss_conn_close(s->tgt);
	memset(s, 0, sizeof(*s));
}

/* conns.c - a MySQL sql-sync's connections (over conn_set.c), where-strings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/sql-sync/sql_sync.h"

const char *sync_where(const struct ss_alias *a)
{
	static char buf[2][512];
	static int which;
	/* a remote site by its SSH host: its db.host is as seen from there */
	const char *host = ss_alias_is_remote(a) ? a->host
			 : a->db.host && *a->db.host ? a->db.host : "localhost";

	which ^= 1;
	snprintf(buf[which], sizeof(buf[which]), "%s/%s", host, a->db.name ? a->db.name : "");
	return buf[which];
}

int sync_conns_open_coord(struct ss_ctx *ctx, const struct ss_alias *source,
			  const struct ss_alias *target, struct sync_conns *c,
			  struct ss_error *err)
{
	if (sync_connect(ctx, source, SS_DB_MYSQL, 0, &c->set.src, err) < 0 ||
	    sync_connect(ctx, target, SS_DB_MYSQL, 1, &c->set.tgt, err) < 0)
		return -1;
	c->my.src = ss_conn_mysql(c->set.src);
	c->my.tgt = ss_conn_mysql(c->set.tgt);
	return 0;
}

int sync_conns_open_workers(struct ss_ctx *ctx, const struct ss_alias *source,
			    const struct ss_alias *target, int jobs, struct sync_conns *c,
			    struct ss_error *err)
{
	if (sync_conn_set_open_workers(ctx, source, target, SS_DB_MYSQL, jobs, 1, &c->set,
				       err) < 0)
		return -1;
	c->my.wsrc = ss_xcalloc((size_t)jobs, sizeof(*c->my.wsrc));
	c->my.wtgt = ss_xcalloc((size_t)jobs, sizeof(*c->my.wtgt));
	c->my.njobs = jobs;
	for (int i = 0; i < jobs; i++) {
		c->my.wsrc[i] = ss_conn_mysql(c->set.wsrc[i]);
		c->my.wtgt[i] = ss_conn_mysql(c->set.wtgt[i]);
	}
	return 0;
}

void sync_conns_close(struct sync_conns *c)
{
	sync_conn_set_close(&c->set);
	free(c->my.wsrc);
	free(c->my.wtgt);
	memset(c, 0, sizeof(*c));
}

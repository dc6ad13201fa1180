/* alias_endpoint.c - schema-diff's source or target from a site alias, connected with ss_db_connect. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/schema-diff/endpoint.h"

int sd_endpoint_from_alias(struct sd_endpoint *ep, struct ss_ctx *ctx, const char *name,
			   struct ss_error *err)
{
	struct ss_connect_opts opts = { .app_name = "sitesync schema-diff" };
	const char *schema;
	char option[32];

	if (ss_ctx_alias(ctx, name, &ep->alias, err) < 0 ||
	    ss_alias_need_transport(ep->alias, err) < 0)
		return -1;
	if (!ep->alias->has_db || ep->alias->db.driver != SS_DB_PGSQL)
		return ss_error_set(err, SS_USAGE,
				    "%s alias '%s' is not a PostgreSQL database (db.driver is %s)",
				    ep->label, ep->alias->name,
				    ep->alias->has_db ? ss_db_driver_name(ep->alias->db.driver) : "not set");
	snprintf(option, sizeof(option), "%s-schema", ep->label);
	schema = ss_opt_str(ctx, option);
	ep->schema = schema && *schema ? ss_xstrdup(schema) : NULL;
	if (ss_db_connect(ctx, ep->alias, &opts, &ep->sconn, err) < 0)
		return ss_error_prefix(err, "connecting to %s", ep->label);
	ep->conn = ss_conn_pg(ep->sconn);
	ep->db = ss_xstrdup(ep->alias->db.name);
	ep->where = ss_xasprintf("%s (%s)", ss_target_name(ep->alias), ss_conn_where(ep->sconn));
	return 0;
}

void sd_endpoint_close_alias(struct sd_endpoint *ep)
{
	ss_conn_close(ep->sconn);
	ep->sconn = NULL;
	ep->conn = NULL;
}

/* lock.c - one operation at a time per target: the lock and its messages. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sitesync/safety.h>

#include "lib/safety/lock.h"
#include "lib/core/whoami.h"

struct ss_lock {
	struct ss_conn *conn; /* its own connection: closing it releases the lock */
	int recovered;        /* taking it completed an interrupted swap */
};

long long ss_lock_key(const char *db_name)
{
	/* FNV-1a, 64 bit */
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *prefix = "sitesync:";

	for (const char *s = prefix; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	for (const char *s = db_name; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (long long)h;
}

void ss_lock_mysql_name(const char *db_name, struct ss_buf *out)
{
	/* MySQL refuses lock names longer than 64 characters */
	if (strlen("sitesync:") + strlen(db_name) <= 64)
		ss_buf_addf(out, "sitesync:%s", db_name);
	else
		ss_buf_addf(out, "sitesync:%016llx", (unsigned long long)ss_lock_key(db_name));
}

static void format_since(time_t since, time_t now, char *out, size_t size)
{
	struct tm t, n;

	localtime_r(&since, &t);
	localtime_r(&now, &n);
	if (t.tm_year == n.tm_year && t.tm_yday == n.tm_yday)
		strftime(out, size, "%H:%M", &t);
	else
		strftime(out, size, "%Y-%m-%d %H:%M", &t);
}

void ss_lock_describe_holder(const struct ss_lock_holder *h, time_t now, struct ss_buf *out)
{
	const char *paren = strstr(h->app, " (");
	size_t len = strlen(h->app);
	char since[32] = "";

	if (h->since)
		format_since(h->since, now, since, sizeof(since));
	if (!strncmp(h->app, "sitesync ", 9) && paren && len && h->app[len - 1] == ')') {
		/* our own application name: "sitesync OP (user@host pid N)" */
		ss_buf_add(out, h->app, (size_t)(paren - h->app));
		if (*since)
			ss_buf_addf(out, " held since %s", since);
		ss_buf_addf(out, " by %.*s", (int)(len - (size_t)(paren - h->app) - 3), paren + 2);
		return;
	}
	/* someone else's session (or the program name is not visible) */
	ss_buf_adds(out, "the sitesync lock is held");
	if (*since)
		ss_buf_addf(out, " since %s", since);
	ss_buf_addf(out, " by connection %lld", h->id);
	if (*h->client)
		ss_buf_addf(out, " of %s", h->client);
	if (*h->app)
		ss_buf_addf(out, " (%s)", h->app);
}

/* "sitesync sql-drop (root@web1 pid 123)" */
static char *application_name(const char *operation)
{
	char who[320];

	ss_whoami(who, sizeof(who), 1);
	return ss_xasprintf("sitesync %s (%s pid %ld)", operation, who, (long)getpid());
}

int ss_lock_acquire(struct ss_ctx *ctx, const struct ss_alias *target,
		    const char *operation, struct ss_lock **out, struct ss_error *err)
{
	struct ss_connect_opts opts = { 0 };
	struct ss_lock_holder holder;
	struct ss_conn *conn = NULL;
	struct ss_buf msg = SS_BUF_INIT;
	char *app;
	int rc;

	*out = NULL;
	if (!target->has_db || !target->db.name || !*target->db.name)
		return ss_error_set(err, SS_FAILED, "alias '%s' has no database to lock",
				    ss_target_name(target));
	app = application_name(operation);
	opts.app_name = app;
	/*
	 * GET_LOCK is server-wide and its name carries the database name, so
	 * a MySQL target needs no database yet (sql-sync --create-db makes it
	 * after taking the lock).  PostgreSQL's advisory locks live in one.
	 */
	opts.no_database = target->db.driver == SS_DB_MYSQL;
	rc = ss_db_connect(ctx, target, &opts, &conn, err);
	free(app);
	if (rc < 0)
		return -1;
	memset(&holder, 0, sizeof(holder));
	if (ss_conn_driver(conn) == SS_DB_PGSQL)
		rc = ss_lock_try_pg(conn, target->db.name, &holder, err);
	else
		rc = ss_lock_try_mysql(conn, target->db.name, &holder, err);
	if (rc < 0) {
		ss_conn_close(conn);
		return -1;
	}
	if (rc == 0) {
		ss_conn_close(conn);
		ss_buf_addf(&msg, "target '%s' (", ss_target_name(target));
		ss_target_where(target, &msg);
		ss_buf_adds(&msg, ") is busy: ");
		ss_lock_describe_holder(&holder, time(NULL), &msg);
		ss_error_set(err, SS_BUSY, "%s", msg.data);
		ss_buf_release(&msg);
		return -1;
	}
	*out = ss_xcalloc(1, sizeof(**out));
	(*out)->conn = conn;
	if (ss_conn_driver(conn) == SS_DB_MYSQL &&
	    ss_lock_recover_mysql(ctx, target, conn, &(*out)->recovered, err) < 0) {
		ss_lock_release(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int ss_lock_recovered(const struct ss_lock *lock)
{
	return lock && lock->recovered;
}

void ss_lock_release(struct ss_lock *lock)
{
	if (!lock)
		return;
	ss_conn_close(lock->conn);
	free(lock);
}

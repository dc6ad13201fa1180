/* lock.h - pieces of the per-target lock shared by lock*.c (internal). */
#ifndef SS_LOCK_H
#define SS_LOCK_H

#include <stddef.h>
#include <time.h>

#include <sitesync/buf.h>
#include <sitesync/db.h>

struct ss_ctx;

/* Who holds a busy lock, as far as the server tells. */
struct ss_lock_holder {
	char app[128];     /* application_name / program_name, "" if unknown */
	char client[300];  /* "root@localhost" or the client address */
	time_t since;      /* 0 if unknown */
	long long id;      /* connection id / backend pid */
};

/* Try the lock on conn: 1 taken, 0 busy (holder filled), -1 error. */
int ss_lock_try_mysql(struct ss_conn *conn, const char *db_name,
		      struct ss_lock_holder *holder, struct ss_error *err);
int ss_lock_try_pg(struct ss_conn *conn, const char *db_name,
		   struct ss_lock_holder *holder, struct ss_error *err);

/*
 * With the lock of a MySQL target just taken on conn: complete an
 * interrupted swap (*recovered 1), say so and record it in the history.
 */
int ss_lock_recover_mysql(struct ss_ctx *ctx, const struct ss_alias *target,
			  struct ss_conn *conn, int *recovered, struct ss_error *err);

/* The MySQL lock name of a database ("sitesync:drupal", hashed past 64 bytes). */
void ss_lock_mysql_name(const char *db_name, struct ss_buf *out);

/* "sitesync sql-sync held since 12:01 by root@web1 pid 123" */
void ss_lock_describe_holder(const struct ss_lock_holder *h, time_t now, struct ss_buf *out);

#endif

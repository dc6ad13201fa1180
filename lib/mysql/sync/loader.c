/* loader.c - LOAD DATA LOCAL INFILE fed row by row from a source result. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/util.h"

static int infile_init(void **ptr, const char *filename, void *userdata)
{
	(void)filename;
	*ptr = userdata;
	return 0;
}

static void add(atomic_llong *const *counters, long long n)
{
	atomic_fetch_add(counters[0], n);
	atomic_fetch_add(counters[1], n);
}

/* Fill buf with encoded rows; -1 ends the LOAD with an error. */
static int infile_read(void *ptr, char *buf, unsigned int len)
{
	struct ss_myload *l = ptr;
	size_t w = 0;
	long long rows = 0;

	if (atomic_load(l->abort)) {
		l->failed = 1;
		snprintf(l->why, sizeof(l->why), "interrupted");
		return -1;
	}
	while (w < len) {
		MYSQL_ROW row;

		if (ss_my_encoder_busy(&l->enc)) {
			size_t n = ss_my_encoder_write(&l->enc, buf + w, len - w);

			if (!n)
				break;  /* the next escape does not fit: next call */
			w += n;
			continue;
		}
		if (l->eof)
			break;
		row = mysql_fetch_row(l->res);
		if (!row) {
			if (mysql_errno(l->src)) {
				l->failed = 1;
				snprintf(l->why, sizeof(l->why), "%s (error %u)", mysql_error(l->src),
					 mysql_errno(l->src));
				return -1;
			}
			l->eof = 1;
			break;
		}
		rows++;
		ss_my_encoder_row(&l->enc, row, mysql_fetch_lengths(l->res),
				  mysql_num_fields(l->res));
	}
	add(l->rows, rows);
	add(l->bytes, (long long)w);
	return (int)w;
}

static void infile_end(void *ptr)
{
	(void)ptr;
}

static int infile_error(void *ptr, char *msg, unsigned int len)
{
	struct ss_myload *l = ptr;

	snprintf(msg, len, "%s", l->why[0] ? l->why : "source read failed");
	return 2000; /* CR_UNKNOWN_ERROR */
}

int ss_myload_run(MYSQL *tgt, struct ss_myload *l, const char *load_sql,
		  const char *src_who, const char *tgt_who, struct ss_error *err)
{
	int rc;

	mysql_set_local_infile_handler(tgt, infile_init, infile_read, infile_end,
				       infile_error, l);
	rc = mysql_real_query(tgt, load_sql, strlen(load_sql));
	mysql_set_local_infile_default(tgt);
	if (l->failed) {
		if (!strcmp(l->why, "interrupted"))
			return ss_error_set(err, SS_FAILED, "interrupted");
		return ss_error_set(err, SS_FAILED, "%s: %s", src_who, l->why);
	}
	if (rc)
		return ss_my_error(tgt, tgt_who, err);
	return 0;
}

/* journal.c - the swap journal table: written before a swap, marked step by step, read back. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysqld_error.h>

#include <sitesync/buf.h>

#include "lib/mysql/sync/internal.h"
#include "lib/mysql/sync/journal.h"
#include "lib/mysql/util.h"

/* Rows are sent in INSERTs of about this many bytes. */
#define BATCH_BYTES (1u << 20)

void ss_myjournal_init(struct ss_myjournal *j, const char *db, const char *prefix,
		       const char *target_db, const char *op)
{
	memset(j, 0, sizeof(*j));
	j->db = ss_xstrdup(db);
	j->table = ss_xasprintf("%s%s", prefix, SS_MYSYNC_JOURNAL);
	j->marks = ss_xasprintf("%s%s", prefix, SS_MYSYNC_JOURNAL_DONE);
	j->target_db = ss_xstrdup(target_db);
	snprintf(j->op, sizeof(j->op), "%s", op);
}

static void step_release(struct ss_mystep *s)
{
	free(s->label);
	free(s->sql);
	free(s->undo);
	free(s->sql_mode);
	free(s->charset);
	free(s->collation);
	free(s->time_zone);
	free(s->check_db);
	free(s->check_table);
}

void ss_myjournal_release(struct ss_myjournal *j)
{
	for (size_t i = 0; i < j->n; i++)
		step_release(&j->steps[i]);
	free(j->steps);
	free(j->db);
	free(j->table);
	free(j->marks);
	free(j->target_db);
	free(j->outcome);
	memset(j, 0, sizeof(*j));
}

struct ss_mystep *ss_myjournal_add(struct ss_myjournal *j, char phase, char *label, char *sql)
{
	struct ss_mystep *s;

	if (j->n == j->cap) {
		j->cap = j->cap ? 2 * j->cap : 16;
		j->steps = ss_xrealloc(j->steps, j->cap * sizeof(*j->steps));
	}
	s = &j->steps[j->n++];
	memset(s, 0, sizeof(*s));
	s->seq = (int)j->n;
	s->phase = phase;
	s->label = label;
	s->sql = sql;
	return s;
}

static char *dup_or_null(const char *s)
{
	return s ? ss_xstrdup(s) : NULL;
}

static const char *const kind_words[] = {
	[SS_MY_VIEW] = "view",
	[SS_MY_TRIGGER] = "trigger",
	[SS_MY_PROCEDURE] = "procedure",
	[SS_MY_FUNCTION] = "function",
	[SS_MY_EVENT] = "event",
};

char *ss_myjournal_label(const char *verb, const struct ss_my_object *o)
{
	return ss_xasprintf("%s-%s:%s", verb, kind_words[o->kind], o->name);
}

struct ss_mystep *ss_myjournal_add_object(struct ss_myjournal *j, char phase, const char *verb,
					  const struct ss_my_object *o, char *sql)
{
	struct ss_mystep *s = ss_myjournal_add(j, phase, ss_myjournal_label(verb, o), sql);

	s->sql_mode = dup_or_null(o->sql_mode);
	s->charset = dup_or_null(o->charset);
	s->collation = dup_or_null(o->collation);
	s->time_zone = dup_or_null(o->time_zone);
	return s;
}

static void add_table(struct ss_buf *q, const struct ss_myjournal *j)
{
	ss_my_add_qualified(q, j->db, j->table);
}

/* Statement text goes as a hex literal: its bytes come back exactly. */
static void add_bytes(struct ss_buf *q, const char *v)
{
	if (!v) {
		ss_buf_adds(q, "NULL");
		return;
	}
	if (!*v) {
		ss_buf_adds(q, "''");
		return;
	}
	ss_buf_adds(q, "X'");
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		ss_buf_addf(q, "%02x", *p);
	ss_buf_addc(q, '\'');
}

static void add_text(struct ss_buf *q, MYSQL *m, const char *v)
{
	if (v)
		ss_my_add_literal(q, m, v);
	else
		ss_buf_adds(q, "NULL");
}

static void add_row(struct ss_buf *q, MYSQL *m, const struct ss_myjournal *j,
		    const struct ss_mystep *s)
{
	if (!q->len) {
		ss_buf_adds(q, "INSERT INTO ");
		add_table(q, j);
		ss_buf_adds(q, " (seq, phase, label, sql_text, undo_text, sql_mode, charset,"
			    " collation, time_zone, check_db, check_table, done, at) VALUES ");
	} else {
		ss_buf_adds(q, ", ");
	}
	ss_buf_addf(q, "(%d, '%c', ", s->seq, s->phase);
	add_text(q, m, s->label);
	ss_buf_adds(q, ", ");
	add_bytes(q, s->sql);
	ss_buf_adds(q, ", ");
	add_bytes(q, s->undo);
	{
		const char *text[] = { s->sql_mode, s->charset, s->collation, s->time_zone,
				       s->check_db, s->check_table };

		for (size_t i = 0; i < sizeof(text) / sizeof(*text); i++) {
			ss_buf_adds(q, ", ");
			add_text(q, m, text[i]);
		}
	}
	ss_buf_adds(q, ", 0, NULL)");
}

int ss_myjournal_drop(MYSQL *m, const char *db, const char *prefix, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	char *name = ss_xasprintf("%s%s", prefix, SS_MYSYNC_JOURNAL);
	char *marks = ss_xasprintf("%s%s", prefix, SS_MYSYNC_JOURNAL_DONE);
	int rc;

	ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
	ss_my_add_qualified(&q, db, name);
	ss_buf_adds(&q, ", ");
	ss_my_add_qualified(&q, db, marks);
	rc = ss_my_exec(m, "target", q.data, err);
	ss_buf_release(&q);
	free(name);
	free(marks);
	return rc;
}

/* The marks: MEMORY (no flush per mark), else InnoDB where MEMORY is disabled. */
static int create_marks(MYSQL *m, const struct ss_myjournal *j, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	size_t len;
	int rc;

	ss_buf_adds(&q, "CREATE TABLE ");
	ss_my_add_qualified(&q, j->db, j->marks);
	ss_buf_adds(&q, " (seq INT NOT NULL PRIMARY KEY, at DECIMAL(17,6)) ENGINE=");
	len = q.len;
	ss_buf_adds(&q, "MEMORY");
	rc = mysql_query(m, q.data) ? -1 : 0;
	if (rc < 0) {
		q.len = len;
		ss_buf_adds(&q, "InnoDB");
		rc = ss_my_exec(m, "target", q.data, err);
	}
	ss_buf_release(&q);
	return rc;
}

static int create_table(MYSQL *m, const struct ss_myjournal *j, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	ss_buf_adds(&q, "DROP TABLE IF EXISTS ");
	add_table(&q, j);
	ss_buf_adds(&q, ", ");
	ss_my_add_qualified(&q, j->db, j->marks);
	rc = ss_my_exec(m, "target", q.data, err);
	if (rc == 0)
		rc = create_marks(m, j, err);
	ss_buf_reset(&q);
	/* InnoDB: a row is on disk (redo log flushed) when its COMMIT returns */
	ss_buf_adds(&q, "CREATE TABLE ");
	add_table(&q, j);
	ss_buf_adds(&q, " (seq INT NOT NULL PRIMARY KEY, phase CHAR(1) NOT NULL,"
		    " label VARCHAR(255) NOT NULL, sql_text LONGBLOB, undo_text LONGBLOB,"
		    " sql_mode TEXT, charset VARCHAR(64), collation VARCHAR(64),"
		    " time_zone VARCHAR(64), check_db VARCHAR(64), check_table VARCHAR(64),"
		    " done TINYINT NOT NULL DEFAULT 0, at DECIMAL(17,6))"
		    " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
	if (rc == 0)
		rc = ss_my_exec(m, "target", q.data, err);
	ss_buf_release(&q);
	return rc;
}

int ss_myjournal_write(MYSQL *m, struct ss_myjournal *j, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	if (create_table(m, j, err) < 0 ||
	    ss_my_exec(m, "target", "START TRANSACTION", err) < 0)
		return ss_error_prefix(err, "writing the swap journal of '%s'", j->target_db);
	/* the head: op, target database, when; done = finished */
	ss_buf_adds(&q, "INSERT INTO ");
	add_table(&q, j);
	ss_buf_addf(&q, " (seq, phase, label, sql_text, done, at) VALUES (0, 'H', '%s', ", j->op);
	add_bytes(&q, j->target_db);
	ss_buf_adds(&q, ", 0, UNIX_TIMESTAMP(NOW(6)))");
	rc = ss_my_exec(m, "target", q.data, err);
	ss_buf_reset(&q);
	for (size_t i = 0; i < j->n && rc == 0; i++) {
		add_row(&q, m, j, &j->steps[i]);
		if (q.len >= BATCH_BYTES || i + 1 == j->n) {
			rc = ss_my_exec(m, "target", q.data, err);
			ss_buf_reset(&q);
		}
	}
	ss_buf_release(&q);
	if (rc == 0)
		rc = ss_my_exec(m, "target", "COMMIT", err);
	if (rc < 0) {
		mysql_query(m, "ROLLBACK");
		return ss_error_prefix(err, "writing the swap journal of '%s'", j->target_db);
	}
	if (ss_my_select(m, "target", "SELECT UNIX_TIMESTAMP(NOW(6))", &res, err) < 0)
		return -1;
	row = mysql_fetch_row(res);
	j->started = row && row[0] ? strtod(row[0], NULL) : (double)time(NULL);
	mysql_free_result(res);
	return 0;
}

/* The journal's place: the backup database, else prefixed in the target database. */
static int locate(MYSQL *m, const char *target_db, struct ss_myjournal *j, int *found,
		  struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	char *backup = ss_xasprintf("%s%s", target_db, SS_MYSYNC_BACKUP_SUFFIX);
	char *prefixed = ss_xasprintf("%s%s", SS_MYSYNC_BACKUP_PREFIX, SS_MYSYNC_JOURNAL);
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	ss_buf_adds(&q, "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE"
		    " (TABLE_SCHEMA = ");
	ss_my_add_literal(&q, m, backup);
	ss_buf_adds(&q, " AND TABLE_NAME = '" SS_MYSYNC_JOURNAL "') OR (TABLE_SCHEMA = ");
	ss_my_add_literal(&q, m, target_db);
	ss_buf_adds(&q, " AND TABLE_NAME = ");
	ss_my_add_literal(&q, m, prefixed);
	ss_buf_adds(&q, ") ORDER BY TABLE_SCHEMA = ");
	ss_my_add_literal(&q, m, target_db);
	rc = ss_my_select(m, "target", q.data, &res, err);
	ss_buf_release(&q);
	free(backup);
	free(prefixed);
	if (rc < 0)
		return -1;
	*found = 0;
	if ((row = mysql_fetch_row(res))) {
		memset(j, 0, sizeof(*j));
		j->db = ss_xstrdup(row[0]);
		j->table = ss_xstrdup(row[1]);
		/* the marks beside it, with the same prefix */
		j->marks = ss_xasprintf("%.*s%s", (int)(strlen(row[1]) - strlen(SS_MYSYNC_JOURNAL)),
					row[1], SS_MYSYNC_JOURNAL_DONE);
		*found = 1;
	}
	mysql_free_result(res);
	return 0;
}

static char *row_str(MYSQL_ROW row, unsigned long *len, int i)
{
	char *s;

	if (!row[i])
		return NULL;
	s = ss_xcalloc(len[i] + 1, 1);
	memcpy(s, row[i], len[i]);
	return s;
}

/* The head row into j; 0 when there is none. */
static int read_head(MYSQL_ROW row, unsigned long *len, struct ss_myjournal *j)
{
	j->target_db = row_str(row, len, 3);
	snprintf(j->op, sizeof(j->op), "%s", row[2] ? row[2] : "swap");
	j->outcome = row_str(row, len, 4);
	j->finished = row[11] && atoi(row[11]) != 0;
	j->started = row[12] ? strtod(row[12], NULL) : 0;
	return j->target_db != NULL;
}

/* The steps marked done; none when the marks are gone (a server restart). */
static int read_marks(MYSQL *m, struct ss_myjournal *j, struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	ss_buf_adds(&q, "SELECT seq FROM ");
	ss_my_add_qualified(&q, j->db, j->marks);
	rc = mysql_real_query(m, q.data, q.len);
	ss_buf_release(&q);
	if (rc && mysql_errno(m) == ER_NO_SUCH_TABLE)
		return 0;
	if (rc || !(res = mysql_store_result(m))) {
		ss_my_error(m, "target", err);
		ss_myjournal_release(j);
		return ss_error_prefix(err, "reading the swap journal");
	}
	while ((row = mysql_fetch_row(res))) {
		int seq = row[0] ? atoi(row[0]) : -1;

		for (size_t i = 0; i < j->n; i++)
			if (j->steps[i].seq == seq)
				j->steps[i].done = 1;
	}
	mysql_free_result(res);
	return 0;
}

int ss_myjournal_read(MYSQL *m, const char *target_db, struct ss_myjournal *j, int *found,
		      struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc, head = 0;

	memset(j, 0, sizeof(*j));
	if (locate(m, target_db, j, found, err) < 0)
		return -1;
	if (!*found)
		return 0;
	ss_buf_adds(&q, "SELECT seq, phase, label, sql_text, undo_text, sql_mode, charset,"
		    " collation, time_zone, check_db, check_table, done, at FROM ");
	add_table(&q, j);
	ss_buf_adds(&q, " ORDER BY seq");
	rc = ss_my_select(m, "target", q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0) {
		ss_myjournal_release(j);
		return ss_error_prefix(err, "reading the swap journal of '%s'", target_db);
	}
	while ((row = mysql_fetch_row(res))) {
		unsigned long *len = mysql_fetch_lengths(res);
		struct ss_mystep *s;

		if (!row[0] || !row[1])
			continue;
		if (row[1][0] == 'H') {
			head = read_head(row, len, j);
			continue;
		}
		s = ss_myjournal_add(j, row[1][0], row_str(row, len, 2), row_str(row, len, 3));
		s->seq = atoi(row[0]);
		s->undo = row_str(row, len, 4);
		s->sql_mode = row_str(row, len, 5);
		s->charset = row_str(row, len, 6);
		s->collation = row_str(row, len, 7);
		s->time_zone = row_str(row, len, 8);
		s->check_db = row_str(row, len, 9);
		s->check_table = row_str(row, len, 10);
		s->done = row[11] && atoi(row[11]) != 0;
	}
	mysql_free_result(res);
	if (!head) {
		*found = 0;
		ss_myjournal_release(j);
		return 0;
	}
	return read_marks(m, j, err);
}

void ss_myjournal_add_mark(struct ss_buf *q, const struct ss_myjournal *j,
			   const struct ss_mystep *s)
{
	ss_buf_adds(q, "INSERT IGNORE INTO ");
	ss_my_add_qualified(q, j->db, j->marks);
	ss_buf_addf(q, " VALUES (%d, UNIX_TIMESTAMP(NOW(6)))", s->seq);
}

int ss_myjournal_mark(MYSQL *m, struct ss_myjournal *j, struct ss_mystep *s,
		      struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	ss_myjournal_add_mark(&q, j, s);
	rc = ss_my_exec(m, "target", q.data, err);
	ss_buf_release(&q);
	if (rc == 0)
		s->done = 1;
	return rc;
}

int ss_myjournal_finish(MYSQL *m, struct ss_myjournal *j, const char *outcome,
			struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	int rc;

	ss_buf_adds(&q, "UPDATE ");
	add_table(&q, j);
	ss_buf_adds(&q, " SET done = 1, undo_text = ");
	add_bytes(&q, outcome);
	ss_buf_adds(&q, " WHERE seq = 0");
	rc = ss_my_exec(m, "target", q.data, err);
	ss_buf_release(&q);
	if (rc == 0) {
		j->finished = 1;
		free(j->outcome);
		j->outcome = ss_xstrdup(outcome);
	}
	return rc;
}

int ss_myjournal_is_meta(const char *table)
{
	return !strcmp(table, SS_MYSYNC_STORE) || !strcmp(table, SS_MYSYNC_STORE_NEW) ||
	       !strcmp(table, SS_MYSYNC_JOURNAL) || !strcmp(table, SS_MYSYNC_JOURNAL_DONE);
}

static void add_lock_name(struct ss_buf *q, MYSQL *m, const char *target_db)
{
	ss_buf_adds(q, "CONCAT('sitesync-swap:', SHA1(");
	ss_my_add_literal(q, m, target_db);
	ss_buf_adds(q, "))");
}

int ss_myjournal_lock(MYSQL *m, const char *target_db, int wait, long long *holder,
		      struct ss_error *err)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc;

	*holder = 0;
	ss_buf_adds(&q, "SELECT GET_LOCK(");
	add_lock_name(&q, m, target_db);
	ss_buf_addf(&q, ", %d), IS_USED_LOCK(", wait);
	add_lock_name(&q, m, target_db);
	ss_buf_adds(&q, "), CONNECTION_ID()");
	rc = ss_my_select(m, "target", q.data, &res, err);
	ss_buf_release(&q);
	if (rc < 0)
		return -1;
	row = mysql_fetch_row(res);
	if (!row || !row[0]) {
		mysql_free_result(res);
		return ss_error_set(err, SS_FAILED, "target: GET_LOCK failed for the swap lock of"
				    " '%s'", target_db);
	}
	rc = !strcmp(row[0], "1");
	if (!rc && row[1])
		*holder = strtoll(row[1], NULL, 10);
	mysql_free_result(res);
	return rc;
}

void ss_myjournal_unlock(MYSQL *m, const char *target_db)
{
	struct ss_buf q = SS_BUF_INIT;
	MYSQL_RES *res;

	ss_buf_adds(&q, "SELECT RELEASE_LOCK(");
	add_lock_name(&q, m, target_db);
	ss_buf_adds(&q, ")");
	if (!mysql_query(m, q.data) && (res = mysql_store_result(m)))
		mysql_free_result(res);
	ss_buf_release(&q);
}

void ss_myjournal_time(double t, char *out, size_t size)
{
	time_t s = (time_t)t;
	struct tm tm;

	if (!localtime_r(&s, &tm) || !strftime(out, size, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(out, size, "an unknown time");
}

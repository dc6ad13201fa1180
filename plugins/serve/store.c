/* store.c - the SQLite job store: schema, submit (busy, idempotency, queue), updates, log, waiting. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include <sitesync/buf.h>

#include "plugins/serve/store.h"

struct store {
	sqlite3 *db;
	pthread_mutex_t lock;         /* the connection and gen */
	pthread_cond_t changed;
	unsigned long long gen;
	char *path;
};

#define JOB_COLUMNS \
	"id, site, kind, source, target, source_alias, target_alias, state, stage," \
	" stage_detail, error, token, bytes, bytes_total, rows, rows_total, files," \
	" files_total, percent, eta, created, started, finished, cancel_requested," \
	" exit_status, version"

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS jobs ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" site TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
	" source_alias TEXT NOT NULL, target_alias TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'pending', stage TEXT, stage_detail TEXT, error TEXT,"
	" token TEXT, idem_key TEXT,"
	" bytes INTEGER NOT NULL DEFAULT 0, bytes_total INTEGER NOT NULL DEFAULT 0,"
	" rows INTEGER NOT NULL DEFAULT 0, rows_total INTEGER NOT NULL DEFAULT 0,"
	" files INTEGER NOT NULL DEFAULT 0, files_total INTEGER NOT NULL DEFAULT 0,"
	" percent REAL NOT NULL DEFAULT -1, eta REAL NOT NULL DEFAULT -1,"
	" created REAL NOT NULL, started REAL NOT NULL DEFAULT 0, finished REAL NOT NULL DEFAULT 0,"
	" cancel_requested INTEGER NOT NULL DEFAULT 0, exit_status INTEGER NOT NULL DEFAULT -1,"
	" version INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX IF NOT EXISTS jobs_site ON jobs (site, id);"
	"CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, id);"
	"CREATE UNIQUE INDEX IF NOT EXISTS jobs_idem ON jobs (token, idem_key)"
	" WHERE idem_key IS NOT NULL;"
	"CREATE TABLE IF NOT EXISTS stages ("
	" job INTEGER NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, detail TEXT,"
	" started REAL NOT NULL, finished REAL NOT NULL DEFAULT 0, PRIMARY KEY (job, seq));"
	"CREATE TABLE IF NOT EXISTS log ("
	" job INTEGER NOT NULL, seq INTEGER NOT NULL, at REAL NOT NULL, stream TEXT NOT NULL,"
	" text TEXT NOT NULL, PRIMARY KEY (job, seq));";

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int db_error(struct store *s, struct ss_error *err, const char *what)
{
	return ss_error_set(err, SS_FAILED, "job store '%s': %s: %s", s->path, what,
			    sqlite3_errmsg(s->db));
}

/* Prepare sql; on failure err names it. */
static int prep(struct store *s, const char *sql, sqlite3_stmt **st, struct ss_error *err)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return db_error(s, err, "cannot prepare a statement");
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Step a statement that returns no row, finalize it. */
static int run(struct store *s, sqlite3_stmt *st, struct ss_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(s, err, "cannot write");
	return 0;
}

static void changed(struct store *s)
{
	s->gen++;
	pthread_cond_broadcast(&s->changed);
}

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? ss_xstrdup((const char *)t) : NULL;
}

/* The rows of a SELECT into a growing array of items of `size` bytes, filled by fill. */
struct rows {
	void *v;
	size_t n, size;
	void (*fill)(sqlite3_stmt *st, void *item);
};

/* Step st to its end into r, finalize it; -1 with err when it fails (r keeps what it read). */
static int read_rows(struct store *s, sqlite3_stmt *st, struct rows *r, struct ss_error *err)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *item;

		r->v = ss_xrealloc(r->v, (r->n + 1) * r->size);
		item = (char *)r->v + r->n++ * r->size;
		memset(item, 0, r->size);
		r->fill(st, item);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(s, err, "cannot read");
}

static void read_job(sqlite3_stmt *st, void *item)
{
	struct job *j = item;
	int c = 0;

	j->id = sqlite3_column_int64(st, c++);
	j->site = col_text(st, c++);
	j->kind = col_text(st, c++);
	j->source = col_text(st, c++);
	j->target = col_text(st, c++);
	j->source_alias = col_text(st, c++);
	j->target_alias = col_text(st, c++);
	j->state = col_text(st, c++);
	j->stage = col_text(st, c++);
	j->stage_detail = col_text(st, c++);
	j->error = col_text(st, c++);
	j->token = col_text(st, c++);
	j->bytes = sqlite3_column_int64(st, c++);
	j->bytes_total = sqlite3_column_int64(st, c++);
	j->rows = sqlite3_column_int64(st, c++);
	j->rows_total = sqlite3_column_int64(st, c++);
	j->files = sqlite3_column_int64(st, c++);
	j->files_total = sqlite3_column_int64(st, c++);
	j->percent = sqlite3_column_double(st, c++);
	j->eta = sqlite3_column_double(st, c++);
	j->created = sqlite3_column_double(st, c++);
	j->started = sqlite3_column_double(st, c++);
	j->finished = sqlite3_column_double(st, c++);
	j->cancel_requested = sqlite3_column_int(st, c++);
	j->exit_status = sqlite3_column_int(st, c++);
	j->version = sqlite3_column_int64(st, c++);
}

void job_release(struct job *j)
{
	free(j->site);
	free(j->kind);
	free(j->source);
	free(j->target);
	free(j->source_alias);
	free(j->target_alias);
	free(j->state);
	free(j->stage);
	free(j->stage_detail);
	free(j->error);
	free(j->token);
	memset(j, 0, sizeof(*j));
}

void jobs_free(struct job *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		job_release(&v[i]);
	free(v);
}

/* Job id into *out with the lock held: 0, 1 when none, -1 with err. */
static int job_locked(struct store *s, long long id, struct job *out, struct ss_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (prep(s, "SELECT " JOB_COLUMNS " FROM jobs WHERE id = ?", &st, err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_job(st, out);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 1 : db_error(s, err, "cannot read");
	}
	sqlite3_finalize(st);
	return rc;
}

int store_open(const char *path, struct store **out, struct ss_error *err)
{
	struct store *s = ss_xcalloc(1, sizeof(*s));
	char *msg = NULL;

	s->path = ss_xstrdup(path);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->changed, NULL);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		db_error(s, err, "cannot open");
		store_close(s);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 5000);
	/* WAL: a crash of serve loses no committed job; readers do not block the writer */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
			 " PRAGMA foreign_keys=ON;", NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(s->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
		ss_error_set(err, SS_FAILED, "job store '%s': %s", path, msg ? msg : "cannot set up");
		sqlite3_free(msg);
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->db)
		sqlite3_close(s->db);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->lock);
	free(s->path);
	free(s);
}

/* The current stage of job id (0: of every running job) ends at t. */
static void end_stage(struct store *s, long long id, double t)
{
	struct ss_error err;
	sqlite3_stmt *st;

	if (prep(s, id ? "UPDATE stages SET finished = ? WHERE finished = 0 AND job = ?"
		       : "UPDATE stages SET finished = ? WHERE finished = 0 AND job IN"
			 " (SELECT id FROM jobs WHERE state = 'running')", &st, &err) < 0)
		return;
	sqlite3_bind_double(st, 1, t);
	if (id)
		sqlite3_bind_int64(st, 2, id);
	run(s, st, &err);
}

int store_recover(struct store *s, const char *reason, long long **ids, size_t *n,
		  struct ss_error *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	*ids = NULL;
	*n = 0;
	pthread_mutex_lock(&s->lock);
	end_stage(s, 0, now());
	if (prep(s, "UPDATE jobs SET state = 'failed', error = ?, finished = ?, stage = NULL,"
		    " stage_detail = NULL, eta = -1, version = version + 1 WHERE state = 'running'"
		    " RETURNING id", &st, err) == 0) {
		bind_text(st, 1, reason);
		sqlite3_bind_double(st, 2, now());
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			*ids = ss_xrealloc(*ids, (*n + 1) * sizeof(**ids));
			(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_finalize(st);
		rc = rc == SQLITE_DONE ? 0 : db_error(s, err, "cannot write");
		if (*n)
			changed(s);
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

/* One id from a query with text parameters (NULL-terminated); 0 when none. */
static long long query_id(struct store *s, const char *sql, const char *const *params,
			  struct ss_error *err, int *failed)
{
	sqlite3_stmt *st;
	long long id = 0;
	int rc;

	if (prep(s, sql, &st, err) < 0) {
		*failed = 1;
		return 0;
	}
	for (int i = 0; params[i]; i++)
		bind_text(st, i + 1, params[i]);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		*failed = db_error(s, err, "cannot read") < 0;
	sqlite3_finalize(st);
	return id;
}

/* What an Idempotency-Key stands for: the request's fields. */
static int same_request(struct store *s, long long id, const struct job_request *r)
{
	struct job j;
	struct ss_error err;
	int same;

	if (job_locked(s, id, &j, &err) != 0)
		return 0;
	same = !strcmp(j.site, r->site) && !strcmp(j.kind, r->kind) &&
	       !strcmp(j.source, r->source) && !strcmp(j.target, r->target);
	job_release(&j);
	return same;
}

static int insert_job(struct store *s, const struct job_request *r, long long *id,
		      struct ss_error *err)
{
	sqlite3_stmt *st;

	if (prep(s, "INSERT INTO jobs (site, kind, source, target, source_alias, target_alias,"
		    " token, idem_key, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, err) < 0)
		return -1;
	bind_text(st, 1, r->site);
	bind_text(st, 2, r->kind);
	bind_text(st, 3, r->source);
	bind_text(st, 4, r->target);
	bind_text(st, 5, r->source_alias);
	bind_text(st, 6, r->target_alias);
	bind_text(st, 7, r->token);
	bind_text(st, 8, r->idem_key);
	sqlite3_bind_double(st, 9, now());
	if (run(s, st, err) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int submit_locked(struct store *s, const struct job_request *r, long long *id,
			 struct ss_error *err)
{
	const char *key_params[] = { r->token ? r->token : "", r->idem_key, NULL };
	const char *busy_params[] = { r->target_alias, NULL };
	const char *none[] = { NULL };
	int failed = 0;
	long long pending;

	if (r->idem_key) {
		*id = query_id(s, "SELECT id FROM jobs WHERE token = ? AND idem_key = ?",
			       key_params, err, &failed);
		if (failed)
			return -1;
		if (*id)
			return same_request(s, *id, r) ? SUBMIT_REPLAYED : SUBMIT_KEY_REUSED;
	}
	*id = query_id(s, "SELECT id FROM jobs WHERE target_alias = ? AND state IN"
		       " ('pending', 'running') ORDER BY id LIMIT 1", busy_params, err, &failed);
	if (failed)
		return -1;
	if (*id)
		return SUBMIT_BUSY;
	pending = query_id(s, "SELECT count(*) FROM jobs WHERE state = 'pending'", none, err,
			   &failed);
	if (failed)
		return -1;
	if (pending >= r->queue_max)
		return SUBMIT_FULL;
	if (insert_job(s, r, id, err) < 0)
		return -1;
	changed(s);
	return SUBMIT_CREATED;
}

int store_submit(struct store *s, const struct job_request *r, long long *id,
		 struct ss_error *err)
{
	int rc;

	pthread_mutex_lock(&s->lock);
	rc = submit_locked(s, r, id, err);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int store_job(struct store *s, long long id, struct job *out, struct ss_error *err)
{
	int rc;

	pthread_mutex_lock(&s->lock);
	rc = job_locked(s, id, out, err);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

void stages_free(struct stage *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].detail);
	}
	free(v);
}

static void read_stage(sqlite3_stmt *st, void *item)
{
	struct stage *g = item;

	g->seq = sqlite3_column_int64(st, 0);
	g->name = col_text(st, 1);
	g->detail = col_text(st, 2);
	g->started = sqlite3_column_double(st, 3);
	g->finished = sqlite3_column_double(st, 4);
}

int store_stages(struct store *s, long long id, struct stage **v, size_t *n,
		 struct ss_error *err)
{
	struct rows r = { .size = sizeof(**v), .fill = read_stage };
	sqlite3_stmt *st;
	int rc = -1;

	pthread_mutex_lock(&s->lock);
	if (prep(s, "SELECT seq, name, detail, started, finished FROM stages WHERE job = ?"
		    " ORDER BY seq", &st, err) == 0) {
		sqlite3_bind_int64(st, 1, id);
		rc = read_rows(s, st, &r, err);
	}
	pthread_mutex_unlock(&s->lock);
	*v = r.v;
	*n = r.n;
	if (rc < 0) {
		stages_free(*v, *n);
		*v = NULL;
		*n = 0;
	}
	return rc;
}

/* Rows of a SELECT of JOB_COLUMNS into *v. */
static int read_jobs(struct store *s, sqlite3_stmt *st, struct job **v, size_t *n,
		     struct ss_error *err)
{
	struct rows r = { .size = sizeof(**v), .fill = read_job };
	int rc = read_rows(s, st, &r, err);

	*v = r.v;
	*n = r.n;
	if (rc < 0) {
		jobs_free(*v, *n);
		*v = NULL;
		*n = 0;
	}
	return rc;
}

int store_history(struct store *s, const char *site, long long before, int limit,
		  struct job **v, size_t *n, struct ss_error *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	pthread_mutex_lock(&s->lock);
	if (prep(s, "SELECT " JOB_COLUMNS " FROM jobs WHERE site = ? AND id < ?"
		    " ORDER BY id DESC LIMIT ?", &st, err) == 0) {
		bind_text(st, 1, site);
		sqlite3_bind_int64(st, 2, before > 0 ? before : (long long)9e18);
		sqlite3_bind_int(st, 3, limit);
		rc = read_jobs(s, st, v, n, err);
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int store_next_pending(struct store *s, char *const *busy, size_t nbusy, struct job *out,
		       struct ss_error *err)
{
	struct job *v = NULL;
	size_t n = 0;
	sqlite3_stmt *st;
	int rc = 1;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&s->lock);
	if (prep(s, "SELECT " JOB_COLUMNS " FROM jobs WHERE state = 'pending' ORDER BY id",
		 &st, err) < 0 || read_jobs(s, st, &v, &n, err) < 0) {
		pthread_mutex_unlock(&s->lock);
		return -1;
	}
	pthread_mutex_unlock(&s->lock);
	for (size_t i = 0; i < n && rc == 1; i++) {
		size_t k;

		for (k = 0; k < nbusy && strcmp(busy[k], v[i].target_alias); k++)
			;
		if (k == nbusy) {
			*out = v[i];
			memset(&v[i], 0, sizeof(v[i]));
			rc = 0;
		}
	}
	jobs_free(v, n);
	return rc;
}

/* UPDATE with an id as the last parameter, then the generation. */
static int update(struct store *s, sqlite3_stmt *st, int id_param, long long id)
{
	struct ss_error err;
	int rc;

	sqlite3_bind_int64(st, id_param, id);
	rc = run(s, st, &err);
	changed(s);
	return rc;
}

int store_start(struct store *s, long long id)
{
	sqlite3_stmt *st;
	struct ss_error err;
	int rc = -1;

	pthread_mutex_lock(&s->lock);
	if (prep(s, "UPDATE jobs SET state = 'running', started = ?, version = version + 1"
		    " WHERE id = ? AND state = 'pending'", &st, &err) == 0) {
		sqlite3_bind_double(st, 1, now());
		rc = update(s, st, 2, id);
		if (rc == 0 && sqlite3_changes(s->db) != 1)
			rc = 1;
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int store_stage(struct store *s, long long id, const char *name, const char *detail)
{
	sqlite3_stmt *st;
	struct ss_error err;
	double t = now();
	int rc = -1;

	pthread_mutex_lock(&s->lock);
	end_stage(s, id, t);
	if (name && prep(s, "INSERT INTO stages (job, seq, name, detail, started) VALUES (?,"
			 " (SELECT coalesce(max(seq), 0) + 1 FROM stages WHERE job = ?), ?, ?, ?)",
			 &st, &err) == 0) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, id);
		bind_text(st, 3, name);
		bind_text(st, 4, detail);
		sqlite3_bind_double(st, 5, t);
		run(s, st, &err);
	}
	if (prep(s, "UPDATE jobs SET stage = ?, stage_detail = ?, version = version + 1"
		    " WHERE id = ?", &st, &err) == 0) {
		bind_text(st, 1, name);
		bind_text(st, 2, detail);
		rc = update(s, st, 3, id);
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int store_progress(struct store *s, long long id, const struct job_progress *p)
{
	sqlite3_stmt *st;
	struct ss_error err;
	int rc = -1;

	pthread_mutex_lock(&s->lock);
	if (prep(s, "UPDATE jobs SET bytes = ?, bytes_total = ?, rows = ?, rows_total = ?,"
		    " files = ?, files_total = ?, percent = ?, eta = ?, version = version + 1"
		    " WHERE id = ?", &st, &err) == 0) {
		sqlite3_bind_int64(st, 1, p->bytes);
		sqlite3_bind_int64(st, 2, p->bytes_total);
		sqlite3_bind_int64(st, 3, p->rows);
		sqlite3_bind_int64(st, 4, p->rows_total);
		sqlite3_bind_int64(st, 5, p->files);
		sqlite3_bind_int64(st, 6, p->files_total);
		sqlite3_bind_double(st, 7, p->percent);
		sqlite3_bind_double(st, 8, p->eta);
		rc = update(s, st, 9, id);
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int store_finish(struct store *s, long long id, const char *state, const char *error,
		 long long bytes, long long rows, int exit_status)
{
	sqlite3_stmt *st;
	struct ss_error err;
	double t = now();
	int rc = -1;

	pthread_mutex_lock(&s->lock);
	end_stage(s, id, t);
	if (prep(s, "UPDATE jobs SET state = ?, error = ?, bytes = ?, rows = ?, exit_status = ?,"
		    " finished = ?, stage = NULL, stage_detail = NULL, eta = -1,"
		    " percent = CASE WHEN ? = 'completed' THEN 100 ELSE percent END,"
		    " version = version + 1 WHERE id = ?", &st, &err) == 0) {
		bind_text(st, 1, state);
		bind_text(st, 2, error);
		sqlite3_bind_int64(st, 3, bytes);
		sqlite3_bind_int64(st, 4, rows);
		sqlite3_bind_int(st, 5, exit_status);
		sqlite3_bind_double(st, 6, t);
		bind_text(st, 7, state);
		rc = update(s, st, 8, id);
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

int store_log(struct store *s, long long id, const char *stream, const char *text)
{
	sqlite3_stmt *st;
	struct ss_error err;
	int rc = -1;

	pthread_mutex_lock(&s->lock);
	if (prep(s, "INSERT INTO log (job, seq, at, stream, text) VALUES (?,"
		    " (SELECT coalesce(max(seq), 0) + 1 FROM log WHERE job = ?), ?, ?, ?)", &st,
		 &err) == 0) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, id);
		sqlite3_bind_double(st, 3, now());
		bind_text(st, 4, stream);
		bind_text(st, 5, text);
		rc = run(s, st, &err);
		changed(s);
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

void log_lines_free(struct log_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].stream);
		free(v[i].text);
	}
	free(v);
}

static void read_log_line(sqlite3_stmt *st, void *item)
{
	struct log_line *l = item;

	l->seq = sqlite3_column_int64(st, 0);
	l->at = sqlite3_column_double(st, 1);
	l->stream = col_text(st, 2);
	l->text = col_text(st, 3);
}

int store_log_read(struct store *s, long long id, long long after, int limit,
		   struct log_line **v, size_t *n, struct ss_error *err)
{
	struct rows r = { .size = sizeof(**v), .fill = read_log_line };
	sqlite3_stmt *st;
	int rc = -1;

	pthread_mutex_lock(&s->lock);
	if (prep(s, "SELECT seq, at, stream, text FROM log WHERE job = ? AND seq > ?"
		    " ORDER BY seq LIMIT ?", &st, err) == 0) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, after);
		sqlite3_bind_int(st, 3, limit);
		rc = read_rows(s, st, &r, err);
	}
	pthread_mutex_unlock(&s->lock);
	*v = r.v;
	*n = r.n;
	if (rc < 0) {
		log_lines_free(*v, *n);
		*v = NULL;
		*n = 0;
	}
	return rc;
}

int store_cancel(struct store *s, long long id, enum cancel_result *res, struct ss_error *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	pthread_mutex_lock(&s->lock);
	*res = CANCEL_NO_JOB;
	if (prep(s, "UPDATE jobs SET state = CASE state WHEN 'pending' THEN 'cancelled'"
		    " ELSE state END, cancel_requested = 1,"
		    " finished = CASE state WHEN 'pending' THEN ? ELSE finished END,"
		    " error = CASE state WHEN 'pending' THEN 'cancelled before it started'"
		    " ELSE error END, version = version + 1"
		    " WHERE id = ? AND state IN ('pending', 'running') RETURNING state", &st,
		 err) == 0) {
		sqlite3_bind_double(st, 1, now());
		sqlite3_bind_int64(st, 2, id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*res = strcmp((const char *)sqlite3_column_text(st, 0), "cancelled")
				? CANCEL_REQUESTED : CANCEL_DONE;
		sqlite3_finalize(st);
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(s, err, "cannot write");
		if (*res != CANCEL_NO_JOB)
			changed(s);
	}
	pthread_mutex_unlock(&s->lock);
	if (rc == 0 && *res == CANCEL_NO_JOB) {
		struct job j;

		if (store_job(s, id, &j, err) == 0) {
			*res = CANCEL_TOO_LATE;
			job_release(&j);
		}
	}
	return rc;
}

int store_count(struct store *s, const char *state, long long *n)
{
	const char *params[] = { state, NULL };
	struct ss_error err;
	int failed = 0;

	pthread_mutex_lock(&s->lock);
	*n = query_id(s, "SELECT count(*) FROM jobs WHERE state = ?", params, &err, &failed);
	pthread_mutex_unlock(&s->lock);
	return failed ? -1 : 0;
}

unsigned long long store_generation(struct store *s)
{
	unsigned long long g;

	pthread_mutex_lock(&s->lock);
	g = s->gen;
	pthread_mutex_unlock(&s->lock);
	return g;
}

int store_wait(struct store *s, unsigned long long gen, int ms)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->lock);
	while (s->gen == gen && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&s->changed, &s->lock, &until);
	pthread_mutex_unlock(&s->lock);
	return rc == ETIMEDOUT ? 1 : 0;
}

void store_wake(struct store *s)
{
	pthread_mutex_lock(&s->lock);
	changed(s);
	pthread_mutex_unlock(&s->lock);
}

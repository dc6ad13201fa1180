/* job_json.c - a job as JSON for the API, the log stream and webhooks. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "plugins/serve/job_json.h"

/* An ISO 8601 UTC time, or null for 0. */
static json_t *when(double t)
{
	char iso[32];
	time_t s = (time_t)t;
	struct tm tm;

	if (t <= 0 || !gmtime_r(&s, &tm))
		return json_null();
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(iso);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int job_finished(const struct job *j)
{
	return j->state && (!strcmp(j->state, "completed") || !strcmp(j->state, "failed") ||
			    !strcmp(j->state, "cancelled"));
}

static json_t *progress(const struct job *j)
{
	json_t *p = json_object();

	json_object_set_new(p, "bytes", json_integer(j->bytes));
	json_object_set_new(p, "bytes_total", json_integer(j->bytes_total));
	json_object_set_new(p, "rows", json_integer(j->rows));
	json_object_set_new(p, "rows_total", json_integer(j->rows_total));
	json_object_set_new(p, "files", json_integer(j->files));
	json_object_set_new(p, "files_total", json_integer(j->files_total));
	json_object_set_new(p, "percent", j->percent >= 0 ? json_real(j->percent) : json_null());
	json_object_set_new(p, "eta_seconds", j->eta >= 0 ? json_integer((json_int_t)(j->eta + 0.5))
							 : json_null());
	return p;
}

static json_t *stages_json(const struct stage *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *s = json_object();

		json_object_set_new(s, "name", json_string(v[i].name));
		json_object_set_new(s, "detail", str_or_null(v[i].detail));
		json_object_set_new(s, "started_at", when(v[i].started));
		json_object_set_new(s, "finished_at", when(v[i].finished));
		json_array_append_new(a, s);
	}
	return a;
}

json_t *job_json(const struct job *j, const struct stage *stages, size_t nstages)
{
	json_t *o = json_object();
	double end = j->finished > 0 ? j->finished : (double)time(NULL);

	json_object_set_new(o, "id", json_integer(j->id));
	json_object_set_new(o, "site", json_string(j->site));
	json_object_set_new(o, "kind", json_string(j->kind));
	json_object_set_new(o, "from", json_string(j->source));
	json_object_set_new(o, "to", json_string(j->target));
	json_object_set_new(o, "source", json_string(j->source_alias));
	json_object_set_new(o, "target", json_string(j->target_alias));
	json_object_set_new(o, "state", json_string(j->state));
	json_object_set_new(o, "stage", str_or_null(j->stage));
	json_object_set_new(o, "stage_detail", str_or_null(j->stage_detail));
	json_object_set_new(o, "progress", progress(j));
	json_object_set_new(o, "error", str_or_null(j->error));
	json_object_set_new(o, "cancel_requested", json_boolean(j->cancel_requested));
	json_object_set_new(o, "created_at", when(j->created));
	json_object_set_new(o, "started_at", when(j->started));
	json_object_set_new(o, "finished_at", when(j->finished));
	json_object_set_new(o, "duration_seconds",
			    j->started > 0 ? json_real(end - j->started) : json_null());
	json_object_set_new(o, "requested_by", str_or_null(j->token));
	if (stages)
		json_object_set_new(o, "stages", stages_json(stages, nstages));
	return o;
}

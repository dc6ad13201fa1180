/* api.c - the /api/v1 routes: sites, history, sync requests, jobs, cancel. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/serve/api.h"
#include "plugins/serve/job_json.h"
#include "plugins/serve/runner.h"
#include "plugins/serve/serve.h"
#include "plugins/serve/store.h"

#define MAX_SEGMENTS 8
#define HISTORY_DEFAULT 50
#define HISTORY_MAX 500

struct route {
	char *seg[MAX_SEGMENTS];
	int n;
	char *copy;
};

/* "/api/v1/jobs/7" into its segments; -1 for too many. */
static int split(const char *url, struct route *rt)
{
	char *save = NULL, *s;

	memset(rt, 0, sizeof(*rt));
	rt->copy = ss_xstrdup(url);
	for (s = strtok_r(rt->copy, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
		if (rt->n == MAX_SEGMENTS)
			return -1;
		rt->seg[rt->n++] = s;
	}
	return 0;
}

static int is(const struct route *rt, int i, const char *s)
{
	return i < rt->n && !strcmp(rt->seg[i], s);
}

static int method(const struct req *r, const char *m)
{
	return !strcmp(r->method, m);
}

static enum MHD_Result not_allowed(struct req *r, const char *allow)
{
	json_t *o = json_pack("{s:s}", "error", "method not allowed here");

	return reply_json(r, MHD_HTTP_METHOD_NOT_ALLOWED, o, "Allow", allow, NULL);
}

/* A positive id; 0 when s is none. */
static long long parse_id(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	return *s && !*end && v > 0 ? v : 0;
}

/* The site the request names, after the token's limits: NULL after replying. */
static const struct site *site_of(struct req *r, const char *name, enum MHD_Result *ret)
{
	const struct site *site;

	if (!token_allows_site(r->tok, name)) {
		*ret = reply_error(r, MHD_HTTP_FORBIDDEN, NULL, "token '%s' may not use site '%s'",
				   r->tok->name, name);
		return NULL;
	}
	site = sites_find(&r->sv->sites, name);
	if (!site)
		*ret = reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no site '%s'", name);
	return site;
}

/* The directions of kind the policy and the token allow, [{"from":..,"to":..}]. */
static json_t *directions(const struct req *r, const struct site *site, const char *kind)
{
	json_t *a = json_array();

	for (size_t i = 0; i < site->nenvs; i++)
		for (size_t k = 0; k < site->nenvs; k++) {
			const struct site_env *f = &site->envs[i], *t = &site->envs[k];
			struct ss_error err;
			const char *field;

			if (i == k || site_direction(f, t, kind, &field, &err) < 0 ||
			    !token_allows(r->tok, site->name, f->name, t->name, t->alias->role))
				continue;
			json_array_append_new(a, json_pack("{s:s,s:s}", "from", f->name, "to",
							   t->name));
		}
	return a;
}

static json_t *site_json(const struct req *r, const struct site *site)
{
	json_t *envs = json_array(), *dirs = json_object();

	for (size_t i = 0; i < site->nenvs; i++) {
		const struct site_env *e = &site->envs[i];

		json_array_append_new(envs, json_pack("{s:s,s:s,s:s,s:o,s:b}", "name", e->name,
			"alias", ss_target_name(e->alias), "role", ss_role_name(e->alias->role),
			"database", e->database ? json_string(ss_db_driver_name(e->alias->db.driver))
						: json_null(),
			"files", e->files));
	}
	json_object_set_new(dirs, "database", directions(r, site, "database"));
	json_object_set_new(dirs, "files", directions(r, site, "files"));
	return json_pack("{s:s,s:o,s:o}", "name", site->name, "environments", envs,
			 "directions", dirs);
}

static enum MHD_Result get_sites(struct req *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->sv->sites.n; i++)
		if (token_allows_site(r->tok, r->sv->sites.v[i].name))
			json_array_append_new(a, site_json(r, &r->sv->sites.v[i]));
	return reply_json(r, MHD_HTTP_OK, json_pack("{s:o}", "sites", a), NULL);
}

static long query_long(struct req *r, const char *name, long absent)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
	char *end;
	long n;

	if (!v)
		return absent;
	n = strtol(v, &end, 10);
	return *v && !*end && n >= 0 ? n : -1;
}

static enum MHD_Result get_history(struct req *r, const char *name)
{
	long limit = query_long(r, "limit", HISTORY_DEFAULT), before = query_long(r, "before", 0);
	const struct site *site;
	enum MHD_Result ret;
	struct ss_error err;
	struct job *v;
	size_t n;
	json_t *a;

	if (!(site = site_of(r, name, &ret)))
		return ret;
	if (limit < 1 || limit > HISTORY_MAX)
		return reply_error(r, MHD_HTTP_BAD_REQUEST, "limit", "limit must be 1 to %d",
				   HISTORY_MAX);
	if (before < 0)
		return reply_error(r, MHD_HTTP_BAD_REQUEST, "before", "before must be a job id");
	if (store_history(r->sv->store, site->name, before, (int)limit, &v, &n, &err) < 0)
		return reply_ss_error(r, &err, NULL);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, job_json(&v[i], NULL, 0));
	ret = reply_json(r, MHD_HTTP_OK, json_pack("{s:s,s:o,s:o}", "site", site->name, "jobs", a,
		"next_before", n == (size_t)limit ? json_integer(v[n - 1].id) : json_null()), NULL);
	jobs_free(v, n);
	return ret;
}

/* "from" or "to" of the body: the environment, or NULL after replying. */
static const struct site_env *env_field(struct req *r, json_t *body, const struct site *site,
					const char *field, enum MHD_Result *ret)
{
	json_t *v = json_object_get(body, field);
	const struct site_env *e;

	if (!v) {
		*ret = reply_error(r, MHD_HTTP_BAD_REQUEST, field, "field '%s' is missing", field);
		return NULL;
	}
	if (!json_is_string(v) || !*json_string_value(v)) {
		*ret = reply_error(r, MHD_HTTP_BAD_REQUEST, field,
				   "field '%s' must be an environment name", field);
		return NULL;
	}
	e = site_env_find(site, json_string_value(v));
	if (!e)
		*ret = reply_error(r, MHD_HTTP_NOT_FOUND, field, "site '%s' has no environment '%s'",
				   site->name, json_string_value(v));
	return e;
}

/* The request body as an object with only from and to; NULL after replying. */
static json_t *sync_body(struct req *r, enum MHD_Result *ret)
{
	json_error_t jerr;
	json_t *body = json_loadb(r->body.data, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
	const char *key;
	json_t *v;

	if (!json_is_object(body)) {
		*ret = reply_error(r, MHD_HTTP_BAD_REQUEST, "body", "the body must be a JSON object "
				   "{\"from\":ENV,\"to\":ENV}%s%s", body ? "" : ": ",
				   body ? "" : jerr.text);
		json_decref(body);
		return NULL;
	}
	json_object_foreach(body, key, v)
		if (strcmp(key, "from") && strcmp(key, "to")) {
			*ret = reply_error(r, MHD_HTTP_BAD_REQUEST, key, "unknown field '%s' (from, to)",
					   key);
			json_decref(body);
			return NULL;
		}
	return body;
}

static enum MHD_Result submitted(struct req *r, int rc, long long id)
{
	char location[64];

	snprintf(location, sizeof(location), "/api/v1/jobs/%lld", id);
	switch (rc) {
	case SUBMIT_CREATED:
		runner_wake(r->sv->runner);
		/* fall through */
	case SUBMIT_REPLAYED:
		return reply_json(r, MHD_HTTP_ACCEPTED, json_pack("{s:I,s:s,s:s}", "id",
				  (json_int_t)id, "state", "pending", "location", location),
				  "Location", location, NULL);
	case SUBMIT_BUSY:
		return reply_json(r, MHD_HTTP_CONFLICT, json_pack("{s:s,s:I}", "error",
				  "the target is busy with another job", "id", (json_int_t)id),
				  "Location", location, NULL);
	case SUBMIT_KEY_REUSED:
		return reply_json(r, MHD_HTTP_UNPROCESSABLE_CONTENT, json_pack("{s:s,s:I}", "error",
				  "this Idempotency-Key came with another request", "id",
				  (json_int_t)id), NULL);
	default:
		return reply_json(r, MHD_HTTP_TOO_MANY_REQUESTS, json_pack("{s:s}", "error",
				  "too many jobs waiting; try again later"), "Retry-After", "5", NULL);
	}
}

static enum MHD_Result post_sync(struct req *r, const char *name, const char *kind)
{
	const char *key = req_header(r, "Idempotency-Key"), *field;
	const struct site_env *from, *to;
	const struct site *site;
	enum MHD_Result ret;
	struct ss_error err;
	json_t *body;
	long long id;
	int rc;

	if (!(site = site_of(r, name, &ret)) || !(body = sync_body(r, &ret)))
		return ret;
	from = env_field(r, body, site, "from", &ret);
	to = from ? env_field(r, body, site, "to", &ret) : NULL;
	json_decref(body);
	if (!from || !to)
		return ret;
	if (key && (!*key || strlen(key) > 200))
		return reply_error(r, MHD_HTTP_BAD_REQUEST, "Idempotency-Key",
				   "Idempotency-Key must be 1 to 200 characters");
	if (site_direction(from, to, kind, &field, &err) < 0)
		return reply_ss_error(r, &err, field);
	if (!token_allows(r->tok, site->name, from->name, to->name, to->alias->role))
		return reply_error(r, MHD_HTTP_FORBIDDEN, NULL, "token '%s' may not sync '%s' into "
				   "'%s' (%s) of site '%s'", r->tok->name, from->name, to->name,
				   ss_role_name(to->alias->role), site->name);
	rc = store_submit(r->sv->store, &(struct job_request){
		.site = site->name, .kind = kind, .source = from->name, .target = to->name,
		.source_alias = ss_target_name(from->alias), .target_alias = ss_target_name(to->alias),
		.token = r->tok->name, .idem_key = key, .queue_max = r->sv->queue_max,
	}, &id, &err);
	if (rc < 0)
		return reply_ss_error(r, &err, NULL);
	return submitted(r, rc, id);
}

/* The job of the URL, if the token may see its site; NULL after replying. */
static int job_of(struct req *r, const char *idstr, struct job *j, enum MHD_Result *ret)
{
	long long id = parse_id(idstr);
	struct ss_error err;
	int rc = id ? store_job(r->sv->store, id, j, &err) : 1;

	if (rc < 0) {
		*ret = reply_ss_error(r, &err, NULL);
		return -1;
	}
	if (rc) {
		*ret = reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no job '%s'", idstr);
		return -1;
	}
	if (!token_allows_site(r->tok, j->site)) {
		*ret = reply_error(r, MHD_HTTP_FORBIDDEN, NULL, "token '%s' may not use site '%s'",
				   r->tok->name, j->site);
		job_release(j);
		return -1;
	}
	return 0;
}

static enum MHD_Result reply_job(struct req *r, unsigned status, long long id)
{
	struct stage *st;
	struct ss_error err;
	struct job j;
	size_t n;
	json_t *o;

	if (store_job(r->sv->store, id, &j, &err) != 0)
		return reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no job %lld", id);
	if (store_stages(r->sv->store, id, &st, &n, &err) < 0) {
		job_release(&j);
		return reply_ss_error(r, &err, NULL);
	}
	o = job_json(&j, st, n);
	stages_free(st, n);
	job_release(&j);
	return reply_json(r, status, o, NULL);
}

static enum MHD_Result delete_job(struct req *r, const struct job *j)
{
	enum cancel_result res;
	struct ss_error err;
	const struct site *site = sites_find(&r->sv->sites, j->site);
	const struct site_env *to = site ? site_env_find(site, j->target) : NULL;

	/* who may start it may cancel it */
	if (!to || !token_allows(r->tok, j->site, j->source, j->target, to->alias->role))
		return reply_error(r, MHD_HTTP_FORBIDDEN, NULL, "token '%s' may not sync '%s' into "
				   "'%s' of site '%s'", r->tok->name, j->source, j->target, j->site);
	if (store_cancel(r->sv->store, j->id, &res, &err) < 0)
		return reply_ss_error(r, &err, NULL);
	switch (res) {
	case CANCEL_DONE:
		return reply_job(r, MHD_HTTP_OK, j->id);
	case CANCEL_REQUESTED:
		runner_cancel(r->sv->runner, j->id);
		return reply_job(r, MHD_HTTP_ACCEPTED, j->id);
	case CANCEL_TOO_LATE:
		return reply_error(r, MHD_HTTP_CONFLICT, NULL, "job %lld has already ended", j->id);
	default:
		return reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no job %lld", j->id);
	}
}

static enum MHD_Result jobs_route(struct req *r, const struct route *rt)
{
	enum MHD_Result ret;
	struct job j;

	if (rt->n == 4) {
		if (!method(r, MHD_HTTP_METHOD_GET) && !method(r, MHD_HTTP_METHOD_DELETE))
			return not_allowed(r, "GET, DELETE");
		if (job_of(r, rt->seg[3], &j, &ret) < 0)
			return ret;
		ret = method(r, MHD_HTTP_METHOD_GET) ? reply_job(r, MHD_HTTP_OK, j.id)
						     : delete_job(r, &j);
		job_release(&j);
		return ret;
	}
	if (rt->n == 5 && is(rt, 4, "log")) {
		if (!method(r, MHD_HTTP_METHOD_GET))
			return not_allowed(r, "GET");
		if (job_of(r, rt->seg[3], &j, &ret) < 0)
			return ret;
		job_release(&j);
		return api_job_log(r, parse_id(rt->seg[3]));
	}
	return reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no such API path '%s'", r->url);
}

static enum MHD_Result sites_route(struct req *r, const struct route *rt)
{
	const char *kind = NULL;

	if (rt->n == 3) {
		if (!method(r, MHD_HTTP_METHOD_GET))
			return not_allowed(r, "GET");
		return get_sites(r);
	}
	if (rt->n == 5 && is(rt, 4, "history")) {
		if (!method(r, MHD_HTTP_METHOD_GET))
			return not_allowed(r, "GET");
		return get_history(r, rt->seg[3]);
	}
	if (rt->n == 5 && is(rt, 4, "sync"))
		kind = "both";
	else if (rt->n == 6 && is(rt, 5, "sync") && (is(rt, 4, "database") || is(rt, 4, "files")))
		kind = rt->seg[4];
	if (!kind)
		return reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no such API path '%s'", r->url);
	if (!method(r, MHD_HTTP_METHOD_POST))
		return not_allowed(r, "POST");
	return post_sync(r, rt->seg[3], kind);
}

static enum MHD_Result api(struct req *r, const struct route *rt)
{
	enum MHD_Result ret;

	if (!is(rt, 1, "v1") || rt->n < 3)
		return reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no such API path '%s' (this is "
				   "/api/v1)", r->url);
	if (req_auth(r, &ret) < 0)
		return ret;
	if (is(rt, 2, "sites"))
		return sites_route(r, rt);
	if (is(rt, 2, "jobs") && rt->n >= 4)
		return jobs_route(r, rt);
	return reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no such API path '%s'", r->url);
}

enum MHD_Result api_dispatch(struct req *r)
{
	struct route rt;
	enum MHD_Result ret;

	if (split(r->url, &rt) < 0)
		ret = reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no such path");
	else if (is(&rt, 0, "api"))
		ret = api(r, &rt);
	else if (!method(r, MHD_HTTP_METHOD_GET) && !method(r, MHD_HTTP_METHOD_HEAD))
		ret = not_allowed(r, "GET, HEAD");
	else
		ret = api_static(r, r->url);
	free(rt.copy);
	return ret;
}

/* webhook.c - signed POSTs when a job ends: a queue, a thread, libcurl, three tries. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "plugins/serve/crypto.h"
#include "plugins/serve/job_json.h"
#include "plugins/serve/serve.h"
#include "plugins/serve/store.h"
#include "plugins/serve/webhook.h"

#define TRIES 3

static const double backoff[TRIES] = { 1, 5, 25 };

struct delivery {
	long long job;
	char *url, *secret, *body, *event;
	int tries;
	double due;
	struct delivery *next;
};

struct webhooks {
	struct serve *sv;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct delivery *queue;
	int stop;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *webhook_signature(const char *secret, const char *body, size_t len)
{
	char hex[SERVE_SHA256_HEX];

	if (serve_hmac_sha256_hex(secret, strlen(secret), body, len, hex) < 0)
		return NULL;
	return ss_xasprintf("sha256=%s", hex);
}

/* The URL for a log line: no user:password@, no query, no fragment. */
static char *shown_url(const char *url)
{
	const char *host = strstr(url, "://"), *at, *end;
	struct ss_buf b = SS_BUF_INIT;

	host = host ? host + 3 : url;
	end = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(end - host));
	ss_buf_add(&b, url, (size_t)(host - url));
	if (at)
		host = at + 1;
	ss_buf_add(&b, host, strcspn(host, "?#"));
	return ss_buf_detach(&b);
}

static void delivery_free(struct delivery *d)
{
	free(d->url);
	ss_secret_free(d->secret);
	free(d->body);
	free(d->event);
	free(d);
}

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* One POST: 0 when the receiver answered 2xx; else -1 with why. */
static int post(const struct delivery *d, char *why, size_t whylen)
{
	struct curl_slist *h = NULL;
	char *sig = webhook_signature(d->secret, d->body, strlen(d->body));
	char line[256];
	long code = 0;
	CURLcode rc;
	CURL *c = curl_easy_init();

	if (!c || !sig) {
		snprintf(why, whylen, "cannot prepare the request");
		free(sig);
		if (c)
			curl_easy_cleanup(c);
		return -1;
	}
	h = curl_slist_append(h, "Content-Type: application/json");
	snprintf(line, sizeof(line), "X-Sitesync-Event: %s", d->event);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Sitesync-Delivery: %lld-%d", d->job, d->tries + 1);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Sitesync-Signature: %s", sig);
	h = curl_slist_append(h, line);
	curl_easy_setopt(c, CURLOPT_URL, d->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "sitesync-serve/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, d->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(d->body));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	free(sig);
	if (rc != CURLE_OK) {
		snprintf(why, whylen, "%s", curl_easy_strerror(rc));
		return -1;
	}
	snprintf(why, whylen, "HTTP %ld", code);
	return code >= 200 && code < 300 ? 0 : -1;
}

static void deliver(struct webhooks *w, struct delivery *d, int last_chance)
{
	char why[CURL_ERROR_SIZE + 32], *url = shown_url(d->url), *msg;
	long long job = d->job;
	int ok = post(d, why, sizeof(why)) == 0;

	if (!ok && ++d->tries < TRIES && !last_chance) {
		msg = ss_xasprintf("webhook %s: try %d failed (%s); trying again in %.0f s", url,
				   d->tries, why, backoff[d->tries]);
		d->due = now() + backoff[d->tries];
		pthread_mutex_lock(&w->lock);
		d->next = w->queue;
		w->queue = d;
		pthread_mutex_unlock(&w->lock);
	} else {
		msg = ss_xasprintf("webhook %s: %s (%s)", url, ok ? "delivered" : "not delivered",
				   why);
		delivery_free(d);
	}
	store_log(w->sv->store, job, "serve", msg);
	free(url);
	free(msg);
}

/* Take the first due delivery off the queue, or NULL; *wait gets seconds to the next. */
static struct delivery *take_due(struct webhooks *w, int all, double *wait)
{
	double t = now();

	*wait = 3600;
	for (struct delivery **p = &w->queue; *p; p = &(*p)->next) {
		struct delivery *d = *p;

		if (all || d->due <= t) {
			*p = d->next;
			return d;
		}
		if (d->due - t < *wait)
			*wait = d->due - t;
	}
	return NULL;
}

static void *loop(void *arg)
{
	struct webhooks *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		double wait;
		struct delivery *d = take_due(w, w->stop, &wait);

		if (d) {
			int last = w->stop;

			pthread_mutex_unlock(&w->lock);
			deliver(w, d, last);
			pthread_mutex_lock(&w->lock);
			continue;
		}
		if (w->stop)
			break;
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)wait;
		until.tv_nsec += (long)((wait - (double)(time_t)wait) * 1e9);
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->cond, &w->lock, &until);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int webhooks_start(struct serve *sv, struct webhooks **out, struct ss_error *err)
{
	struct webhooks *w = ss_xcalloc(1, sizeof(*w));

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		free(w);
		return ss_error_set(err, SS_FAILED, "cannot start libcurl");
	}
	w->sv = sv;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pthread_create(&w->thread, NULL, loop, w) != 0) {
		curl_global_cleanup();
		free(w);
		return ss_error_set(err, SS_FAILED, "cannot start the webhook thread");
	}
	*out = w;
	return 0;
}

static unsigned event_bit(const char *state)
{
	return !strcmp(state, "completed") ? HOOK_COMPLETED
	       : !strcmp(state, "failed") ? HOOK_FAILED
	       : !strcmp(state, "cancelled") ? HOOK_CANCELLED : 0;
}

/* The body: {"event":"job.<state>","job":{...}} (owned). */
static char *body_of(const struct job *j, const struct stage *st, size_t n)
{
	json_t *o = json_object();
	char *event = ss_xasprintf("job.%s", j->state), *text;

	json_object_set_new(o, "event", json_string(event));
	json_object_set_new(o, "job", job_json(j, st, n));
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	free(event);
	return text;
}

void webhooks_job_done(struct webhooks *w, long long id)
{
	const struct site_config *sc;
	struct stage *st = NULL;
	struct ss_error err;
	struct job j;
	size_t n = 0;
	char *body = NULL;

	if (!w || store_job(w->sv->store, id, &j, &err) != 0)
		return;
	sc = serve_config_site(&w->sv->config, j.site);
	for (size_t i = 0; sc && i < sc->nhooks; i++) {
		struct delivery *d;

		if (!(sc->hooks[i].events & event_bit(j.state)))
			continue;
		if (!body) {
			store_stages(w->sv->store, id, &st, &n, &err);
			body = body_of(&j, st, n);
		}
		d = ss_xcalloc(1, sizeof(*d));
		d->job = id;
		d->url = ss_xstrdup(sc->hooks[i].url);
		d->secret = ss_xstrdup(sc->hooks[i].secret);
		d->body = ss_xstrdup(body);
		d->event = ss_xasprintf("job.%s", j.state);
		d->due = now();
		pthread_mutex_lock(&w->lock);
		d->next = w->queue;
		w->queue = d;
		pthread_cond_signal(&w->cond);
		pthread_mutex_unlock(&w->lock);
	}
	free(body);
	stages_free(st, n);
	job_release(&j);
}

void webhooks_stop(struct webhooks *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	curl_global_cleanup();
	free(w);
}

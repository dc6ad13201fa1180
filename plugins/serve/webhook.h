/*
 * plugins/serve/webhook.h - telling the outside when a job ends: for each
 * webhook of the job's site (serve.yml) that wants the job's state, a POST
 * of {"event":"job.completed","job":{...}} with
 * X-Sitesync-Signature: sha256=<hex HMAC-SHA256 of the body>, from a
 * thread of its own through libcurl (http and https only, certificates
 * checked, no redirects), tried three times (after 1, 5 and 25 s); each
 * outcome is a line of the job's log (the URL without its query).
 */
#ifndef SERVE_WEBHOOK_H
#define SERVE_WEBHOOK_H

#include <sitesync/error.h>

struct serve;
struct webhooks;

int webhooks_start(struct serve *sv, struct webhooks **out, struct ss_error *err);
/* Job id ended: queue its deliveries (NULL w: none). */
void webhooks_job_done(struct webhooks *w, long long id);
/* Deliver what is queued (a last try each), join the thread, free w. */
void webhooks_stop(struct webhooks *w);

/* The signature header's value for body under secret: "sha256=<hex>" (owned); NULL on failure. */
char *webhook_signature(const char *secret, const char *body, size_t len);

#endif

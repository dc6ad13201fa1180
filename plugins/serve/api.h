/*
 * plugins/serve/api.h - the routes, versioned under /api/v1 (JSON), and
 * the web page's files at every other path:
 *
 *   GET    /api/v1/sites                          sites, environments, roles, allowed directions
 *   GET    /api/v1/sites/{site}/history           its jobs, newest first (?limit=&before=)
 *   POST   /api/v1/sites/{site}/database/sync     {"from":"prod","to":"stage"} -> 202 {"id":N}
 *   POST   /api/v1/sites/{site}/files/sync        likewise for %files
 *   POST   /api/v1/sites/{site}/sync              both, database then files
 *   GET    /api/v1/jobs/{id}                      state, stage, progress, error, stages
 *   GET    /api/v1/jobs/{id}/log                  Server-Sent Events (text once it ended)
 *   DELETE /api/v1/jobs/{id}                      cancel
 *
 * 401 without a known token, 403 for a site, direction or role the token
 * or the safety policy does not allow (with the policy's reason), 404 for
 * an unknown site, environment or job, 400 naming the field of bad input,
 * 409 with the id of the job that holds the target, 429 when the queue is
 * full, 422 for an Idempotency-Key reused with another request.
 */
#ifndef SERVE_API_H
#define SERVE_API_H

#include "plugins/serve/http.h"

enum MHD_Result api_dispatch(struct req *r);

/* The job log (sse.c). */
enum MHD_Result api_job_log(struct req *r, long long id);

/* A file of the web page (static.c); path is the URL path. */
enum MHD_Result api_static(struct req *r, const char *path);

#endif

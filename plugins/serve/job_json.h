/* plugins/serve/job_json.h - a job as JSON, the same in the API, the log stream and webhooks. */
#ifndef SERVE_JOB_JSON_H
#define SERVE_JOB_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "plugins/serve/store.h"

/*
 * {"id":7,"site":"example","kind":"database","from":"prod","to":"stage",
 *  "source":"@example.prod","target":"@example.stage","state":"running",
 *  "stage":"copying","stage_detail":null,"progress":{"bytes":...,"percent":42.1,
 *  "eta_seconds":12},"error":null,"created_at":"2026-...Z","started_at":...,
 *  "finished_at":null,"duration_seconds":3.2,"requested_by":"ci",
 *  "stages":[{"name":"hook","detail":"pre-sql-sync: drush cr",...}]}
 * stages may be NULL (history rows leave them out).  New reference.
 */
json_t *job_json(const struct job *j, const struct stage *stages, size_t nstages);

/* Nonzero for completed, failed and cancelled. */
int job_finished(const struct job *j);

#endif

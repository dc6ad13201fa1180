/*
 * status.h - what `sitesync status` found out about an alias, shared by the
 * command (status.c) and its two printers (status_text.c, status_json.c).
 */
#ifndef SS_STATUS_H
#define SS_STATUS_H

#include <stdio.h>

#include <sitesync/sitesync.h>
#include <sitesync/ssh.h>

#include "lib/mysql/sync/sync.h"

struct status_report {
	const struct ss_alias *alias;
	int remote;                /* reached over SSH */
	const char *transport;     /* docker, kubectl, ...: not spoken (ss_alias_transport) */
	int ssh_checked;           /* an SSH session was tried */
	int ssh_answers;
	const char *ssh_where;     /* "user@host:port"; owned by the ssh pool */
	const char *ssh_banner;
	const char *ssh_auth;
	struct ss_error ssh_err;
	struct ss_db_endpoint ep;  /* as the alias describes it; ep.where NULL if unknown */
	int db_checked;            /* a connection was tried */
	int db_answers;            /* ... and made */
	char *db_version;          /* server version when it answered */
	struct ss_error db_err;    /* why it did not */
	int swap_checked;          /* a MySQL target was looked at for an interrupted swap */
	struct ss_mysync_interrupted swap; /* what was found */
	int swap_recovered;        /* -y completed it */
	char *sanitize;            /* the alias's sanitize policy in words; NULL: none */
	int sanitize_required;
};

/* Where the password comes from, for display ("environment variable 'X'"), or NULL. */
const char *status_password_kind(const struct ss_db *db);
const char *status_password_detail(const struct ss_db *db);

/* Nonzero when everything that was checked answered (and no swap is left interrupted). */
int status_ok(const struct status_report *r);

/* Print the report as aligned "key: value" lines / as one JSON object. */
void status_print_text(FILE *out, const struct status_report *r);
void status_print_json(FILE *out, const struct status_report *r);

/* "interrupted sql-sync of <time>, 3 of 9 steps done, ..." for the text and the error. */
char *status_swap_text(const struct status_report *r);

#endif

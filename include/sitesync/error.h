/*
 * sitesync/error.h - exit statuses and the error record library calls fill.
 *
 * Library functions return 0 on success and -1 on failure after filling a
 * caller-provided struct ss_error; they never print.  The message is one
 * line, lowercase, no full stop, naming the thing: "alias '@prd' not found".
 */
#ifndef SITESYNC_ERROR_H
#define SITESYNC_ERROR_H

#include <stdarg.h>

enum ss_status {
	SS_OK = 0,
	SS_FAILED = 1,
	SS_USAGE = 2,
	SS_REFUSED = 3, /* policy, or the user answered no */
	SS_BUSY = 4,    /* another operation holds the target */
};

#define SS_ERROR_MAX 1024

struct ss_error {
	int status;              /* enum ss_status to exit with */
	char msg[SS_ERROR_MAX];
};

/* Fill err (if not NULL) and return -1. */
int ss_error_set(struct ss_error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ss_error_setv(struct ss_error *err, int status, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Put "prefix: " in front of an error already set; returns -1. */
int ss_error_prefix(struct ss_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Fill err with "FILE:LINE:COL: message" (SS_FAILED) on one line: control
 * characters (a YAML key may hold a newline) become blanks.  Returns -1.
 */
int ss_error_atv(struct ss_error *err, const char *file, long line, long column,
		 const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

void ss_error_clear(struct ss_error *err);

#endif

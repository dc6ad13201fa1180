/* error.c - filling struct ss_error. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sitesync/error.h>

int ss_error_setv(struct ss_error *err, int status, const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->status = status ? status : SS_FAILED;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -1;
}

int ss_error_set(struct ss_error *err, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ss_error_setv(err, status, fmt, ap);
	va_end(ap);
	return -1;
}

int ss_error_prefix(struct ss_error *err, const char *fmt, ...)
{
	char old[SS_ERROR_MAX];
	size_t len;
	va_list ap;

	if (!err)
		return -1;
	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	if (len + 2 < sizeof(err->msg)) {
		memcpy(err->msg + len, ": ", 3);
		len += 2;
		strncat(err->msg + len, old, sizeof(err->msg) - len - 1);
	}
	if (!err->status)
		err->status = SS_FAILED;
	return -1;
}

void ss_error_clear(struct ss_error *err)
{
	if (err) {
		err->status = SS_OK;
		err->msg[0] = '\0';
	}
}

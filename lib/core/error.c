/* error.c - filling struct ss_error. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sitesync/buf.h>
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

int ss_error_atv(struct ss_error *err, const char *file, long line, long column,
		 const char *fmt, va_list ap)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_addf(&b, "%s:%ld:%ld: ", file, line, column);
	ss_buf_vaddf(&b, fmt, ap);
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20)
			b.data[i] = ' ';
	ss_error_set(err, SS_FAILED, "%s", b.data);
	ss_buf_release(&b);
	return -1;
}

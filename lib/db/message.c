/* message.c - client library messages made into one line for an ss_error. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/db/internal.h"

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * Skip what the caller says itself: libpq's "connection to server at
 * "h", port N failed: " / "connection to server on socket "s" failed: "
 * and the severity "FATAL:  " / "ERROR:  ".
 */
static const char *skip_prefixes(const char *line, const char *end)
{
	static const char *const severities[] = { "FATAL:  ", "ERROR:  ", NULL };

	if (starts_with(line, "connection to server ")) {
		const char *p = strstr(line, " failed: ");

		if (p && p < end)
			line = p + strlen(" failed: ");
	}
	for (size_t i = 0; severities[i]; i++)
		if (starts_with(line, severities[i]))
			line += strlen(severities[i]);
	return line;
}

void ss_db_one_line(const char *msg, char *reason, size_t reason_size)
{
	size_t n = 0;

	if (!reason_size)
		return;
	reason[0] = '\0';
	if (!msg)
		msg = "";
	while (*msg) {
		const char *end = strchr(msg, '\n');
		const char *line;
		size_t len;

		if (!end)
			end = msg + strlen(msg);
		line = msg;
		while (line < end && (*line == ' ' || *line == '\t'))
			line++;
		line = skip_prefixes(line, end);
		len = (size_t)(end - line);
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
			len--;
		if (len) {
			if (n && n + 2 < reason_size) {
				memcpy(reason + n, "; ", 2);
				n += 2;
			}
			if (n + len >= reason_size)
				len = reason_size - n - 1;
			memcpy(reason + n, line, len);
			n += len;
			reason[n] = '\0';
		}
		msg = *end ? end + 1 : end;
	}
	if (!n)
		snprintf(reason, reason_size, "unknown error");
}

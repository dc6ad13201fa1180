/* prompt.c - the yes/no question before a destructive command. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sitesync/interrupt.h>
#include <sitesync/safety.h>

#include "lib/core/ctx.h"

/* Read one line from fd into buf (NUL-terminated, newline dropped); -1 at EOF. */
static int read_line(int fd, char *buf, size_t size)
{
	size_t len = 0;
	char c;

	for (;;) {
		ssize_t r = read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return len ? 0 : -1;
		if (c == '\n')
			break;
		if (len + 1 < size)
			buf[len++] = c;
	}
	buf[len] = '\0';
	return 0;
}

/* "y" or "yes", any case, blanks around allowed; anything else is no. */
static int is_yes(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return !strcasecmp(s, "y") || !strcasecmp(s, "yes");
}

int ss_confirm(struct ss_ctx *ctx, const char *question, struct ss_error *err)
{
	char answer[64];
	int fd, yes;

	if (ctx->global.yes) {
		if (!ctx->global.quiet)
			fprintf(ctx->diag, "%s (y/N) yes\n", question);
		return 0;
	}
	if (ctx->global.no) {
		if (!ctx->global.quiet)
			fprintf(ctx->diag, "%s (y/N) no\n", question);
		return ss_error_set(err, SS_REFUSED, "not confirmed: answered no");
	}
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return ss_error_set(err, SS_REFUSED,
				    "not confirmed: no terminal to ask on; run with -y to answer yes");
	fprintf(ctx->diag, "%s (y/N) ", question);
	fflush(ctx->diag);
	ss_debug_stop("prompt");
	yes = read_line(fd, answer, sizeof(answer)) == 0 && is_yes(answer);
	close(fd);
	if (!yes)
		return ss_error_set(err, SS_REFUSED, "not confirmed: answered no");
	return 0;
}

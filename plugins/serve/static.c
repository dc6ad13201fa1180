/*
 * static.c - the web page: plain files from the web directory (index.html
 * at "/"), only names of letters, digits, '-', '_' and '.', never a path
 * below it; a strict Content-Security-Policy (no CDN, nothing inline).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugins/serve/api.h"
#include "plugins/serve/serve.h"

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
};

static const char *type_of(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);

		if (n > e && !strcmp(name + n - e, types[i].ext))
			return types[i].type;
	}
	return NULL;
}

static int plain_name(const char *s)
{
	if (!*s || *s == '.')
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
	       == strlen(s);
}

enum MHD_Result api_static(struct req *r, const char *path)
{
	const char *name = !strcmp(path, "/") ? "index.html" : path + (*path == '/');
	const char *type = type_of(name);
	struct MHD_Response *resp;
	enum MHD_Result ret;
	struct stat st;
	char *file;
	int fd;

	if (!plain_name(name) || !type)
		return reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no such page");
	file = ss_xasprintf("%s/%s", r->sv->web_dir, name);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	free(file);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return reply_error(r, MHD_HTTP_NOT_FOUND, NULL, "no such page");
	}
	resp = MHD_create_response_from_fd((size_t)st.st_size, fd);
	http_headers(resp, type);
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
				"base-uri 'none'; form-action 'self'");
	ret = MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* setup.c - state directory and its lock, listen address, TLS files, web directory, the binary. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugins/serve/serve.h"
#include "plugins/serve/setup.h"

#define PEM_MAX (256 * 1024)

char *setup_default_state(void)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (state && *state == '/')
		return ss_xasprintf("%s/sitesync/serve", state);
	return ss_xasprintf("%s/.local/state/sitesync/serve", home && *home ? home : ".");
}

/* mkdir -p, private. */
static int make_dirs(const char *dir, struct ss_error *err)
{
	char *p = ss_xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; ; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			rc = ss_error_set(err, SS_FAILED, "cannot create state directory '%s': %s", p,
					  strerror(errno));
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

int setup_state(struct serve *sv, const char *dir, int *lock_fd, struct ss_error *err)
{
	char *lock;
	struct stat st;

	if (make_dirs(dir, err) < 0)
		return -1;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return ss_error_set(err, SS_FAILED, "state directory '%s' is not a directory", dir);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return ss_error_set(err, SS_REFUSED, "state directory '%s' is writable by group or "
				    "others (chmod go-w)", dir);
	sv->state_dir = ss_xstrdup(dir);
	lock = ss_xasprintf("%s/serve.lock", dir);
	*lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(lock);
	if (*lock_fd < 0)
		return ss_error_set(err, SS_FAILED, "cannot open the lock of '%s': %s", dir,
				    strerror(errno));
	if (flock(*lock_fd, LOCK_EX | LOCK_NB) < 0)
		return ss_error_set(err, SS_BUSY, "another sitesync serve uses the state directory "
				    "'%s'", dir);
	return 0;
}

static int is_loopback(const struct sockaddr_storage *a)
{
	if (a->ss_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)a)->sin_addr.s_addr) >> 24) == 127;
	if (a->ss_family == AF_INET6) {
		const struct in6_addr *v6 = &((const struct sockaddr_in6 *)a)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(v6) ||
		       (IN6_IS_ADDR_V4MAPPED(v6) && v6->s6_addr[12] == 127);
	}
	return 0;
}

int setup_listen(struct serve *sv, const char *listen, struct ss_error *err)
{
	struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
				  .ai_socktype = SOCK_STREAM }, *res = NULL;
	const char *colon = strrchr(listen, ':');
	char *host;
	int rc;

	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
	    atoi(colon + 1) > 65535)
		return ss_error_set(err, SS_USAGE, "--listen '%s' is not HOST:PORT", listen);
	host = colon == listen ? ss_xstrdup("127.0.0.1")
			       : ss_xstrndup(listen, (size_t)(colon - listen));
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	if (strcmp(host, "localhost"))
		hints.ai_flags |= AI_NUMERICHOST;
	rc = getaddrinfo(host, colon + 1, &hints, &res);
	free(host);
	if (rc != 0 || !res)
		return ss_error_set(err, SS_USAGE, "--listen '%s': %s (use an IP address)", listen,
				    rc ? gai_strerror(rc) : "no address");
	memcpy(&sv->addr, res->ai_addr, res->ai_addrlen);
	sv->addrlen = res->ai_addrlen;
	freeaddrinfo(res);
	sv->listen = ss_xstrdup(listen);
	sv->loopback = is_loopback(&sv->addr);
	return 0;
}

/* A PEM file into *out (owned). */
static int read_pem(const char *path, const char *what, char **out, struct ss_error *err)
{
	struct ss_buf b = SS_BUF_INIT;
	char chunk[4096];
	ssize_t k;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return ss_error_set(err, SS_FAILED, "cannot read TLS %s '%s': %s", what, path,
				    strerror(errno));
	while ((k = read(fd, chunk, sizeof(chunk))) > 0 && b.len < PEM_MAX)
		ss_buf_add(&b, chunk, (size_t)k);
	ss_secret_wipe(chunk, sizeof(chunk));
	close(fd);
	if (k < 0 || !strstr(b.data, "-----BEGIN ")) {
		ss_secret_wipe(b.data, b.len);
		ss_buf_release(&b);
		return ss_error_set(err, SS_FAILED, "TLS %s '%s' is not a PEM file", what, path);
	}
	*out = ss_buf_detach(&b);
	return 0;
}

int setup_tls(struct serve *sv, const char *cert, const char *key, int insecure_http,
	      struct ss_error *err)
{
	if (!cert != !key)
		return ss_error_set(err, SS_USAGE, "--tls-cert and --tls-key go together");
	if (cert)
		return read_pem(cert, "certificate", &sv->tls_cert, err) < 0 ||
		       read_pem(key, "key", &sv->tls_key, err) < 0 ? -1 : 0;
	if (!sv->loopback && !insecure_http)
		return ss_error_set(err, SS_REFUSED, "refusing to serve plain HTTP on '%s', which is "
				    "not a loopback address: tokens would cross the network in clear "
				    "(give --tls-cert and --tls-key, or --insecure-http behind a "
				    "TLS proxy)", sv->listen);
	return 0;
}

static int has_index(const char *dir)
{
	char *f = ss_xasprintf("%s/index.html", dir);
	int ok = access(f, R_OK) == 0;

	free(f);
	return ok;
}

int setup_web_dir(struct serve *sv, const char *given, struct ss_error *err)
{
	const char *candidates[] = { SS_PKGDATADIR "/web", SS_SRCDIR "/share/sitesync/web" };

	if (given) {
		if (!has_index(given))
			return ss_error_set(err, SS_USAGE, "--web-dir '%s' has no index.html", given);
		sv->web_dir = ss_xstrdup(given);
		return 0;
	}
	for (size_t i = 0; i < 2; i++)
		if (has_index(candidates[i])) {
			sv->web_dir = ss_xstrdup(candidates[i]);
			return 0;
		}
	return ss_error_set(err, SS_FAILED, "the web page is not installed (looked in '%s' and "
			    "'%s'; --web-dir names another place)", candidates[0], candidates[1]);
}

int setup_exe(struct serve *sv, struct ss_error *err)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n <= 0)
		return ss_error_set(err, SS_FAILED, "cannot find the sitesync binary: %s",
				    strerror(errno));
	path[n] = '\0';
	sv->exe = ss_xstrdup(path);
	return 0;
}

/* secret.c - database passwords: looked up when needed, wiped after use. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sitesync/alias.h>
#include <sitesync/buf.h>

#define SECRET_MAX 4096

void ss_secret_wipe(void *p, size_t n)
{
	ss_wipe(p, n);
}

void ss_secret_free(char *secret)
{
	if (!secret)
		return;
	ss_secret_wipe(secret, strlen(secret));
	free(secret);
}

static int fail(struct ss_error *err, const struct ss_db *db, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An error naming the alias the db belongs to. */
static int fail(struct ss_error *err, const struct ss_db *db, const char *fmt, ...)
{
	char msg[SS_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (db->alias)
		return ss_error_set(err, SS_FAILED, "alias '%s': %s", db->alias, msg);
	return ss_error_set(err, SS_FAILED, "%s", msg);
}

/* "~/x" -> "$HOME/x"; the caller frees. */
static char *expand_home(const char *path)
{
	const char *home = getenv("HOME");

	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home && *home)
		return ss_xasprintf("%s%s", home, path + 1);
	return ss_xstrdup(path);
}

static int read_first_line(int fd, char **out)
{
	char buf[SECRET_MAX + 1];
	size_t len = 0;
	ssize_t r;

	while (len < SECRET_MAX && (r = read(fd, buf + len, SECRET_MAX - len)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ss_secret_wipe(buf, sizeof(buf));
			return -1;
		}
		len += (size_t)r;
	}
	buf[len] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	*out = ss_xstrdup(buf);
	ss_secret_wipe(buf, sizeof(buf));
	return 0;
}

static int from_file(const struct ss_db *db, char **out, const char **warning,
		     struct ss_error *err)
{
	static _Thread_local char note[SS_ERROR_MAX];
	char *path = expand_home(db->password_file);
	struct stat st;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = fail(err, db, "cannot read password file '%s': %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = fail(err, db, "password file '%s' is not a regular file", path);
		goto out;
	}
	if (read_first_line(fd, out) < 0) {
		rc = fail(err, db, "cannot read password file '%s': %s", path, strerror(errno));
		goto out;
	}
	if (st.st_mode & (S_IRGRP | S_IROTH) && warning) {
		snprintf(note, sizeof(note),
			 "password file '%s' is readable by others (chmod 600 %s)", path, path);
		*warning = note;
	}
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

int ss_db_password(const struct ss_db *db, char **out, const char **warning,
		   struct ss_error *err)
{
	*out = NULL;
	if (warning)
		*warning = NULL;
	if (db->url_password) {
		*out = ss_xstrdup(db->url_password);
		return 0;
	}
	if (db->env_password) {
		*out = ss_xstrdup(db->env_password);
		return 0;
	}
	if (db->password_env) {
		const char *v = getenv(db->password_env);

		if (!v)
			return fail(err, db, "password-env '%s' is not set", db->password_env);
		*out = ss_xstrdup(v);
		return 0;
	}
	if (db->password_file)
		return from_file(db, out, warning, err);
	return 0;
}

/*
 * key.c - the HMAC key of the `hash` rule: from a variable or a file, else
 * random for the run; and the pads the source session keeps (RFC 2104:
 * the key, zero-filled to the 64-byte block of SHA-256, XOR 0x36 and 0x5c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/sanitize/internal.h"

#define BLOCK 64

void ss_san_wipe_string(char *s)
{
	if (!s)
		return;
	ss_wipe(s, strlen(s));
	free(s);
}

static int set_key(struct ss_sanitize *s, const char *value, size_t len, const char *from,
		   struct ss_error *err)
{
	if (!len)
		return ss_error_set(err, SS_FAILED, "the sanitize key from %s is empty", from);
	if (len > SS_SAN_KEY_MAX)
		return ss_error_set(err, SS_FAILED, "the sanitize key from %s is longer than %d"
				    " bytes", from, SS_SAN_KEY_MAX);
	memcpy(s->key, value, len);
	s->keylen = len;
	return 0;
}

static int key_from_file(struct ss_sanitize *s, const char **warning, struct ss_error *err)
{
	static _Thread_local char note[SS_ERROR_MAX];
	const char *home = getenv("HOME");
	char *path, *from, buf[SS_SAN_KEY_MAX + 2];
	struct stat st;
	ssize_t r;
	size_t len = 0;
	int fd, rc = -1;

	if (s->key_file[0] == '~' && home && *home)
		path = ss_xasprintf("%s%s", home, s->key_file + 1);
	else
		path = ss_xstrdup(s->key_file);
	from = ss_xasprintf("file '%s'", path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		ss_error_set(err, SS_FAILED, "cannot read sanitize key file '%s': %s", path,
			     strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ss_error_set(err, SS_FAILED, "sanitize key file '%s' is not a regular file", path);
		goto out;
	}
	while (len < sizeof(buf) - 1 && (r = read(fd, buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ss_error_set(err, SS_FAILED, "cannot read sanitize key file '%s': %s", path,
				     strerror(errno));
			goto out;
		}
		len += (size_t)r;
	}
	buf[len] = '\0';
	len = strcspn(buf, "\r\n");
	rc = set_key(s, buf, len, from, err);
	if (rc == 0 && (st.st_mode & (S_IRGRP | S_IROTH)) && warning) {
		snprintf(note, sizeof(note), "sanitize key file '%s' is readable by others"
			 " (chmod 600 %s)", path, path);
		*warning = note;
	}
out:
	ss_wipe(buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	free(path);
	free(from);
	return rc;
}

int ss_san_load_key(struct ss_sanitize *s, const char **warning, struct ss_error *err)
{
	if (warning)
		*warning = NULL;
	ss_wipe(s->key, sizeof(s->key));
	s->keylen = 0;
	s->key_random = 0;
	if (s->key_env) {
		const char *v = getenv(s->key_env);
		char *from;
		int rc;

		if (!v)
			return ss_error_set(err, SS_FAILED, "sanitize key-env '%s' is not set (%s)",
					    s->key_env, s->key_origin);
		from = ss_xasprintf("environment variable '%s'", s->key_env);
		rc = set_key(s, v, strlen(v), from, err);
		free(from);
		return rc;
	}
	if (s->key_file)
		return key_from_file(s, warning, err);
	s->key_random = 1;
	s->keylen = 32;
	if (getrandom(s->key, s->keylen, 0) != (ssize_t)s->keylen)
		return ss_error_set(err, SS_FAILED, "no random bytes for the sanitize key: %s",
				    strerror(errno));
	return 0;
}

/* The two pads of the key as hex, for the source session. */
void ss_san_key_pads(const struct ss_sanitize *s, char *ipad, char *opad)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < BLOCK; i++) {
		unsigned char k = i < s->keylen ? s->key[i] : 0;
		unsigned char a = k ^ 0x36, b = k ^ 0x5c;

		ipad[2 * i] = hex[a >> 4];
		ipad[2 * i + 1] = hex[a & 15];
		opad[2 * i] = hex[b >> 4];
		opad[2 * i + 1] = hex[b & 15];
	}
	ipad[2 * BLOCK] = opad[2 * BLOCK] = '\0';
}

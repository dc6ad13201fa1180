/*
 * dotenv.c - a project's .env file: KEY=VALUE lines, an optional "export "
 * prefix, '#' comments, 'single' (literal) and "double" (\n \" \\ escapes)
 * quotes.  Lines that are not assignments are skipped.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sitesync/buf.h>

#include "lib/alias/internal.h"

#define DOTENV_MAX (256 * 1024)

static const char *skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.';
}

/* A quoted value starting at p (the quote); *end after the closing quote. */
static void quoted(const char *p, const char **end, struct ss_buf *v)
{
	char q = *p++;

	while (*p && *p != q) {
		if (q == '"' && *p == '\\' && p[1]) {
			p++;
			ss_buf_addc(v, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
			p++;
			continue;
		}
		ss_buf_addc(v, *p++);
	}
	*end = *p ? p + 1 : p;
}

/* An unquoted value: up to " #" or the end of the line, trimmed. */
static void unquoted(const char *p, struct ss_buf *v)
{
	size_t len = 0;

	for (size_t i = 0; p[i]; i++) {
		if (p[i] == '#' && i > 0 && (p[i - 1] == ' ' || p[i - 1] == '\t'))
			break;
		len = i + 1;
	}
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
		len--;
	ss_buf_add(v, p, len);
}

static void parse_line(const char *line, struct ss_dotenv *env)
{
	const char *p = skip_blank(line), *k, *end;
	struct ss_buf v = SS_BUF_INIT;
	size_t klen;

	if (!strncmp(p, "export", 6) && (p[6] == ' ' || p[6] == '\t'))
		p = skip_blank(p + 6);
	k = p;
	while (key_char(*p))
		p++;
	klen = (size_t)(p - k);
	p = skip_blank(p);
	if (!klen || *k == '#' || *p != '=')
		return;
	p = skip_blank(p + 1);
	ss_buf_grow(&v, strlen(p)); /* no realloc: values may be passwords */
	if (*p == '"' || *p == '\'')
		quoted(p, &end, &v);
	else
		unquoted(p, &v);
	env->vars = ss_xrealloc(env->vars, (env->n + 1) * sizeof(*env->vars));
	env->vars[env->n].key = ss_xstrndup(k, klen);
	env->vars[env->n++].value = ss_buf_detach(&v);
}

void ss_dotenv_parse(const char *text, struct ss_dotenv *env)
{
	while (*text) {
		size_t len = strcspn(text, "\n");
		char *line = ss_xstrndup(text, len);

		parse_line(line, env);
		ss_secret_wipe(line, len);
		free(line);
		text += len + (text[len] == '\n');
	}
}

static int read_text(const char *path, struct ss_buf *b, struct ss_error *err)
{
	char chunk[4096];
	struct stat st;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return ss_error_set(err, SS_FAILED, "cannot read '%s': %s", path, strerror(errno));
	/* one allocation, so no stale copy of a password is left behind by realloc */
	if (fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size <= DOTENV_MAX)
		ss_buf_grow(b, (size_t)st.st_size + sizeof(chunk));
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || b->len + (size_t)r > DOTENV_MAX) {
			ss_error_set(err, SS_FAILED, "cannot read '%s': %s", path,
				     r < 0 ? strerror(errno) : "too large");
			close(fd);
			ss_secret_wipe(chunk, sizeof(chunk));
			return -1;
		}
		ss_buf_add(b, chunk, (size_t)r);
	}
	ss_secret_wipe(chunk, sizeof(chunk));
	close(fd);
	return 0;
}

int ss_dotenv_find(const char *dir, struct ss_dotenv *env, struct ss_error *err)
{
	char *d = ss_xstrdup(dir);
	int rc = 0;

	for (;;) {
		char *path = ss_xasprintf("%s/.env", strcmp(d, "/") ? d : "");
		struct stat st;
		char *slash;

		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			struct ss_buf b = SS_BUF_INIT;

			rc = read_text(path, &b, err);
			if (rc == 0) {
				ss_dotenv_parse(b.data, env);
				env->path = path;
				path = NULL;
			}
			ss_secret_wipe(b.data, b.len);
			ss_buf_release(&b);
			free(path);
			break;
		}
		free(path);
		slash = strrchr(d, '/');
		if (!slash || !strcmp(d, "/"))
			break;
		if (slash == d)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(d);
	return rc;
}

const char *ss_dotenv_get(const struct ss_dotenv *env, const char *key)
{
	const char *v = getenv(key);

	if (v)
		return v;
	for (size_t i = env->n; i-- > 0;)
		if (!strcmp(env->vars[i].key, key))
			return env->vars[i].value;
	return NULL;
}

void ss_dotenv_release(struct ss_dotenv *env)
{
	for (size_t i = 0; i < env->n; i++) {
		free(env->vars[i].key);
		ss_secret_wipe(env->vars[i].value, strlen(env->vars[i].value));
		free(env->vars[i].value);
	}
	free(env->vars);
	free(env->path);
	env->vars = NULL;
	env->path = NULL;
	env->n = 0;
}

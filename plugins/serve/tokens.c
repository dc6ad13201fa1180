/* tokens.c - bearer tokens from a file of hashes: parse, look up in constant time, limits, add. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sitesync/buf.h>

#include "plugins/serve/tokens.h"

#define MAX_TOKEN_FILE (1024 * 1024)

static void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* "a,b,c" into a NULL-terminated list; "*" into NULL (all). */
static char **split_list(const char *s, int *all)
{
	char **v = NULL;
	size_t n = 0;

	*all = !strcmp(s, "*");
	if (*all)
		return NULL;
	while (*s) {
		size_t len = strcspn(s, ",");

		if (len) {
			v = ss_xrealloc(v, (n + 2) * sizeof(*v));
			v[n++] = ss_xstrndup(s, len);
			v[n] = NULL;
		}
		s += len + (s[len] == ',');
	}
	return v;
}

static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("._-@", *s)))
			return 0;
	return 1;
}

static void token_release(struct token *t)
{
	free(t->name);
	strv_free(t->sites);
	strv_free(t->directions);
}

static void set_free(struct token_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		token_release(&set->v[i]);
	free(set->v);
	free(set);
}

static int parse_roles(const char *list, unsigned *out, const char *path, int line,
		       struct ss_error *err)
{
	int all;
	char **v = split_list(list, &all);

	*out = 0;
	if (all)
		*out = ~0u;
	for (size_t i = 0; v && v[i]; i++) {
		enum ss_role r;

		if (ss_role_parse(v[i], &r) < 0) {
			ss_error_set(err, SS_FAILED, "%s:%d: unknown role '%s' (production, staging, "
				     "development, local)", path, line, v[i]);
			strv_free(v);
			return -1;
		}
		*out |= 1u << r;
	}
	strv_free(v);
	if (!*out)
		return ss_error_set(err, SS_FAILED, "%s:%d: roles= names no role", path, line);
	return 0;
}

static int check_directions(char **v, const char *path, int line, struct ss_error *err)
{
	for (size_t i = 0; v && v[i]; i++) {
		const char *gt = strchr(v[i], '>');

		if (!gt || gt == v[i] || !gt[1] || strchr(gt + 1, '>'))
			return ss_error_set(err, SS_FAILED, "%s:%d: direction '%s' is not FROM>TO",
					    path, line, v[i]);
	}
	return 0;
}

/* One "key=value" word of a line into tok. */
static int parse_limit(struct token *tok, const char *word, int *have_sites, const char *path,
		       int line, struct ss_error *err)
{
	int all;

	if (!strncmp(word, "sites=", 6)) {
		tok->sites = split_list(word + 6, &all);
		if (!all && !tok->sites)
			return ss_error_set(err, SS_FAILED, "%s:%d: sites= names no site", path, line);
		*have_sites = 1;
		return 0;
	}
	if (!strncmp(word, "roles=", 6))
		return parse_roles(word + 6, &tok->roles, path, line, err);
	if (!strncmp(word, "directions=", 11)) {
		tok->directions = split_list(word + 11, &all);
		if (!all && !tok->directions)
			return ss_error_set(err, SS_FAILED, "%s:%d: directions= names none", path, line);
		return check_directions(tok->directions, path, line, err);
	}
	return ss_error_set(err, SS_FAILED, "%s:%d: unknown field '%.*s' (sites=, roles=, "
			    "directions=)", path, line, (int)strcspn(word, "="), word);
}

/* One line: NAME sha256:HEX limits... */
static int parse_line(char *text, struct token *tok, const char *path, int line,
		      struct ss_error *err)
{
	char *save = NULL, *w;
	int have_sites = 0;

	memset(tok, 0, sizeof(*tok));
	tok->roles = ~0u;
	w = strtok_r(text, " \t", &save);
	if (!valid_name(w))
		return ss_error_set(err, SS_FAILED, "%s:%d: token name '%s' is not letters, digits, "
				    "'.', '_', '-' or '@'", path, line, w);
	tok->name = ss_xstrdup(w);
	w = strtok_r(NULL, " \t", &save);
	if (!w || strncmp(w, "sha256:", 7) || serve_unhex32(w + 7, tok->hash) < 0)
		return ss_error_set(err, SS_FAILED, "%s:%d: token '%s': the second field must be "
				    "sha256: and 64 hex digits (the hash, never the token)", path,
				    line, tok->name);
	while ((w = strtok_r(NULL, " \t", &save)))
		if (parse_limit(tok, w, &have_sites, path, line, err) < 0)
			return -1;
	if (!have_sites)
		return ss_error_set(err, SS_FAILED, "%s:%d: token '%s' has no sites= (use sites=* "
				    "for all)", path, line, tok->name);
	return 0;
}

int token_set_parse(const char *path, const char *text, struct token_set **out,
		    struct ss_error *err)
{
	struct token_set *set = ss_xcalloc(1, sizeof(*set));
	char *copy = ss_xstrdup(text), *p = copy;
	int line = 0;

	*out = NULL;
	while (p && *p) {
		char *nl = strchr(p, '\n'), *hash;

		line++;
		if (nl)
			*nl = '\0';
		if ((hash = strchr(p, '#')))
			*hash = '\0';
		p[strcspn(p, "\r")] = '\0';
		if (p[strspn(p, " \t")]) {
			set->v = ss_xrealloc(set->v, (set->n + 1) * sizeof(*set->v));
			if (parse_line(p, &set->v[set->n++], path, line, err) < 0)
				goto fail;
			for (size_t i = 0; i + 1 < set->n; i++)
				if (!strcmp(set->v[i].name, set->v[set->n - 1].name)) {
					ss_error_set(err, SS_FAILED, "%s:%d: token '%s' is there twice",
						     path, line, set->v[i].name);
					goto fail;
				}
		}
		p = nl ? nl + 1 : NULL;
	}
	free(copy);
	*out = set;
	return 0;
fail:
	free(copy);
	set_free(set);
	return -1;
}

/* Read the file (refusing one others may write) and parse it. */
static int load(struct tokens *t, struct token_set **out, struct stat *st, struct ss_error *err)
{
	struct ss_buf text = SS_BUF_INIT;
	char chunk[4096];
	ssize_t k;
	int fd, rc;

	fd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ss_error_set(err, SS_FAILED, "cannot read token file '%s': %s", t->path,
				    strerror(errno));
	if (fstat(fd, st) < 0 || (st->st_mode & (S_IWGRP | S_IWOTH))) {
		close(fd);
		return ss_error_set(err, SS_REFUSED, "token file '%s' is writable by group or "
				    "others (chmod go-w)", t->path);
	}
	while ((k = read(fd, chunk, sizeof(chunk))) > 0 && text.len < MAX_TOKEN_FILE)
		ss_buf_add(&text, chunk, (size_t)k);
	close(fd);
	if (k < 0 || text.len >= MAX_TOKEN_FILE) {
		ss_buf_release(&text);
		return ss_error_set(err, SS_FAILED, "cannot read token file '%s': %s", t->path,
				    k < 0 ? strerror(errno) : "larger than 1 MB");
	}
	rc = token_set_parse(t->path, text.data ? text.data : "", out, err);
	ss_buf_release(&text);
	return rc;
}

static void remember(struct tokens *t, const struct stat *st)
{
	t->mtime = st->st_mtim.tv_sec;
	t->mtime_ns = st->st_mtim.tv_nsec;
	t->ino = st->st_ino;
	t->size = st->st_size;
}

int tokens_open(const char *path, struct tokens **out, struct ss_error *err)
{
	struct tokens *t = ss_xcalloc(1, sizeof(*t));
	struct stat st;

	t->path = ss_xstrdup(path);
	pthread_mutex_init(&t->lock, NULL);
	if (load(t, &t->cur, &st, err) < 0) {
		tokens_free(t);
		return -1;
	}
	t->cur->refs = 1;
	remember(t, &st);
	*out = t;
	return 0;
}

void tokens_free(struct tokens *t)
{
	if (!t)
		return;
	set_free(t->cur);
	pthread_mutex_destroy(&t->lock);
	free(t->path);
	free(t);
}

static int changed(const struct tokens *t, const struct stat *st)
{
	return st->st_mtim.tv_sec != t->mtime || st->st_mtim.tv_nsec != t->mtime_ns ||
	       st->st_ino != t->ino || st->st_size != t->size;
}

struct token_set *tokens_acquire(struct tokens *t)
{
	struct token_set *set, *fresh = NULL, *old = NULL;
	struct ss_error err;
	struct stat st;

	if (stat(t->path, &st) == 0) {
		pthread_mutex_lock(&t->lock);
		int differs = changed(t, &st);

		pthread_mutex_unlock(&t->lock);
		if (differs && load(t, &fresh, &st, &err) < 0)
			fresh = NULL;
	}
	pthread_mutex_lock(&t->lock);
	if (fresh) {
		fresh->refs = 1;
		old = t->cur;
		t->cur = fresh;
		remember(t, &st);
		if (--old->refs > 0)
			old = NULL;
	}
	set = t->cur;
	set->refs++;
	pthread_mutex_unlock(&t->lock);
	set_free(old);
	return set;
}

void tokens_release(struct tokens *t, struct token_set *set)
{
	int last;

	pthread_mutex_lock(&t->lock);
	last = --set->refs == 0;
	pthread_mutex_unlock(&t->lock);
	if (last)
		set_free(set);
}

const struct token *token_set_find(const struct token_set *set, const char *presented)
{
	unsigned char h[SERVE_SHA256_LEN];
	const struct token *found = NULL;

	if (!presented || !*presented || serve_sha256(presented, strlen(presented), h) < 0)
		return NULL;
	/* every entry is compared, so the time says nothing about which matched */
	for (size_t i = 0; i < set->n; i++)
		if (serve_equal_ct(h, set->v[i].hash, sizeof(h)) && !found)
			found = &set->v[i];
	return found;
}

int token_allows_site(const struct token *tok, const char *site)
{
	if (!tok->sites)
		return 1;
	for (size_t i = 0; tok->sites[i]; i++)
		if (!strcmp(tok->sites[i], site))
			return 1;
	return 0;
}

static int side_matches(const char *pattern, size_t len, const char *name)
{
	return (len == 1 && *pattern == '*') || (strlen(name) == len && !strncmp(pattern, name, len));
}

int token_allows(const struct token *tok, const char *site, const char *from, const char *to,
		 enum ss_role to_role)
{
	if (!token_allows_site(tok, site) || !(tok->roles & (1u << to_role)))
		return 0;
	if (!tok->directions)
		return 1;
	for (size_t i = 0; tok->directions[i]; i++) {
		const char *d = tok->directions[i], *gt = strchr(d, '>');

		if (side_matches(d, (size_t)(gt - d), from) && side_matches(gt + 1, strlen(gt + 1), to))
			return 1;
	}
	return 0;
}

/* The line for a new token, checked by parsing it back. */
static int new_line(const char *path, const char *name, const char *sites, const char *roles,
		    const char *directions, const char *token, struct ss_buf *line,
		    struct ss_error *err)
{
	unsigned char h[SERVE_SHA256_LEN];
	char hex[SERVE_SHA256_HEX];
	struct token_set *check;

	if (serve_sha256(token, strlen(token), h) < 0)
		return ss_error_set(err, SS_FAILED, "cannot hash the new token");
	serve_hex(h, sizeof(h), hex);
	ss_buf_addf(line, "%s sha256:%s sites=%s", name, hex, sites);
	if (roles)
		ss_buf_addf(line, " roles=%s", roles);
	if (directions)
		ss_buf_addf(line, " directions=%s", directions);
	ss_buf_addc(line, '\n');
	if (strpbrk(sites, " \t#") || (roles && strpbrk(roles, " \t#")) ||
	    (directions && strpbrk(directions, " \t#")))
		return ss_error_set(err, SS_USAGE, "token limits are comma lists without blanks");
	if (token_set_parse(path, line->data, &check, err) < 0)
		return -1;
	set_free(check);
	return 0;
}

int tokens_add(const char *path, const char *name, const char *sites, const char *roles,
	       const char *directions, char **token, struct ss_error *err)
{
	struct ss_buf line = SS_BUF_INIT;
	struct tokens *existing;
	int fd, rc = -1, taken = 0;

	*token = NULL;
	if (!valid_name(name))
		return ss_error_set(err, SS_USAGE, "token name '%s' is not letters, digits, '.', "
				    "'_', '-' or '@'", name);
	if (access(path, F_OK) == 0) {
		if (tokens_open(path, &existing, err) < 0)
			return -1;
		for (size_t i = 0; i < existing->cur->n; i++)
			taken |= !strcmp(existing->cur->v[i].name, name);
		tokens_free(existing);
		if (taken)
			return ss_error_set(err, SS_USAGE, "token '%s' is already in '%s'", name, path);
	}
	*token = serve_new_token();
	if (!*token)
		return ss_error_set(err, SS_FAILED, "cannot make a random token");
	if (new_line(path, name, sites, roles, directions, *token, &line, err) < 0)
		goto out;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, line.data, line.len) != (ssize_t)line.len) {
		ss_error_set(err, SS_FAILED, "cannot write token file '%s': %s", path,
			     strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	rc = close(fd) < 0 ? ss_error_set(err, SS_FAILED, "cannot write token file '%s': %s",
					  path, strerror(errno)) : 0;
out:
	ss_buf_release(&line);
	if (rc < 0) {
		ss_secret_free(*token);
		*token = NULL;
	}
	return rc;
}

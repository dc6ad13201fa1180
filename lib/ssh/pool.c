/* pool.c - one SSH session per (ctx, alias) per run, and their cleanup. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sitesync/buf.h>
#include <sitesync/context.h>

#include "lib/core/ctx.h"
#include "lib/ssh/internal.h"

static struct ss_ssh *pool;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int exit_handler_set;

static void free_session(struct ss_ssh *s)
{
	struct ss_tunnel *t = s->tunnels, *next;

	for (; t; t = next) {
		next = ss_tunnel_next(t);
		ss_tunnel_close(t);
	}
	if (s->session) {
		ssh_disconnect(s->session);
		ssh_free(s->session);
	}
	pthread_mutex_destroy(&s->lock);
	free(s->alias);
	free(s->banner);
	free(s->auth_method);
	free(s->where);
	free(s);
}

/* Release the sessions of owner, or of every owner when owner is NULL. */
static void release(const void *owner)
{
	struct ss_ssh **p, *s, *mine = NULL;

	pthread_mutex_lock(&pool_lock);
	for (p = &pool; (s = *p);) {
		if (!owner || s->owner == owner) {
			*p = s->next;
			s->next = mine;
			mine = s;
		} else {
			p = &s->next;
		}
	}
	pthread_mutex_unlock(&pool_lock);
	while ((s = mine)) {
		mine = s->next;
		free_session(s);
	}
}

void ss_ssh_pool_release(struct ss_ctx *ctx)
{
	release(ctx);
}

/* The ctx's release: its sessions and tunnels close before the aliases they read. */
static void release_owner(void *ctx)
{
	release(ctx);
}

/* Tunnel sockets and threads must not outlive the process's exit. */
static void release_all(void)
{
	release(NULL);
}

static int owns_any(const void *owner)
{
	for (struct ss_ssh *s = pool; s; s = s->next)
		if (s->owner == owner)
			return 1;
	return 0;
}

static struct ss_ssh *find(const void *owner, const char *alias)
{
	struct ss_ssh *s;

	for (s = pool; s; s = s->next)
		if (s->owner == owner && !strcmp(s->alias, alias))
			break;
	return s;
}

int ss_ssh_session(struct ss_ctx *ctx, const struct ss_alias *alias, struct ss_ssh **out,
		   struct ss_error *err)
{
	struct ss_ssh *s;
	int interactive = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);

	pthread_mutex_lock(&pool_lock);
	s = find(ctx, alias->name);
	if (!exit_handler_set)
		exit_handler_set = atexit(release_all) == 0;
	/* the first session of this ctx ties the ctx's sessions to its end (twice is harmless) */
	if (!s && !owns_any(ctx))
		ss_ctx_on_release(ctx, release_owner, ctx);
	pthread_mutex_unlock(&pool_lock);
	if (s) {
		*out = s;
		return 0;
	}
	s = ss_xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	s->owner = ctx;
	s->alias = ss_xstrdup(alias->name);
	if (ss_ssh_open(alias, interactive, ss_ctx_compress(ctx), s, err) < 0) {
		free_session(s);
		*out = NULL;
		return -1;
	}
	if (ctx)
		ss_debug(ctx, "ssh: %s: %s, authenticated by %s", alias->name, s->banner,
			 s->auth_method);
	pthread_mutex_lock(&pool_lock);
	s->next = pool;
	pool = s;
	pthread_mutex_unlock(&pool_lock);
	*out = s;
	return 0;
}

int ss_ssh_link_bytes(struct ss_ctx *ctx, const struct ss_alias *alias, long long *in,
		      long long *out)
{
	struct ss_ssh *s;

	pthread_mutex_lock(&pool_lock);
	s = find(ctx, alias->name);
	pthread_mutex_unlock(&pool_lock);
	if (!s)
		return -1;
	pthread_mutex_lock(&s->lock);
	*in = (long long)s->socket_counter.in_bytes;
	*out = (long long)s->socket_counter.out_bytes;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

const char *ss_ssh_banner(const struct ss_ssh *s)
{
	return s->banner ? s->banner : "";
}

const char *ss_ssh_auth_method(const struct ss_ssh *s)
{
	return s->auth_method ? s->auth_method : "";
}

const char *ss_ssh_where(const struct ss_ssh *s)
{
	return s->where ? s->where : "";
}

struct ssh_session_struct *ss_ssh_libssh(struct ss_ssh *s)
{
	return s->session;
}

void ss_ssh_lock(struct ss_ssh *s)
{
	pthread_mutex_lock(&s->lock);
}

void ss_ssh_unlock(struct ss_ssh *s)
{
	pthread_mutex_unlock(&s->lock);
	for (struct ss_tunnel *t = s->tunnels; t; t = ss_tunnel_next(t))
		ss_tunnel_wake(t);
}

int ss_ssh_db_endpoint(struct ss_ctx *ctx, const struct ss_alias *alias, char **host, int *port,
		       char **socket, struct ss_error *err)
{
	struct ss_ssh *s;
	struct ss_tunnel *t;
	const char *path;

	*host = *socket = NULL;
	*port = 0;
	if (!alias->has_db)
		return ss_error_set(err, SS_FAILED, "alias '%s' has no database", alias->name);
	if (ss_ssh_session(ctx, alias, &s, err) < 0)
		return -1;
	t = s->tunnels;
	if (!t) {
		if (ss_tunnel_open(s, alias, &t, err) < 0)
			return -1;
		s->tunnels = t;
		if (ctx)
			ss_debug_once(ctx, "ssh: %s: database tunnelled through %s", alias->name, s->where);
	}
	ss_tunnel_endpoint(t, &path, port);
	*socket = ss_xstrdup(path);
	return 0;
}

/*
 * serve.c - `sitesync serve`: sync jobs in the background behind an HTTP
 * API and a web page; `sitesync serve token NAME` adds a token.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugins/serve/http.h"
#include "plugins/serve/runner.h"
#include "plugins/serve/serve.h"
#include "plugins/serve/setup.h"
#include "plugins/serve/store.h"
#include "plugins/serve/tokens.h"
#include "plugins/serve/webhook.h"

static const struct ss_option options[] = {
	{ "listen", 0, SS_OPT_STRING, "HOST:PORT", "where to listen (default 127.0.0.1:8470)" },
	{ "state", 0, SS_OPT_STRING, "DIR", "job store, tokens and serve.yml (default $XDG_STATE_HOME/sitesync/serve)" },
	{ "jobs", 'j', SS_OPT_INT, "N", "jobs running at once, on different targets (default 2)" },
	{ "tokens", 0, SS_OPT_STRING, "FILE", "the token file (default STATE/tokens)" },
	{ "config", 0, SS_OPT_STRING, "FILE", "webhooks per site (default STATE/serve.yml)" },
	{ "tls-cert", 0, SS_OPT_STRING, "FILE", "TLS certificate (PEM)" },
	{ "tls-key", 0, SS_OPT_STRING, "FILE", "TLS private key (PEM)" },
	{ "insecure-http", 0, SS_OPT_FLAG, NULL, "allow plain HTTP on a non-loopback address" },
	{ "web-dir", 0, SS_OPT_STRING, "DIR", "the web page's files (default: installed)" },
	{ "queue-max", 0, SS_OPT_INT, "N", "pending jobs at most; more get 429 (default 100)" },
	{ "sites", 0, SS_OPT_STRING, "LIST", "token: the sites it may use (* for all)" },
	{ "roles", 0, SS_OPT_STRING, "LIST", "token: the target roles it may write" },
	{ "directions", 0, SS_OPT_STRING, "LIST", "token: FROM>TO environments it may sync" },
	{ 0 }
};

static char *state_dir(struct ss_ctx *ctx)
{
	const char *s = ss_opt_str(ctx, "state");

	return s ? ss_xstrdup(s) : setup_default_state();
}

static char *in_state(struct ss_ctx *ctx, const char *opt, const char *dir, const char *name)
{
	const char *s = ss_opt_str(ctx, opt);

	return s ? ss_xstrdup(s) : ss_xasprintf("%s/%s", dir, name);
}

/* sitesync serve token NAME --sites=LIST [--roles=LIST] [--directions=LIST] */
static int add_token(struct ss_ctx *ctx, const char *name)
{
	char *dir = state_dir(ctx), *path = in_state(ctx, "tokens", dir, "tokens"), *token;
	const char *sites = ss_opt_str(ctx, "sites");
	struct ss_error err;
	int rc = SS_OK, lock = -1;
	struct serve sv = { 0 };

	if (!sites) {
		rc = ss_fail(ctx, SS_USAGE, "a token needs --sites=LIST (* for every site)");
	} else if (!ss_opt_str(ctx, "tokens") && setup_state(&sv, dir, &lock, &err) < 0 &&
		   err.status != SS_BUSY) {
		rc = ss_fail_err(ctx, &err);
	} else if (tokens_add(path, name, sites, ss_opt_str(ctx, "roles"),
			      ss_opt_str(ctx, "directions"), &token, &err) < 0) {
		rc = ss_fail_err(ctx, &err);
	} else {
		printf("%s\n", token);
		ss_secret_free(token);
		if (!ss_ctx_global(ctx)->quiet)
			fprintf(stderr, "sitesync: token '%s' added to %s; this is the only time it "
				"is shown\n", name, path);
	}
	if (lock >= 0)
		close(lock);
	free(sv.state_dir);
	free(dir);
	free(path);
	return rc;
}

/* Descriptors 0-2 stay taken, so nothing of ours lands on them (spawn.c relies on it). */
static void keep_std_fds(void)
{
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0)
			break;
}

static int prepare(struct serve *sv, int *lock, struct ss_error *err)
{
	struct ss_ctx *ctx = sv->ctx;
	const char *listen = ss_opt_str(ctx, "listen");
	char *dir = state_dir(ctx);
	long long *recovered;
	size_t n;
	int rc;

	sv->jobs = (int)ss_opt_int(ctx, "jobs", 2);
	sv->queue_max = ss_opt_int(ctx, "queue-max", 100);
	if (sv->jobs < 1 || sv->jobs > 64 || sv->queue_max < 1) {
		free(dir);
		return ss_error_set(err, SS_USAGE, "--jobs must be 1 to 64 and --queue-max at least 1");
	}
	rc = setup_state(sv, dir, lock, err);
	free(dir);
	if (rc < 0 || setup_listen(sv, listen ? listen : "127.0.0.1:8470", err) < 0 ||
	    setup_tls(sv, ss_opt_str(ctx, "tls-cert"), ss_opt_str(ctx, "tls-key"),
		      ss_opt_flag(ctx, "insecure-http"), err) < 0 ||
	    setup_web_dir(sv, ss_opt_str(ctx, "web-dir"), err) < 0 || setup_exe(sv, err) < 0)
		return -1;
	sv->token_path = in_state(ctx, "tokens", sv->state_dir, "tokens");
	sv->config_path = in_state(ctx, "config", sv->state_dir, "serve.yml");
	sv->store_path = ss_xasprintf("%s/jobs.sqlite", sv->state_dir);
	if (access(sv->token_path, F_OK) != 0)
		return ss_error_set(err, SS_USAGE, "no token file '%s': add a token with "
				    "'sitesync serve token NAME --sites=LIST'", sv->token_path);
	if (tokens_open(sv->token_path, &sv->tokens, err) < 0 ||
	    serve_config_load(sv->config_path, &sv->config, err) < 0 ||
	    sites_load(ctx, &sv->sites, err) < 0 ||
	    store_open(sv->store_path, &sv->store, err) < 0 ||
	    store_recover(sv->store, SERVE_STOPPED_REASON, &recovered, &n, err) < 0)
		return -1;
	serve_scrub_load(sv);
	if (n)
		ss_warn(ctx, "%zu job%s that ran when serve stopped marked failed", n,
			n == 1 ? "" : "s");
	/* their webhooks go once the webhook thread runs */
	sv->recovered = recovered;
	sv->nrecovered = n;
	return 0;
}

static int start(struct serve *sv, struct ss_error *err)
{
	sigset_t set;

	/* every thread inherits these blocked; main takes them with sigwait */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (webhooks_start(sv, &sv->webhooks, err) < 0)
		return -1;
	for (size_t i = 0; i < sv->nrecovered; i++)
		webhooks_job_done(sv->webhooks, sv->recovered[i]);
	if (runner_start(sv, &sv->runner, err) < 0 || http_start(sv, &sv->http, err) < 0)
		return -1;
	return 0;
}

static void say_listening(const struct serve *sv)
{
	const char *colon = strrchr(sv->listen, ':');
	char host[128];

	snprintf(host, sizeof(host), "%.*s", colon == sv->listen ? 9 : (int)(colon - sv->listen),
		 colon == sv->listen ? "127.0.0.1" : sv->listen);
	printf("sitesync serve: listening on %s://%s:%d/ (%zu site%s, %d job%s at once, "
	       "state in %s)\n", sv->tls_cert ? "https" : "http", host, http_port(sv->http),
	       sv->sites.n, sv->sites.n == 1 ? "" : "s", sv->jobs, sv->jobs == 1 ? "" : "s",
	       sv->state_dir);
	fflush(stdout);
}

static void wait_for_stop(struct serve *sv)
{
	sigset_t set;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	while (sigwait(&set, &sig) == 0 && sig == SIGHUP)
		ss_info(sv->ctx, "SIGHUP: the token file is read again when it changes; restart "
			"serve to read changed aliases");
	fprintf(stderr, "sitesync serve: stopping (signal %d): running jobs are interrupted\n", sig);
}

/* Stop in order: no new requests, the jobs, the last webhooks, the store. */
static void teardown(struct serve *sv)
{
	atomic_store(&sv->stopping, 1);
	if (sv->store)
		store_wake(sv->store);
	http_stop(sv->http);
	runner_stop(sv->runner);
	webhooks_stop(sv->webhooks);
	store_close(sv->store);
	tokens_free(sv->tokens);
	serve_scrub_release(sv);
	serve_config_release(&sv->config);
	sites_release(&sv->sites);
	free(sv->recovered);
	free(sv->listen);
	free(sv->state_dir);
	free(sv->token_path);
	free(sv->config_path);
	free(sv->store_path);
	free(sv->web_dir);
	free(sv->exe);
	free(sv->tls_cert);
	if (sv->tls_key)
		ss_secret_free(sv->tls_key);
}

static int serve_run(struct ss_ctx *ctx)
{
	struct serve sv = { .ctx = ctx };
	struct ss_error err;
	int lock = -1, rc = SS_OK;

	keep_std_fds();
	if (prepare(&sv, &lock, &err) < 0 || start(&sv, &err) < 0) {
		rc = ss_fail_err(ctx, &err);
	} else {
		say_listening(&sv);
		wait_for_stop(&sv);
	}
	teardown(&sv);
	if (lock >= 0)
		close(lock);
	return rc;
}

static int run(struct ss_ctx *ctx, int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "token"))
		return add_token(ctx, argv[2]);
	if (argc != 1)
		return ss_fail(ctx, SS_USAGE, "serve takes no arguments but 'token NAME'");
	if (ss_opt_str(ctx, "sites") || ss_opt_str(ctx, "roles") || ss_opt_str(ctx, "directions"))
		return ss_fail(ctx, SS_USAGE, "--sites, --roles and --directions are for 'serve token'");
	return serve_run(ctx);
}

static const struct ss_command serve = {
	SITESYNC_COMMAND_HEADER,
	.name = "serve",
	.summary = "run sync jobs in the background behind an HTTP API and a web page",
	.usage = "[--listen HOST:PORT] [--state DIR] [--jobs N] [options]\n"
		 "       token NAME --sites=LIST [--roles=LIST] [--directions=FROM>TO,...]\n\n"
		 "Jobs (a sql-sync, an rsync of %files, or both) run as `sitesync` itself, with\n"
		 "the same policy, lock, shadow and swap, hooks and history as the command\n"
		 "line; they are kept in STATE/jobs.sqlite, so a restart loses none (a job that\n"
		 "ran is marked failed, pending ones run).  The API is under /api/v1 with\n"
		 "bearer tokens from STATE/tokens (hashed; `serve token` adds one and shows it\n"
		 "once); the web page is at /.  Loopback only, unless --tls-cert and --tls-key\n"
		 "(or --insecure-http) are given.  Webhooks per site: STATE/serve.yml.",
	.options = options,
	.run = run,
};

SITESYNC_PLUGIN(serve)

/*
 * test_serve.c - the pure parts of sitesync serve: the token file (parse,
 * limits, lookup by hash), HMAC-SHA256 (RFC 4231) and the webhook
 * signature, the child's event lines, progress and ETA, line splitting of
 * a child's output, and the --progress-fd writer they are read from.
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sitesync/event.h>

#include "plugins/serve/crypto.h"
#include "plugins/serve/events.h"
#include "plugins/serve/tokens.h"
#include "plugins/serve/webhook.h"
#include "tests/unit/unit.h"

/* A well-formed hash (of no token in particular). */
#define HASH_OF_SECRET "sha256:e8cb4d1be8b4b8d1e3c2c01e5bc2eecc3a31d09b9bf8f10c7cb1f8f2e5bb9e29"

static char *hash_line(const char *name, const char *token, const char *limits)
{
	unsigned char h[SERVE_SHA256_LEN];
	char hex[SERVE_SHA256_HEX];

	ck_assert_int_eq(serve_sha256(token, strlen(token), h), 0);
	serve_hex(h, sizeof(h), hex);
	return ss_xasprintf("%s sha256:%s %s\n", name, hex, limits);
}

START_TEST(tokens_parse_and_find)
{
	char *a = hash_line("ci", "tok-ci", "sites=shop,blog roles=staging,development");
	char *b = hash_line("web", "tok-web", "sites=* directions=prod>stage,*>dev");
	char *text = ss_xasprintf("# tokens\n\n%s   %s", a, b);
	struct token_set *set;
	struct ss_error err;
	const struct token *t;

	ck_assert_int_eq(token_set_parse("tokens", text, &set, &err), 0);
	ck_assert_uint_eq(set->n, 2);
	t = token_set_find(set, "tok-ci");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "ci");
	ck_assert_ptr_null(token_set_find(set, "tok-c"));
	ck_assert_ptr_null(token_set_find(set, ""));
	ck_assert_ptr_null(token_set_find(set, NULL));
	ck_assert(token_allows_site(t, "blog"));
	ck_assert(!token_allows_site(t, "other"));
	ck_assert(token_allows(t, "shop", "prod", "stage", SS_ROLE_STAGING));
	ck_assert(!token_allows(t, "shop", "stage", "loc", SS_ROLE_LOCAL));
	t = token_set_find(set, "tok-web");
	ck_assert_str_eq(t->name, "web");
	ck_assert(token_allows_site(t, "anything"));
	ck_assert(token_allows(t, "x", "prod", "stage", SS_ROLE_STAGING));
	ck_assert(token_allows(t, "x", "stage", "dev", SS_ROLE_DEVELOPMENT));
	ck_assert(!token_allows(t, "x", "prod", "loc", SS_ROLE_LOCAL));
	ck_assert(!token_allows(t, "x", "prod", "staging", SS_ROLE_STAGING));
	free(a);
	free(b);
	free(text);
	/* the set is freed by the tokens object in serve; here by hand */
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].name);
		for (size_t k = 0; set->v[i].sites && set->v[i].sites[k]; k++)
			free(set->v[i].sites[k]);
		free(set->v[i].sites);
		for (size_t k = 0; set->v[i].directions && set->v[i].directions[k]; k++)
			free(set->v[i].directions[k]);
		free(set->v[i].directions);
	}
	free(set->v);
	free(set);
}
END_TEST

static void parse_fails(const char *text, const char *msg)
{
	struct token_set *set = NULL;
	struct ss_error err;

	ck_assert_int_eq(token_set_parse("tokens", text, &set, &err), -1);
	ck_assert_ptr_null(set);
	ck_assert_msg(strstr(err.msg, msg), "'%s' not in '%s'", msg, err.msg);
}

START_TEST(tokens_bad_lines)
{
	parse_fails("ci plain-token sites=*\n", "tokens:1: token 'ci': the second field must be sha256:");
	parse_fails("ci sha256:abcd sites=*\n", "64 hex digits");
	parse_fails("\n\nci " HASH_OF_SECRET "\n", "tokens:3: token 'ci' has no sites=");
	parse_fails("ci " HASH_OF_SECRET " sites=* roles=boss\n", "unknown role 'boss'");
	parse_fails("ci " HASH_OF_SECRET " sites=* directions=prod\n", "'prod' is not FROM>TO");
	parse_fails("ci " HASH_OF_SECRET " sites=* colour=red\n", "unknown field 'colour'");
	parse_fails("a;b " HASH_OF_SECRET " sites=*\n", "token name 'a;b'");
	parse_fails("ci " HASH_OF_SECRET " sites=*\nci " HASH_OF_SECRET " sites=*\n",
		    "tokens:2: token 'ci' is there twice");
}
END_TEST

START_TEST(new_tokens_differ)
{
	char *a = serve_new_token(), *b = serve_new_token();

	ck_assert_uint_eq(strlen(a), 48);
	ck_assert(!strncmp(a, "sst_", 4));
	ck_assert_str_ne(a, b);
	ck_assert_uint_eq(strspn(a + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 44);
	free(a);
	free(b);
}
END_TEST

START_TEST(hmac_rfc4231)
{
	char hex[SERVE_SHA256_HEX], *sig;
	unsigned char key[20];

	/* RFC 4231 test case 2 */
	ck_assert_int_eq(serve_hmac_sha256_hex("Jefe", 4, "what do ya want for nothing?", 28, hex), 0);
	ck_assert_str_eq(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	/* test case 1 */
	memset(key, 0x0b, sizeof(key));
	ck_assert_int_eq(serve_hmac_sha256_hex(key, sizeof(key), "Hi There", 8, hex), 0);
	ck_assert_str_eq(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	sig = webhook_signature("Jefe", "what do ya want for nothing?", 28);
	ck_assert_str_eq(sig, "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	free(sig);
	ck_assert(serve_equal_ct((const unsigned char *)"abc", (const unsigned char *)"abc", 3));
	ck_assert(!serve_equal_ct((const unsigned char *)"abc", (const unsigned char *)"abd", 3));
}
END_TEST

START_TEST(child_events)
{
	struct child_event ev;
	struct job_progress p;

	child_event_parse("{\"event\":\"stage\",\"stage\":\"hook\",\"detail\":\"pre-sql-sync: drush cr\"}", &ev);
	ck_assert_int_eq(ev.kind, EV_STAGE);
	ck_assert_str_eq(ev.stage, "hook");
	ck_assert_str_eq(ev.detail, "pre-sql-sync: drush cr");
	child_event_release(&ev);
	child_event_parse("{\"event\":\"progress\",\"bytes\":250,\"bytes_total\":1000,\"rows\":5,"
			  "\"rows_total\":0,\"files\":0,\"files_total\":0,\"seconds\":1.0}", &ev);
	ck_assert_int_eq(ev.kind, EV_PROGRESS);
	events_progress(&ev, 10.0, &p);
	ck_assert(p.percent > 24.99 && p.percent < 25.01);
	ck_assert(p.eta > 29.99 && p.eta < 30.01);
	child_event_release(&ev);
	/* no total: unknown percent and ETA; files when there are no bytes */
	child_event_parse("{\"event\":\"progress\",\"bytes\":5}", &ev);
	events_progress(&ev, 1.0, &p);
	ck_assert(p.percent < 0 && p.eta < 0);
	child_event_release(&ev);
	child_event_parse("{\"event\":\"progress\",\"files\":3,\"files_total\":4}", &ev);
	events_progress(&ev, 3.0, &p);
	ck_assert(p.percent > 74.9 && p.percent < 75.1);
	child_event_release(&ev);
	child_event_parse("{\"event\":\"result\",\"status\":\"failed\",\"rows\":7,\"bytes\":9,"
			  "\"error\":\"interrupted\"}", &ev);
	ck_assert_int_eq(ev.kind, EV_RESULT);
	ck_assert_str_eq(ev.status, "failed");
	ck_assert_str_eq(ev.error, "interrupted");
	ck_assert_int_eq(ev.rows, 7);
	child_event_release(&ev);
	child_event_parse("not json", &ev);
	ck_assert_int_eq(ev.kind, EV_OTHER);
	child_event_parse("{\"event\":\"stage\"}", &ev);
	ck_assert_int_eq(ev.kind, EV_OTHER);
	child_event_release(&ev);
}
END_TEST

struct lines {
	char *got[8];
	int n;
};

static void collect(void *arg, const char *line)
{
	struct lines *l = arg;

	if (l->n < 8)
		l->got[l->n++] = ss_xstrdup(line);
}

START_TEST(lines_split)
{
	struct ss_buf part = SS_BUF_INIT;
	struct lines l = { .n = 0 };
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	ck_assert_int_eq(write(fds[1], "one\ntwo\r\n3 of 9\r4 of 9\rpart", 27), 27);
	ck_assert_int_eq(events_read(fds[0], &part, collect, &l), 0);
	ck_assert_int_eq(l.n, 4);
	ck_assert_str_eq(l.got[0], "one");
	ck_assert_str_eq(l.got[1], "two");
	ck_assert_str_eq(l.got[2], "3 of 9");
	ck_assert_str_eq(l.got[3], "4 of 9");
	ck_assert_int_eq(write(fds[1], "ial", 3), 3);
	close(fds[1]);
	ck_assert_int_eq(events_read(fds[0], &part, collect, &l), 1);
	ck_assert_int_eq(l.n, 5);
	ck_assert_str_eq(l.got[4], "partial");
	close(fds[0]);
	for (int i = 0; i < l.n; i++)
		free(l.got[i]);
	ss_buf_release(&part);
}
END_TEST

START_TEST(progress_fd_writer)
{
	struct ss_event_progress p = { .bytes = 10, .bytes_total = 20, .current = "t\"1" };
	struct ss_error err;
	char buf[1024];
	ssize_t n;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(ss_event_open(1, &err), -1);
	ck_assert_int_eq(err.status, SS_USAGE);
	ck_assert_int_eq(ss_event_open(sv[1], &err), 0);
	ck_assert(ss_event_enabled());
	ss_event_stage("copying", NULL);
	ss_event_progress(&p);
	n = read(sv[0], buf, sizeof(buf) - 1);
	ck_assert(n > 0);
	buf[n] = '\0';
	ck_assert_ptr_nonnull(strstr(buf, "{\"event\":\"stage\",\"stage\":\"copying\",\"detail\":null}\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\"bytes\":10,\"bytes_total\":20"));
	ck_assert_ptr_nonnull(strstr(buf, "\"current\":\"t\\\"1\"}\n"));
	/* the reader gone: no SIGPIPE, the stream stops */
	close(sv[0]);
	ss_event_stage("swapping", NULL);
	ck_assert(!ss_event_enabled());
	close(sv[1]);
}
END_TEST

static Suite *serve_suite(void)
{
	Suite *s = suite_create("serve");
	TCase *tc = tcase_create("serve");

	tcase_add_test(tc, tokens_parse_and_find);
	tcase_add_test(tc, tokens_bad_lines);
	tcase_add_test(tc, new_tokens_differ);
	tcase_add_test(tc, hmac_rfc4231);
	tcase_add_test(tc, child_events);
	tcase_add_test(tc, lines_split);
	tcase_add_test(tc, progress_fd_writer);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(serve_suite)

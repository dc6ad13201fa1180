/* test_safety.c - role policy matrix, history records, lock keys, hooks, prompts. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sitesync/safety.h>

#include "lib/core/ctx.h"
#include "lib/safety/history.h"
#include "lib/safety/lock.h"
#include "tests/unit/unit.h"

/* Assert that got equals the formatted text. */
static void assert_fmt(const char *got, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void assert_fmt(const char *got, const char *fmt, ...)
{
	char want[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	ck_assert_str_eq(got, want);
}

/* An alias built by hand: name, role, and a MySQL db on host/port/name. */
static struct ss_alias make_alias(const char *name, enum ss_role role, int explicit_role,
				  const char *dbhost, int port, const char *dbname)
{
	struct ss_alias a;

	memset(&a, 0, sizeof(a));
	a.name = (char *)name;
	a.file = (char *)"/srv/drush/sites/self.site.yml";
	a.line = 7;
	a.role = role;
	a.role_explicit = explicit_role;
	if (dbname) {
		a.has_db = 1;
		a.db.driver = SS_DB_MYSQL;
		a.db.host = (char *)dbhost;
		a.db.port = port;
		a.db.name = (char *)dbname;
	}
	return a;
}

START_TEST(policy_matrix)
{
	static const char *const names[] = { "@loc", "@dev", "@stage", "@prod" };
	static const char *const other[] = { "@loc2", "@dev2", "@stage2", "@prod2" };
	struct ss_error err;

	/* every source role x every target role, different databases */
	for (int s = SS_ROLE_LOCAL; s <= SS_ROLE_PRODUCTION; s++)
		for (int t = SS_ROLE_LOCAL; t <= SS_ROLE_PRODUCTION; t++) {
			struct ss_alias src = make_alias(names[s], s, 1, "db1", 0, "a");
			struct ss_alias tgt = make_alias(other[t], t, 1, "db2", 0, "b");
			int want_ok = t != SS_ROLE_PRODUCTION && t <= s;
			int rc = ss_policy_check(&src, &tgt, "sql-sync", &err);

			ck_assert_msg((rc == 0) == want_ok, "%s -> %s: rc %d", names[s], other[t], rc);
			if (!want_ok) {
				ck_assert_int_eq(err.status, SS_REFUSED);
				ck_assert_ptr_nonnull(strstr(err.msg, other[t]));
			}
		}
}
END_TEST

START_TEST(policy_messages)
{
	struct ss_alias prod = make_alias("@prod", SS_ROLE_PRODUCTION, 1, "db1", 0, "drupal");
	struct ss_alias prod_inferred = make_alias("@prod", SS_ROLE_PRODUCTION, 0, "db1", 0, "d");
	struct ss_alias dev = make_alias("@dev", SS_ROLE_DEVELOPMENT, 1, "db2", 0, "drupal");
	struct ss_alias stage = make_alias("@stage", SS_ROLE_STAGING, 0, "db3", 0, "drupal");
	struct ss_error err;

	ck_assert_int_eq(ss_policy_check(&dev, &prod, "sql-sync", &err), -1);
	ck_assert_str_eq(err.msg, "refusing to sql-sync into '@prod': it is a production "
				  "environment (role set in /srv/drush/sites/self.site.yml:7)");
	ck_assert_int_eq(ss_policy_check(NULL, &prod_inferred, "sql-drop", &err), -1);
	ck_assert_str_eq(err.msg, "refusing to sql-drop '@prod': it is a production environment "
				  "(role inferred from its name; set role: in "
				  "/srv/drush/sites/self.site.yml)");
	ck_assert_int_eq(ss_policy_check(&dev, &stage, "sql-sync", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "from '@dev' (development"));
	ck_assert_ptr_nonnull(strstr(err.msg, "into '@stage' (staging"));
	ck_assert_int_eq(ss_policy_check(NULL, &dev, "sql-drop", &err), 0);
	ck_assert_int_eq(ss_policy_check(&stage, &dev, "sql-sync", &err), 0);
}
END_TEST

START_TEST(policy_same_database)
{
	struct ss_alias a = make_alias("@a", SS_ROLE_STAGING, 1, "localhost", 0, "drupal");
	struct ss_alias b = make_alias("@self", SS_ROLE_LOCAL, 1, "127.0.0.1", 3306, "drupal");
	struct ss_alias c = make_alias("@c", SS_ROLE_LOCAL, 1, "localhost", 3307, "drupal");
	struct ss_alias d = make_alias("@a", SS_ROLE_LOCAL, 1, "other", 0, "x");
	struct ss_error err;

	ck_assert(ss_same_database(&a, &b));
	ck_assert(!ss_same_database(&a, &c));
	ck_assert(ss_same_database(&a, &d)); /* same alias name */
	ck_assert_int_eq(ss_policy_check(&a, &b, "sql-sync", &err), -1);
	ck_assert_str_eq(err.msg, "refusing to sql-sync '@a' into 'default': they are the same "
				  "database (localhost/drupal)");
	b.db.socket = (char *)"/run/mysqld/mysqld.sock";
	ck_assert(!ss_same_database(&a, &b));
	a.db.socket = (char *)"/run/mysqld/mysqld.sock";
	ck_assert(ss_same_database(&a, &b));
	b.db.driver = SS_DB_PGSQL;
	ck_assert(!ss_same_database(&a, &b));
}
END_TEST

START_TEST(target_where)
{
	struct ss_alias a = make_alias("@self", SS_ROLE_LOCAL, 1, NULL, 0, "drupal");
	struct ss_buf b = SS_BUF_INIT;

	ck_assert_str_eq(ss_target_name(&a), "default");
	ss_target_where(&a, &b);
	ck_assert_str_eq(b.data, "localhost/drupal");
	ss_buf_reset(&b);
	a.db.host = (char *)"db.internal";
	ss_target_where(&a, &b);
	ck_assert_str_eq(b.data, "db.internal/drupal");
	ss_buf_release(&b);
}
END_TEST

START_TEST(history_roundtrip)
{
	struct ss_history_entry e = {
		.command = "sql-sync", .source = "@prod", .target = "default", .status = "failed",
		.bytes = 470000000LL, .rows = 123456, .seconds = 12.5, .started = 1763899260,
		.error = "lost \"connection\"\n\ttab \\ \xc3\xa9\xf0\x9f\x98\x80",
	};
	struct ss_history_entry d;
	struct ss_buf b = SS_BUF_INIT;

	ss_history_encode(&e, "root@web1", 42, &b);
	ck_assert(b.len > 0 && b.data[b.len - 1] == '\n');
	ck_assert_ptr_eq(strchr(b.data, '\n'), b.data + b.len - 1);
	ck_assert_ptr_nonnull(strstr(b.data, "\"started_at\":\"2025-11-23T12:01:00Z\""));
	ck_assert_int_eq(ss_history_decode(b.data, b.len, &d), 0);
	ck_assert_str_eq(d.command, "sql-sync");
	ck_assert_str_eq(d.source, "@prod");
	ck_assert_str_eq(d.target, "default");
	ck_assert_str_eq(d.status, "failed");
	ck_assert_str_eq(d.error, e.error);
	ck_assert_int_eq(d.bytes, 470000000LL);
	ck_assert_int_eq(d.rows, 123456);
	ck_assert_int_eq((long long)d.started, 1763899260LL);
	ck_assert(d.seconds > 12.49 && d.seconds < 12.51);
	ss_history_entry_release(&d);
	ss_buf_release(&b);

	/* what sanitize rules did: kept as written, strings with brackets in them too */
	e.sanitize = "[{\"table\":\"users\",\"column\":\"mail\",\"rule\":\"email\","
		     "\"origin\":\"a ]}[ \\\"b\",\"values\":12}]";
	ss_history_encode(&e, NULL, 0, &b);
	ck_assert_int_eq(ss_history_decode(b.data, b.len, &d), 0);
	ck_assert_str_eq(d.sanitize, e.sanitize);
	ck_assert_str_eq(d.command, "sql-sync");
	ss_history_entry_release(&d);
	ss_buf_release(&b);
	e.sanitize = NULL;

	e.source = NULL;
	e.error = NULL;
	ss_history_encode(&e, NULL, 0, &b);
	ck_assert_ptr_nonnull(strstr(b.data, "\"source\":null"));
	ck_assert_int_eq(ss_history_decode(b.data, b.len, &d), 0);
	ck_assert_ptr_null(d.source);
	ck_assert_ptr_null(d.error);
	ss_history_entry_release(&d);
	ss_buf_release(&b);
}
END_TEST

START_TEST(history_decode_rejects)
{
	static const char *const bad[] = {
		"", "{", "{\"command\":\"x\"}", "{\"command\":\"x\",\"status\":\"ok\"",
		"{\"command\":\"x\",\"status\":\"ok\"} trailing", "[1,2]", "{\"command\":x}",
		"{\"command\":\"\\q\",\"status\":\"ok\"}",
		"{\"command\":\"x\",\"status\":\"ok\",\"sanitize\":[{\"a\":1}}",
		"{\"command\":\"x\",\"status\":\"ok\",\"sanitize\":[\"]}",
	};
	struct ss_history_entry d;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(ss_history_decode(bad[i], strlen(bad[i]), &d) == -1, "%s", bad[i]);
	ck_assert_int_eq(ss_history_decode("{\"command\":\"x\",\"status\":\"ok\"}", 29, &d), 0);
	ss_history_entry_release(&d);
}
END_TEST

START_TEST(history_decode_survives_mutations)
{
	struct ss_history_entry e = {
		.command = "sql-sync", .source = "@prod", .target = "default", .status = "ok",
		.error = "a \"quoted\" \\ \xf0\x9f\x98\x80 \x01", .rows = 1, .bytes = 2,
	};
	struct ss_history_entry d;
	struct ss_buf b = SS_BUF_INIT;
	unsigned seed = 42;

	ss_history_encode(&e, "u@h", 1, &b);
	for (int i = 0; i < 20000; i++) {
		char *m = ss_xstrndup(b.data, b.len);
		size_t len = b.len;

		/* flip, drop or cut a few bytes */
		for (int k = 0; k < 1 + i % 4; k++) {
			size_t at = (seed = seed * 1103515245 + 12345) % len;

			switch (seed >> 16 & 3) {
			case 0: m[at] = (char)(seed >> 8); break;
			case 1: len = at; break;
			default: memmove(m + at, m + at + 1, len - at - 1); len--; break;
			}
			if (!len)
				break;
		}
		if (ss_history_decode(m, len, &d) == 0) {
			ck_assert_ptr_nonnull(d.command);
			ck_assert_ptr_nonnull(d.status);
			ss_history_entry_release(&d);
		}
		free(m);
	}
	ss_buf_release(&b);
}
END_TEST

START_TEST(history_scrubs_passwords)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_history_scrub("cannot connect to mysql://drupal:s3cret@db/x; password=hunter2 ok", &b);
	ck_assert_str_eq(b.data, "cannot connect to mysql://drupal:***@db/x; password=*** ok");
	ss_buf_release(&b);
}
END_TEST

START_TEST(history_file_append_and_load)
{
	char dir[] = "/tmp/test_safety.XXXXXX";
	struct ss_history_entry e = { .command = "sql-drop", .target = "default", .status = "ok" };
	struct ss_history h;
	struct ss_error err;
	struct stat st;
	char *path;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	path = ss_xasprintf("%s/a/b/history.jsonl", dir);
	setenv("SITESYNC_HISTORY", path, 1);
	ck_assert_str_eq(ss_history_path(), path);
	ck_assert_int_eq(ss_history_load(0, &h, &err), 0); /* no file: empty */
	ck_assert_uint_eq(h.n, 0);
	for (int i = 0; i < 30; i++) {
		e.rows = i;
		ck_assert_int_eq(ss_history_append(&e, &err), 0);
	}
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	f = fopen(path, "a");
	fputs("{\"torn\n", f);
	fclose(f);
	e.rows = 30;
	ck_assert_int_eq(ss_history_append(&e, &err), 0);
	ck_assert_int_eq(ss_history_load(20, &h, &err), 0);
	ck_assert_uint_eq(h.n, 20);
	ck_assert_uint_eq(h.nskipped, 1);
	ck_assert_int_eq(h.entries[0].rows, 11);
	ck_assert_int_eq(h.entries[19].rows, 30);
	ss_history_release(&h);
	ck_assert_int_eq(ss_history_load(0, &h, &err), 0);
	ck_assert_uint_eq(h.n, 31);
	ss_history_release(&h);
	unsetenv("SITESYNC_HISTORY");
	setenv("XDG_STATE_HOME", dir, 1);
	free(path);
	path = ss_xasprintf("%s/sitesync/history.jsonl", dir);
	ck_assert_str_eq(ss_history_path(), path);
	free(path);
}
END_TEST

START_TEST(lock_key_is_stable)
{
	/* FNV-1a 64 of "sitesync:" + name; these values must never change */
	ck_assert_int_eq(ss_lock_key("drupal"), -2006561311984538117LL);
	ck_assert_int_eq(ss_lock_key(""), -8363578327536447051LL);
	ck_assert_int_eq(ss_lock_key("a"), -3512467838671746244LL);
	ck_assert(ss_lock_key("drupal") != ss_lock_key("drupal2"));
}
END_TEST

START_TEST(lock_mysql_names)
{
	struct ss_buf b = SS_BUF_INIT;
	char longname[80];

	ss_lock_mysql_name("drupal", &b);
	ck_assert_str_eq(b.data, "sitesync:drupal");
	ss_buf_reset(&b);
	memset(longname, 'x', 64);
	longname[64] = '\0';
	ss_lock_mysql_name(longname, &b);
	ck_assert_uint_le(b.len, 64);
	ck_assert(!strncmp(b.data, "sitesync:", 9));
	ss_buf_release(&b);
}
END_TEST

START_TEST(lock_holder_messages)
{
	struct ss_lock_holder h;
	struct ss_buf b = SS_BUF_INIT;
	time_t now = time(NULL);
	char hhmm[8];
	struct tm tm;

	memset(&h, 0, sizeof(h));
	snprintf(h.app, sizeof(h.app), "sitesync sql-sync (root@web1 pid 123)");
	h.since = now - 60;
	localtime_r(&h.since, &tm);
	strftime(hhmm, sizeof(hhmm), "%H:%M", &tm);
	ss_lock_describe_holder(&h, now, &b);
	assert_fmt(b.data, "sitesync sql-sync held since %s by root@web1 pid 123", hhmm);
	ss_buf_reset(&b);
	h.app[0] = '\0';
	h.id = 42;
	snprintf(h.client, sizeof(h.client), "drupal@localhost");
	ss_lock_describe_holder(&h, now, &b);
	assert_fmt(b.data, "the sitesync lock is held since %s by connection 42 of drupal@localhost",
		   hhmm);
	ss_buf_reset(&b);
	snprintf(h.app, sizeof(h.app), "mysql");
	ss_lock_describe_holder(&h, now, &b);
	assert_fmt(b.data,
		   "the sitesync lock is held since %s by connection 42 of drupal@localhost (mysql)",
		   hhmm);
	ss_buf_release(&b);
}
END_TEST

START_TEST(hooks_run_in_root_with_env)
{
	char dir[] = "/tmp/test_hooks.XXXXXX";
	char *cmds[2], *out, buf[512] = "";
	struct ss_kv env = { (char *)"SITE_ENV", (char *)"it's \"here\"" };
	struct ss_hook hook = { (char *)"post-sql-drop", cmds, 2 };
	struct ss_alias a = make_alias("@dev", SS_ROLE_DEVELOPMENT, 1, NULL, 0, "d");
	struct ss_ctx *ctx = ss_ctx_new();
	struct ss_error err;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("DEV_DB_PASSWORD", "s3cret", 1);
	a.db.password_env = (char *)"DEV_DB_PASSWORD";
	a.root = dir;
	a.env_vars = &env;
	a.nenv_vars = 1;
	a.hooks = &hook;
	a.nhooks = 1;
	cmds[0] = (char *)"printf '%s|%s|%s' \"$(pwd)\" \"$SITE_ENV\" \"${DEV_DB_PASSWORD-unset}\" >out";
	cmds[1] = (char *)"true";
	ck_assert_int_eq(ss_hooks_run(ctx, &a, "post-sql-drop", &err), 0);
	ck_assert_int_eq(ss_hooks_run(ctx, &a, "pre-sql-drop", &err), 0); /* none: ok */
	out = ss_xasprintf("%s/out", dir);
	f = fopen(out, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_fmt(buf, "%s|it's \"here\"|unset", dir);
	ck_assert_str_eq(getenv("DEV_DB_PASSWORD"), "s3cret"); /* ours untouched */

	cmds[0] = (char *)"exit 3";
	cmds[1] = (char *)"touch second";
	ck_assert_int_eq(ss_hooks_run(ctx, &a, "post-sql-drop", &err), -1);
	ck_assert_str_eq(err.msg, "hook post-sql-drop of '@dev' failed: 'exit 3' exited with status 3");
	snprintf(buf, sizeof(buf), "%s/second", dir);
	ck_assert_int_eq(access(buf, F_OK), -1);

	ss_ctx_free(ctx);
	free(out);
}
END_TEST

START_TEST(confirm_yes_and_no)
{
	struct ss_ctx *ctx = ss_ctx_new();
	struct ss_error err;

	ctx->diag = fopen("/dev/null", "w");
	ctx->global.yes = 1;
	ck_assert_int_eq(ss_confirm(ctx, "drop 3 tables in default (localhost/d)?", &err), 0);
	ctx->global.yes = 0;
	ctx->global.no = 1;
	ck_assert_int_eq(ss_confirm(ctx, "drop 3 tables in default (localhost/d)?", &err), -1);
	ck_assert_int_eq(err.status, SS_REFUSED);
	ck_assert_str_eq(err.msg, "not confirmed: answered no");
	fclose(ctx->diag);
	ctx->diag = stderr;
	ss_ctx_free(ctx);
}
END_TEST

static Suite *safety_suite(void)
{
	Suite *s = suite_create("safety");
	TCase *tc = tcase_create("safety");

	tcase_add_test(tc, policy_matrix);
	tcase_add_test(tc, policy_messages);
	tcase_add_test(tc, policy_same_database);
	tcase_add_test(tc, target_where);
	tcase_add_test(tc, history_roundtrip);
	tcase_add_test(tc, history_decode_rejects);
	tcase_add_test(tc, history_decode_survives_mutations);
	tcase_add_test(tc, history_scrubs_passwords);
	tcase_add_test(tc, history_file_append_and_load);
	tcase_add_test(tc, lock_key_is_stable);
	tcase_add_test(tc, lock_mysql_names);
	tcase_add_test(tc, lock_holder_messages);
	tcase_add_test(tc, hooks_run_in_root_with_env);
	tcase_add_test(tc, confirm_yes_and_no);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(safety_suite)

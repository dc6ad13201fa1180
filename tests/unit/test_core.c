/* test_core.c - buffers, JSON writer, suggestions, errors, messages, interrupts. */
#include "config.h"

#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sitesync/buf.h>
#include <sitesync/error.h>
#include <sitesync/format.h>
#include <sitesync/json.h>

#include "lib/core/debug.h"
#include "lib/core/ctx.h"
#include "lib/core/interrupt.h"
#include "lib/core/suggest.h"
#include "lib/core/whoami.h"
#include "tests/unit/unit.h"

START_TEST(buf_grows_and_formats)
{
	struct ss_buf b = SS_BUF_INIT;

	ck_assert_str_eq(b.data, "");
	for (int i = 0; i < 1000; i++)
		ss_buf_addf(&b, "%d,", i);
	ck_assert_uint_eq(b.len, strlen(b.data));
	ck_assert(!strncmp(b.data, "0,1,2,", 6));
	ss_buf_release(&b);
	ck_assert_str_eq(b.data, "");
}
END_TEST

START_TEST(shell_quoting)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_add_shell_quoted(&b, "it's; rm -rf /");
	ck_assert_str_eq(b.data, "'it'\\''s; rm -rf /'");
	ss_buf_release(&b);
}
END_TEST

START_TEST(json_escapes_and_nests)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_json j;

	ss_json_init(&j, &b, 0);
	ss_json_obj_begin(&j);
	ss_json_key(&j, "name");
	ss_json_str(&j, "a\"b\\c\n\x01");
	ss_json_key(&j, "list");
	ss_json_arr_begin(&j);
	ss_json_int(&j, 1);
	ss_json_null(&j);
	ss_json_bool(&j, 1);
	ss_json_arr_end(&j);
	ss_json_key(&j, "empty");
	ss_json_obj_begin(&j);
	ss_json_obj_end(&j);
	ss_json_obj_end(&j);
	ck_assert_str_eq(b.data,
			 "{\"name\":\"a\\\"b\\\\c\\n\\u0001\",\"list\":[1,null,true],\"empty\":{}}");
	ss_buf_release(&b);
}
END_TEST

START_TEST(format_bytes_and_durations)
{
	char b[32];

	ck_assert_str_eq(ss_format_bytes(0, b, sizeof(b)), "0 B");
	ck_assert_str_eq(ss_format_bytes(999, b, sizeof(b)), "999 B");
	ck_assert_str_eq(ss_format_bytes(7000000, b, sizeof(b)), "7.0 MB");
	ck_assert_str_eq(ss_format_bytes(26000000, b, sizeof(b)), "26 MB");
	ck_assert_str_eq(ss_format_bytes(470000000, b, sizeof(b)), "470 MB");
	ck_assert_str_eq(ss_format_bytes(1200000000000LL, b, sizeof(b)), "1.2 TB");
	ck_assert_str_eq(ss_format_duration(0.412, b, sizeof(b)), "0.4s");
	ck_assert_str_eq(ss_format_duration(27, b, sizeof(b)), "27s");
	ck_assert_str_eq(ss_format_duration(185, b, sizeof(b)), "3m05s");
	ck_assert_str_eq(ss_format_duration(3720, b, sizeof(b)), "1h02m");
}
END_TEST

START_TEST(suggest_closest)
{
	const char *names[] = { "sql-sync", "sql-drop", "status", "site-alias", "rsync" };
	struct ss_buf b = SS_BUF_INIT;

	ck_assert_uint_eq(ss_edit_distance("kitten", "sitting"), 3);
	ck_assert_uint_eq(ss_suggest("sql-snyc", names, 5, 3, &b), 1);
	ck_assert_str_eq(b.data, "'sql-sync'");
	ss_buf_reset(&b);
	ck_assert_uint_eq(ss_suggest("zzzzzzzzzz", names, 5, 3, &b), 0);
	ss_buf_release(&b);
}
END_TEST

START_TEST(error_prefix)
{
	struct ss_error e;

	ck_assert_int_eq(ss_error_set(&e, SS_BUSY, "target '%s' is busy", "default"), -1);
	ss_error_prefix(&e, "sql-sync");
	ck_assert_str_eq(e.msg, "sql-sync: target 'default' is busy");
	ck_assert_int_eq(e.status, SS_BUSY);
}
END_TEST

START_TEST(compress_names_and_ctx)
{
	struct ss_ctx *ctx = ss_ctx_new();
	enum ss_compress how = SS_COMPRESS_UNSET;

	ck_assert_int_eq(ss_ctx_compress(ctx), SS_COMPRESS_UNSET);
	ck_assert_int_eq(ss_ctx_compress(NULL), SS_COMPRESS_UNSET);
	ck_assert_int_eq(ss_compress_parse("best", &how), 0);
	ck_assert_int_eq(how, SS_COMPRESS_BEST);
	ck_assert_int_eq(ss_compress_parse("auto", &how), 0);
	ck_assert_int_eq(how, SS_COMPRESS_AUTO);
	ck_assert_int_eq(ss_compress_parse("unset", &how), -1);
	ck_assert_int_eq(ss_compress_parse("max", &how), -1);
	ck_assert_int_eq(ss_compress_parse(NULL, &how), -1);
	ss_ctx_set_compress(ctx, SS_COMPRESS_NONE);
	ck_assert_str_eq(ss_compress_name(ss_ctx_compress(ctx)), "none");
	ck_assert_str_eq(ss_compress_name(SS_COMPRESS_FAST), "fast");
	ss_ctx_free(ctx);
}
END_TEST

START_TEST(whoami_without_user_variables)
{
	struct passwd *pw = getpwuid(geteuid());
	char who[320], want[300];

	unsetenv("USER");
	unsetenv("LOGNAME");
	ss_whoami(who, sizeof(who), 1);
	ck_assert_ptr_nonnull(pw);
	snprintf(want, sizeof(want), "%s@", pw->pw_name);
	ck_assert_msg(!strncmp(who, want, strlen(want)), "got '%s'", who);
	ck_assert(!strchr(who, '.'));
}
END_TEST

static void *stop_at_rename(void *arg)
{
	ss_debug_stop("swap:rename");
	*(volatile int *)arg = 1;
	return NULL;
}

/* The file a stop point writes, read once it is there (10 s at most). */
static int read_stop_file(const char *path, char *line, size_t size)
{
	for (int i = 0; i < 1000; i++) {
		FILE *f = fopen(path, "r");

		if (f) {
			int ok = fgets(line, (int)size, f) != NULL;

			fclose(f);
			return ok;
		}
		usleep(10000);
	}
	return 0;
}

START_TEST(debug_stop_waits_while_its_file_exists)
{
	char dir[] = "/tmp/ss-debug-XXXXXX", path[64], line[128], want[64];
	volatile int passed = 0;
	pthread_t t;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/stop", dir);
	setenv("SITESYNC_DEBUG_STOP", "copy:loaded,swap:rename", 1);
	setenv("SITESYNC_DEBUG_STOP_FILE", path, 1);
	ck_assert(ss_debug_active());
	ss_debug_stop("swap:renam");  /* not listed: goes on */
	ss_debug_stop2("swap", "journal");
	ck_assert_int_ne(access(path, F_OK), 0);
	pthread_create(&t, NULL, stop_at_rename, (void *)&passed);
	ck_assert(read_stop_file(path, line, sizeof(line)));
	snprintf(want, sizeof(want), "swap:rename %ld\n", (long)getpid());
	ck_assert_str_eq(line, want);
	ck_assert_int_eq(passed, 0);
	unlink(path);
	pthread_join(t, NULL);
	ck_assert_int_eq(passed, 1);
	ss_debug_stop("swap:rename");  /* once per process */
	ck_assert_int_ne(access(path, F_OK), 0);
	rmdir(dir);
}
END_TEST

START_TEST(debug_stop_unset_is_inactive)
{
	unsetenv("SITESYNC_DEBUG_STOP");
	ck_assert(!ss_debug_active());
	ss_debug_stop("swap:rename");
}
END_TEST

/* The lines ctx wrote to its diag file, one string. */
static char *diag_text(struct ss_ctx *ctx)
{
	static char text[1024];
	size_t n;

	rewind(ctx->diag);
	n = fread(text, 1, sizeof(text) - 1, ctx->diag);
	text[n] = '\0';
	return text;
}

START_TEST(debug_once_says_each_message_once)
{
	struct ss_ctx *ctx = ss_ctx_new();

	ctx->diag = tmpfile();
	ck_assert_ptr_nonnull(ctx->diag);
	ss_debug_once(ctx, "connecting to '%s'", "@prod");
	ctx->global.debug = 1;
	for (int i = 0; i < 9; i++)
		ss_debug_once(ctx, "connecting to '%s'", i % 2 ? "@prod" : "default");
	ck_assert_str_eq(diag_text(ctx), "sitesync: debug: connecting to 'default'\n"
			 "sitesync: debug: connecting to '@prod'\n");
	ctx->global.debug = 2;
	ss_debug_once(ctx, "connecting to '%s'", "@prod");
	ck_assert_str_eq(diag_text(ctx), "sitesync: debug: connecting to 'default'\n"
			 "sitesync: debug: connecting to '@prod'\n"
			 "sitesync: debug: connecting to '@prod'\n");
	fclose(ctx->diag);
	ss_ctx_free(ctx);
}
END_TEST

START_TEST(no_interrupt_without_a_signal)
{
	ss_interrupt_defer();
	ss_interrupt_defer();
	ss_interrupt_undefer();
	ss_interrupt_undefer();
	ss_interrupt_undefer();
	ck_assert_int_eq(ss_interrupted(), 0);
	ck_assert_int_eq(*ss_interrupt_flag(), 0);
	/* not installed: no descriptor, and a stop point not asked for is passed */
	ck_assert_int_eq(ss_interrupt_fd(), -1);
	unsetenv("SITESYNC_DEBUG_STOP");
	ss_debug_stop("copy");
	setenv("SITESYNC_DEBUG_STOP", "main,prompt", 1);
	ss_debug_stop("copy");
	ss_debug_stop("mai");
	unsetenv("SITESYNC_DEBUG_STOP");
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, buf_grows_and_formats);
	tcase_add_test(tc, shell_quoting);
	tcase_add_test(tc, json_escapes_and_nests);
	tcase_add_test(tc, format_bytes_and_durations);
	tcase_add_test(tc, suggest_closest);
	tcase_add_test(tc, error_prefix);
	tcase_add_test(tc, whoami_without_user_variables);
	tcase_add_test(tc, compress_names_and_ctx);
	tcase_add_test(tc, debug_stop_waits_while_its_file_exists);
	tcase_add_test(tc, debug_stop_unset_is_inactive);
	tcase_add_test(tc, debug_once_says_each_message_once);
	tcase_add_test(tc, no_interrupt_without_a_signal);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(core_suite)

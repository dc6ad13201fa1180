/* test_rsync_tree.c - the pure parts of the native rsync engine: tree order, filters, temp names, quick check, itemise, progress, the posix-rename packet. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/rsync/native.h"
#include "plugins/rsync/progress.h"
#include "plugins/rsync/sftp_pipe.h"
#include "plugins/rsync/tree.h"
#include "tests/unit/unit.h"

static struct tree_entry entry(char type, long long size, time_t sec, long nsec, unsigned mode)
{
	struct tree_entry e;

	memset(&e, 0, sizeof(e));
	e.rel = (char *)"x";
	e.type = type;
	e.size = size;
	e.mtime.tv_sec = sec;
	e.mtime.tv_nsec = nsec;
	e.mode = mode;
	return e;
}

START_TEST(order_puts_contents_after_their_directory)
{
	ck_assert_int_lt(tree_cmp("", "a"), 0);
	ck_assert_int_lt(tree_cmp("a", "a/b"), 0);
	ck_assert_int_lt(tree_cmp("a/b", "a b"), 0);
	ck_assert_int_lt(tree_cmp("a/z", "a-b"), 0);
	ck_assert_int_lt(tree_cmp("a/z", "a0"), 0);
	ck_assert_int_gt(tree_cmp("b", "a/zzz"), 0);
	ck_assert_int_eq(tree_cmp("a/b", "a/b"), 0);
	ck_assert_int_lt(tree_cmp("-dash", "a"), 0);
}
END_TEST

START_TEST(sorted_list_keeps_subtrees_together)
{
	struct tree_list l = { 0 };
	const char *in[] = { "a b", "a/c", "a", "", "a/b/x", "a/b", "a.txt", "a-z" };
	const char *want[] = { "", "a", "a/b", "a/b/x", "a/c", "a b", "a-z", "a.txt" };

	for (size_t i = 0; i < 8; i++)
		tree_list_add(&l, in[i], 'f');
	tree_list_sort(&l);
	for (size_t i = 0; i < 8; i++)
		ck_assert_str_eq(l.v[i].rel, want[i]);
	tree_list_release(&l);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(include_wins_over_exclude)
{
	struct copy_opts o = { 0 };

	o.excludes = "*.cache:c:*.txt:-dash";
	o.includes = "b.txt";
	ck_assert(tree_excluded(&o, "x.cache"));
	ck_assert(tree_excluded(&o, "c"));
	ck_assert(tree_excluded(&o, "a.txt"));
	ck_assert(tree_excluded(&o, "-dash"));
	ck_assert(!tree_excluded(&o, "b.txt"));
	ck_assert(!tree_excluded(&o, "cc"));
	ck_assert(!tree_excluded(&o, "big.bin"));
	o.excludes = "::";
	ck_assert(!tree_excluded(&o, "anything"));
	o.excludes = NULL;
	o.includes = NULL;
	ck_assert(!tree_excluded(&o, "a.txt"));
}
END_TEST

START_TEST(temp_names_sit_beside_the_file)
{
	char *t = tree_temp_name("dir/sub/name.txt", 0);
	char long_name[300];

	ck_assert_str_eq(t, "dir/sub/.name.txt.sitesync-aaaaaa");
	free(t);
	t = tree_temp_name("top", 1);
	ck_assert_str_eq(t, ".top.sitesync-baaaaa");
	free(t);
	t = tree_temp_name("-dash", 61);
	ck_assert_str_eq(t, ".-dash.sitesync-9aaaaa");
	free(t);
	memset(long_name, 'n', 255);
	long_name[255] = 0;
	t = tree_temp_name(long_name, 12345);
	ck_assert_uint_eq(strlen(t), 255);
	ck_assert(!strncmp(t, ".nnn", 4));
	ck_assert(strstr(t, ".sitesync-") == t + 255 - 16);
	free(t);
}
END_TEST

START_TEST(temp_names_are_recognised_exactly)
{
	char *t = tree_temp_name("dir/.htaccess", 987654321);

	ck_assert(tree_is_temp(strrchr(t, '/') + 1));
	free(t);
	ck_assert(tree_is_temp(".a.txt.sitesync-AbC123"));
	ck_assert(tree_is_temp("..sitesync-aaaaaa.sitesync-zzzzzz"));
	ck_assert(!tree_is_temp("..sitesync-aaaaaa"));
	ck_assert(!tree_is_temp("a.txt.sitesync-abcdef"));
	ck_assert(!tree_is_temp(".a.txt.sitesync-abcde"));
	ck_assert(!tree_is_temp(".a.txt.sitesync-abcdefg"));
	ck_assert(!tree_is_temp(".a.txt.sitesync-ab_def"));
	ck_assert(!tree_is_temp(".a.txt.sitesync-abcdef.bak"));
	ck_assert(!tree_is_temp(".a.txt-sitesync-abcdef"));
	ck_assert(!tree_is_temp(""));
}
END_TEST

static void put(struct tree_list *l, const char *rel, char type)
{
	tree_list_add(l, rel, type)->mode = 0755;
}

START_TEST(plan_deletes_extras_after_the_sends)
{
	struct copy_opts o = { 0 };
	struct copy_stats st = { 0 };
	struct nat n = { .o = &o, .st = &st };
	const char *src[] = { "", "a", "a/f", "x", "z" }, *srct = "ddfff";
	const char *dst[] = { "", "a", "a/old", "b", "x", "x/in" }, *dstt = "ddffdf";
	/* the directory x is replaced by a file: its deletion first, in place */
	const char *want[] = { ">f+++++++++ a/f", "*deleting x/in", "*deleting x",
			       ">f+++++++++ x", ">f+++++++++ z", "*deleting a/old", "*deleting b" };
	int replaces[] = { 0, 0, 0, 1, 0, 0, 0 }, extra[] = { 0, 0, 0, 0, 0, 1, 1 };

	o.delete_ = 1;
	for (size_t i = 0; i < 5; i++)
		put(&n.sl, src[i], srct[i]);
	for (size_t i = 0; i < 6; i++)
		put(&n.dl, dst[i], dstt[i]);
	native_plan(&n);
	ck_assert_uint_ge(n.nacts, 7);
	for (size_t i = 0; i < 7; i++) {
		const struct action *a = &n.acts[i];
		char got[64];

		snprintf(got, sizeof(got), "%s %s", a->item, a->s ? a->s->rel : a->d->rel);
		ck_assert_str_eq(got, want[i]);
		ck_assert_int_eq(a->replaces, replaces[i]);
		ck_assert_int_eq(a->extra, extra[i]);
	}
	for (size_t i = 7; i < n.nacts; i++)
		ck_assert_int_eq(n.acts[i].kind, ACT_DIRATTR);
	free(n.acts);
	free(n.dirty);
	tree_list_release(&n.sl);
	tree_list_release(&n.dl);
}
END_TEST

START_TEST(quick_check_by_size_and_mtime)
{
	struct tree_entry s = entry('f', 10, 1000, 500, 0644);
	struct tree_entry d = entry('f', 10, 1000, 500, 0600);

	ck_assert(tree_file_differs(&s, NULL, 0));
	ck_assert(!tree_file_differs(&s, &d, 0));
	d.mtime.tv_nsec = 0;
	ck_assert(tree_file_differs(&s, &d, 0));
	ck_assert(!tree_file_differs(&s, &d, 1));
	d.mtime.tv_sec = 1001;
	ck_assert(tree_file_differs(&s, &d, 1));
	d = entry('f', 11, 1000, 500, 0644);
	ck_assert(tree_file_differs(&s, &d, 1));
	d = entry('l', 10, 1000, 500, 0644);
	ck_assert(tree_file_differs(&s, &d, 0));
}
END_TEST

START_TEST(itemise_like_rsync)
{
	struct tree_entry s = entry('f', 10, 1000, 0, 0644);
	struct tree_entry d = entry('f', 12, 999, 0, 0644);
	char out[12];

	tree_itemise(&s, NULL, 0, out);
	ck_assert_str_eq(out, ">f+++++++++");
	tree_itemise(&s, &d, 0, out);
	ck_assert_str_eq(out, ">f.st......");
	d.size = 10;
	tree_itemise(&s, &d, 0, out);
	ck_assert_str_eq(out, ">f..t......");
	d.mode = 0600;
	d.mtime.tv_sec = 1000;
	tree_itemise(&s, &d, 0, out);
	ck_assert_str_eq(out, ">f...p.....");
	s.type = 'l';
	tree_itemise(&s, NULL, 0, out);
	ck_assert_str_eq(out, "cL+++++++++");
	d.type = 'l';
	tree_itemise(&s, &d, 0, out);
	ck_assert_str_eq(out, "cL.st......");
	s.type = 'd';
	tree_itemise(&s, NULL, 0, out);
	ck_assert_str_eq(out, "cd+++++++++");
	tree_itemise(&s, &d, 0, out);
	ck_assert_str_eq(out, "cd+++++++++");
}
END_TEST

START_TEST(progress_is_silent_off_a_terminal)
{
	struct progress p;
	FILE *f = tmpfile();

	progress_start(&p, f, 2, 100);
	progress_add(&p, 50, 1);
	progress_add(&p, 50, 1);
	progress_clear(&p);
	ck_assert_int_eq(ftell(f), 0);
	ck_assert_int_eq(p.files, 2);
	ck_assert_int_eq(p.bytes, 100);
	fclose(f);
}
END_TEST

START_TEST(messages_stay_on_one_line)
{
	char msg[] = "cannot open 'new\nline\t\x7f': gone";

	tree_one_line(msg);
	ck_assert_str_eq(msg, "cannot open 'new?line?" "?': gone");
}
END_TEST

START_TEST(posix_rename_packet)
{
	static const unsigned char want[] =
		"\0\0\0\x2d" "\xc8" "\0\0\0\x07"
		"\0\0\0\x18" "posix-rename@openssh.com"
		"\0\0\0\x01" "a" "\0\0\0\x03" "b c";
	unsigned char buf[128];
	size_t n = sftp_pipe_rename_packet(buf, sizeof(buf), 7, "a", "b c");

	ck_assert_uint_eq(n, sizeof(want) - 1);
	ck_assert(!memcmp(buf, want, n));
	ck_assert_uint_eq(sftp_pipe_rename_packet(buf, 40, 7, "a", "b c"), 0);
}
END_TEST

static Suite *tree_suite(void)
{
	Suite *s = suite_create("rsync-tree");
	TCase *tc = tcase_create("rsync-tree");

	tcase_add_test(tc, order_puts_contents_after_their_directory);
	tcase_add_test(tc, sorted_list_keeps_subtrees_together);
	tcase_add_test(tc, include_wins_over_exclude);
	tcase_add_test(tc, temp_names_sit_beside_the_file);
	tcase_add_test(tc, temp_names_are_recognised_exactly);
	tcase_add_test(tc, plan_deletes_extras_after_the_sends);
	tcase_add_test(tc, quick_check_by_size_and_mtime);
	tcase_add_test(tc, itemise_like_rsync);
	tcase_add_test(tc, progress_is_silent_off_a_terminal);
	tcase_add_test(tc, posix_rename_packet);
	tcase_add_test(tc, messages_stay_on_one_line);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(tree_suite)

/* test_sync_delta.c - the pure parts of --incremental: chunking, the merge of chunk sums, row sets. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sync/delta.h"
#include "tests/unit/unit.h"

START_TEST(rows_per_chunk_bounds)
{
	ck_assert_int_eq(ss_delta_rows_per_chunk(0), 16);
	ck_assert_int_eq(ss_delta_rows_per_chunk(10), 16);
	ck_assert_int_eq(ss_delta_rows_per_chunk(300), 16);
	ck_assert_int_eq(ss_delta_rows_per_chunk(1500), 5);
	ck_assert_int_eq(ss_delta_rows_per_chunk(1 << 20), 2);
}
END_TEST

START_TEST(range_width_from_a_sample)
{
	/* dense keys: per keys a range */
	ck_assert_int_eq(ss_delta_range_width(27, 999, 1000), 27);
	/* one key in ten used */
	ck_assert_int_eq(ss_delta_range_width(27, 9990, 1000), 270);
	/* denser than one a key (several rows share the leading column) */
	ck_assert_int_eq(ss_delta_range_width(4, 99, 1000), 1);
	/* no sample: per */
	ck_assert_int_eq(ss_delta_range_width(16, 0, 0), 16);
	/* huge spans stay in range */
	ck_assert_int_le(ss_delta_range_width(256, 1LL << 62, 2), 1LL << 61);
}
END_TEST

START_TEST(range_spec_covers_the_keys)
{
	struct ss_delta_spec s;
	int hl, hh;
	long long lo, hi;

	ck_assert_int_eq(ss_delta_spec_range(&s, 1, 600000, 27), 0);
	ck_assert(s.by_range);
	ck_assert_int_eq(s.lo, 1);
	ck_assert_int_eq(s.width, 27);
	ck_assert_int_ge(s.lo + s.n * s.width, 600001);
	ck_assert_int_lt(s.lo + (s.n - 1) * s.width, 600001);
	ss_delta_chunk_bounds(&s, 0, &hl, &lo, &hh, &hi);
	ck_assert(hl && hh);
	ck_assert_int_eq(lo, 1);
	ck_assert_int_eq(hi, 28);
	ss_delta_chunk_bounds(&s, -1, &hl, &lo, &hh, &hi);
	ck_assert(!hl && hh);
	ck_assert_int_eq(hi, 1);
	ss_delta_chunk_bounds(&s, s.n, &hl, &lo, &hh, &hi);
	ck_assert(hl && !hh);
	ck_assert_int_eq(lo, s.lo + s.n * s.width);
	/* negative keys, one row */
	ck_assert_int_eq(ss_delta_spec_range(&s, -50, 49, 2), 0);
	ck_assert_int_eq(s.n, 50);
	ck_assert_int_eq(ss_delta_spec_range(&s, 7, 7, 1), 0);
	ck_assert_int_eq(s.n, 1);
	/* too wide to add up in 64 bits, or upside down */
	ck_assert_int_eq(ss_delta_spec_range(&s, -(1LL << 62), 1LL << 62, 10), -1);
	ck_assert_int_eq(ss_delta_spec_range(&s, 5, 4, 10), -1);
	ck_assert_int_eq(ss_delta_spec_range(&s, 5, 4, 0), -1);
}
END_TEST

START_TEST(hash_spec_buckets)
{
	struct ss_delta_spec s;

	ss_delta_spec_hash(&s, 12000, 3500);
	ck_assert(!s.by_range);
	ck_assert_int_eq(s.n, 6000);
	ss_delta_spec_hash(&s, 16000, 60);
	ck_assert_int_eq(s.n, 1000);
	ss_delta_spec_hash(&s, 0, 0);
	ck_assert_int_eq(s.n, 1);
}
END_TEST

struct stream {
	const struct ss_delta_sum *v;
	size_t n, i;
};

static int next(void *arg, struct ss_delta_sum *out, struct ss_error *err)
{
	struct stream *s = arg;

	(void)err;
	if (s->i == s->n)
		return 0;
	*out = s->v[s->i++];
	return 1;
}

START_TEST(compare_merges_sorted_sums)
{
	static const struct ss_delta_sum a[] = {
		{ -1, 1, "x" }, { 0, 3, "aa" }, { 1, 3, "bb" }, { 2, 3, "cc" }, { 5, 1, "ee" },
	};
	static const struct ss_delta_sum b[] = {
		{ 0, 3, "aa" }, { 1, 3, "bX" }, { 2, 2, "cc" }, { 3, 1, "dd" }, { 5, 1, "ee" },
		{ 9, 4, "zz" },
	};
	struct stream sa = { a, 5, 0 }, sb = { b, 6, 0 };
	struct ss_delta_ids d = { 0 };
	struct ss_error err;
	long long n;

	ck_assert_int_eq(ss_delta_compare(next, &sa, next, &sb, &d, &n, &err), 0);
	ck_assert_int_eq(n, 7);
	ck_assert_uint_eq(d.n, 5);
	ck_assert_int_eq(d.v[0], -1);
	ck_assert_int_eq(d.v[1], 1);
	ck_assert_int_eq(d.v[2], 2);
	ck_assert_int_eq(d.v[3], 3);
	ck_assert_int_eq(d.v[4], 9);
	ss_delta_ids_release(&d);
}
END_TEST

START_TEST(compare_refuses_disorder)
{
	static const struct ss_delta_sum a[] = { { 2, 1, "a" }, { 1, 1, "b" } };
	struct stream sa = { a, 2, 0 }, sb = { NULL, 0, 0 };
	struct ss_delta_ids d = { 0 };
	struct ss_error err;
	long long n;

	ck_assert_int_eq(ss_delta_compare(next, &sa, next, &sb, &d, &n, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "came after"));
	ss_delta_ids_release(&d);
}
END_TEST

START_TEST(pack_is_unambiguous)
{
	const char *f1[] = { "ab", "c" }, *f2[] = { "a", "bc" }, *f3[] = { "", NULL };
	size_t l1[] = { 2, 1 }, l2[] = { 1, 2 }, l3[] = { 0, 0 };
	struct ss_buf a = SS_BUF_INIT, b = SS_BUF_INIT, c = SS_BUF_INIT;
	const char *p;
	size_t n;

	ss_delta_pack(&a, f1, l1, 2);
	ss_delta_pack(&b, f2, l2, 2);
	ss_delta_pack(&c, f3, l3, 2);
	ck_assert(a.len != b.len || memcmp(a.data, b.data, a.len));
	ck_assert_int_eq(ss_delta_unpack(a.data, a.len, 1, &p, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(p[0], 'c');
	ck_assert_int_eq(ss_delta_unpack(c.data, c.len, 0, &p, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(ss_delta_unpack(c.data, c.len, 1, &p, &n), -1);
	ck_assert_int_eq(ss_delta_unpack(a.data, a.len, 2, &p, &n), -1);
	ss_buf_release(&a);
	ss_buf_release(&b);
	ss_buf_release(&c);
}
END_TEST

static void add(struct ss_delta_rows *r, const char *k, const char *h)
{
	const char *f[1] = { k };
	size_t l[1] = { strlen(k) };

	ss_delta_rows_add(r, f, l, 1, h, strlen(h));
}

static int check(struct ss_delta_rows *r, const char *k, const char *h)
{
	const char *f[1] = { k };
	size_t l[1] = { strlen(k) };

	return ss_delta_rows_check(r, f, l, 1, h, strlen(h));
}

START_TEST(rows_find_what_differs)
{
	struct ss_delta_rows *r = ss_delta_rows_new();
	struct ss_delta_keys fetch = SS_DELTA_KEYS_INIT;
	char key[32];
	const char *p, *v;
	size_t off = 0, len, n;
	int seen_new = 0, seen_changed = 0;

	/* enough rows to grow the table several times */
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		add(r, key, "same");
	}
	add(r, "new", "h1");
	add(r, "changed", "h2");
	ck_assert_uint_eq(ss_delta_rows_count(r), 5002);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		ck_assert_int_eq(check(r, key, "same"), 0);
	}
	ck_assert_int_eq(check(r, "changed", "old"), 1);
	ck_assert_int_eq(check(r, "gone", "h3"), 1);
	ss_delta_rows_unmatched(r, &fetch);
	ck_assert_uint_eq(fetch.n, 2);
	while (ss_delta_keys_next(&fetch, &off, &p, &len)) {
		ck_assert_int_eq(ss_delta_unpack(p, len, 0, &v, &n), 0);
		seen_new |= n == 3 && !memcmp(v, "new", 3);
		seen_changed |= n == 7 && !memcmp(v, "changed", 7);
	}
	ck_assert(seen_new && seen_changed);
	/* a key twice is never equal: fetched */
	ss_delta_rows_clear(r);
	add(r, "d", "h");
	add(r, "d", "h");
	ck_assert_int_eq(check(r, "d", "h"), 1);
	ss_delta_keys_reset(&fetch);
	ss_delta_rows_unmatched(r, &fetch);
	ck_assert_uint_eq(fetch.n, 1);
	ss_delta_keys_release(&fetch);
	ss_delta_rows_free(r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sync_delta");
	TCase *tc = tcase_create("delta");

	tcase_add_test(tc, rows_per_chunk_bounds);
	tcase_add_test(tc, range_width_from_a_sample);
	tcase_add_test(tc, range_spec_covers_the_keys);
	tcase_add_test(tc, hash_spec_buckets);
	tcase_add_test(tc, compare_merges_sorted_sums);
	tcase_add_test(tc, compare_refuses_disorder);
	tcase_add_test(tc, pack_is_unambiguous);
	tcase_add_test(tc, rows_find_what_differs);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(suite)

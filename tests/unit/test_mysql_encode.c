/* test_mysql_encode.c - the LOAD DATA row encoder: escaping, NULL, resumption. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mysql/encode.h"
#include "tests/unit/unit.h"

/* Encode one row with an output buffer of cap bytes per call. */
static size_t encode(char **fields, const unsigned long *lengths, unsigned n,
		     size_t cap, char *out)
{
	struct ss_my_encoder e;
	size_t total = 0;

	ss_my_encoder_row(&e, fields, lengths, n);
	while (ss_my_encoder_busy(&e)) {
		size_t w = ss_my_encoder_write(&e, out + total, cap);

		ck_assert_uint_le(w, cap);
		total += w;
	}
	return total;
}

START_TEST(plain_row)
{
	char *f[] = { "1", "abc", "" };
	unsigned long l[] = { 1, 3, 0 };
	char out[64];
	size_t n = encode(f, l, 3, sizeof(out), out);

	ck_assert_uint_eq(n, 7);
	ck_assert(!memcmp(out, "1\tabc\t\n", n));
}
END_TEST

START_TEST(null_and_escapes)
{
	char bin[] = { 'a', '\0', '\t', '\n', '\\', 'N', 'z' };
	char *f[] = { NULL, bin, "\xf0\x9f\x98\x80" };
	unsigned long l[] = { 0, sizeof(bin), 4 };
	const char want[] = "\\N\ta\\0\\t\\n\\\\Nz\t\xf0\x9f\x98\x80\n";
	char out[64];
	size_t n = encode(f, l, 3, sizeof(out), out);

	ck_assert_uint_eq(n, sizeof(want) - 1);
	ck_assert(!memcmp(out, want, n));
	ck_assert_uint_eq(ss_my_encoded_len(bin, sizeof(bin)), 11);
	ck_assert_uint_eq(ss_my_encoded_len(NULL, 0), 2);
}
END_TEST

START_TEST(empty_string_is_not_null)
{
	char *f[] = { "", NULL };
	unsigned long l[] = { 0, 0 };
	char out[16];
	size_t n = encode(f, l, 2, sizeof(out), out);

	ck_assert_uint_eq(n, 4);
	ck_assert(!memcmp(out, "\t\\N\n", 4));
}
END_TEST

/* Decode what LOAD DATA would read back: fields of one line. */
static unsigned decode(const char *in, size_t n, char **vals, size_t *lens, int *nulls)
{
	unsigned k = 0;
	size_t i = 0, len = 0;
	char *cur = malloc(n + 1);

	nulls[0] = 0;
	while (i < n) {
		char c = in[i++];

		if (c == '\\') {
			char d = in[i++];

			switch (d) {
			case 't': cur[len++] = '\t'; break;
			case 'n': cur[len++] = '\n'; break;
			case '0': cur[len++] = '\0'; break;
			case 'N': nulls[k] = 1; break;
			default: cur[len++] = d; break;
			}
		} else if (c == '\t' || c == '\n') {
			vals[k] = malloc(len + 1);
			memcpy(vals[k], cur, len);
			lens[k++] = len;
			len = 0;
			if (c == '\n')
				break;
			nulls[k] = 0;
		} else {
			cur[len++] = c;
		}
	}
	free(cur);
	return k;
}

START_TEST(random_roundtrip_any_buffer_size)
{
	srand(42);
	for (int iter = 0; iter < 2000; iter++) {
		unsigned nf = 1 + rand() % 6;
		char *f[6];
		unsigned long l[6];
		char *vals[6];
		size_t lens[6];
		int nulls[7];
		size_t cap = 3 + rand() % 40, n;
		char *out;

		for (unsigned i = 0; i < nf; i++) {
			if (rand() % 7 == 0) {
				f[i] = NULL;
				l[i] = 0;
				continue;
			}
			l[i] = rand() % 50;
			f[i] = malloc(l[i] + 1);
			for (unsigned long j = 0; j < l[i]; j++) {
				static const char pick[] = { 0, 9, 10, 92, 'N', 'a', (char)0xff, (char)0xf0 };
				f[i][j] = rand() % 3 ? (char)(rand() % 256) : pick[rand() % 8];
			}
		}
		out = malloc(6 * 101 + 8);
		n = encode(f, l, nf, cap, out);
		ck_assert(out[n - 1] == '\n');
		ck_assert_uint_eq(decode(out, n, vals, lens, nulls), nf);
		for (unsigned i = 0; i < nf; i++) {
			if (!f[i]) {
				ck_assert(nulls[i]);
			} else {
				ck_assert(!nulls[i]);
				ck_assert_uint_eq(lens[i], l[i]);
				ck_assert(!memcmp(vals[i], f[i], l[i]));
			}
			free(vals[i]);
			free(f[i]);
		}
		free(out);
	}
}
END_TEST

START_TEST(big_value_through_small_buffer)
{
	size_t big = 1 << 20;
	char *v = malloc(big), *out = malloc(2 * big + 4);
	char *f[] = { v };
	unsigned long l[] = { big };
	size_t n;

	for (size_t i = 0; i < big; i++)
		v[i] = (char)(i % 251);
	n = encode(f, l, 1, 4096, out);
	ck_assert_uint_eq(n, ss_my_encoded_len(v, big) + 1);
	free(v);
	free(out);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("mysql_encode");
	TCase *tc = tcase_create("encode");

	tcase_add_test(tc, plain_row);
	tcase_add_test(tc, null_and_escapes);
	tcase_add_test(tc, empty_string_is_not_null);
	tcase_add_test(tc, random_roundtrip_any_buffer_size);
	tcase_add_test(tc, big_value_through_small_buffer);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(suite)

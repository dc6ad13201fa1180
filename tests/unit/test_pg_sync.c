/* test_pg_sync.c - the pure parts of the PostgreSQL sync: derived names, key ranges, lists, key DDL. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/pg/sync/sync.h"
#include "tests/unit/unit.h"

START_TEST(derived_names)
{
	char *n = ss_pgsync_derived_name("public", SS_PGSYNC_SHADOW_SUFFIX);
	char longname[80];

	ck_assert_str_eq(n, "public__sitesync_shadow");
	ck_assert(ss_pgsync_is_derived_name(n));
	free(n);
	n = ss_pgsync_derived_name("shop", SS_PGSYNC_BACKUP_SUFFIX);
	ck_assert_str_eq(n, "shop__sitesync_backup");
	ck_assert(ss_pgsync_is_derived_name(n));
	free(n);
	ck_assert(!ss_pgsync_is_derived_name("public"));
	ck_assert(!ss_pgsync_is_derived_name("__sitesync_shadowx"));
	/* 63 bytes at most, cut on a character boundary */
	memset(longname, 'a', 45);
	strcpy(longname + 45, "ééé");
	n = ss_pgsync_derived_name(longname, SS_PGSYNC_SHADOW_SUFFIX);
	ck_assert_uint_le(strlen(n), 63);
	ck_assert_str_eq(n + strlen(n) - strlen(SS_PGSYNC_SHADOW_SUFFIX), SS_PGSYNC_SHADOW_SUFFIX);
	ck_assert_int_eq(strncmp(n, longname, 45), 0);
	ck_assert_int_eq((unsigned char)n[45], '_');
	free(n);
}
END_TEST

START_TEST(ranges_split_evenly)
{
	long long b[8];
	int n;

	n = ss_pgsync_split_range(1, 400, 4, b);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(b[0], 100);
	ck_assert_int_eq(b[1], 199);
	ck_assert_int_eq(b[2], 298);
	ck_assert(b[0] < b[1] && b[1] < b[2]);
	/* narrower than asked: fewer ranges, none empty by construction */
	n = ss_pgsync_split_range(5, 7, 8, b);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(b[0], 6);
	ck_assert_int_eq(b[1], 7);
	ck_assert_int_eq(ss_pgsync_split_range(3, 3, 4, b), 1);
	ck_assert_int_eq(ss_pgsync_split_range(1, 100, 1, b), 1);
	ck_assert_int_eq(ss_pgsync_split_range(9, 1, 4, b), 1);
	/* the whole bigint range does not overflow */
	n = ss_pgsync_split_range(-9223372036854775807LL - 1, 9223372036854775807LL, 4, b);
	ck_assert_int_eq(n, 4);
	ck_assert(b[0] < b[1] && b[1] < b[2]);
	ck_assert(b[0] < 0 && b[2] > 0);
}
END_TEST

START_TEST(lists_match_names_and_qualified)
{
	ck_assert(ss_pgsync_match("cache_*", "public", "cache_page"));
	ck_assert(ss_pgsync_match("users, cache_*", "shop", "users"));
	ck_assert(ss_pgsync_match("shop.cache_*", "shop", "cache_x"));
	ck_assert(!ss_pgsync_match("shop.cache_*", "public", "cache_x"));
	ck_assert(ss_pgsync_match("*.log", "audit", "log"));
	ck_assert(!ss_pgsync_match("cache", "public", "cache_page"));
	ck_assert(!ss_pgsync_match(NULL, "public", "x"));
	ck_assert(!ss_pgsync_match("", "public", "x"));
}
END_TEST

START_TEST(keys_as_unique_index_then_constraint)
{
	char *index, *constraint;

	ck_assert_int_eq(ss_pgsync_key_split("\"s\".\"t\"", "t_pkey", "PRIMARY KEY (id)", &index,
					     &constraint), 0);
	ck_assert_str_eq(index, "CREATE UNIQUE INDEX \"t_pkey\" ON \"s\".\"t\" (id);\n");
	ck_assert_str_eq(constraint, "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"t_pkey\" PRIMARY KEY"
			 " USING INDEX \"t_pkey\";\n");
	free(index);
	free(constraint);
	ck_assert_int_eq(ss_pgsync_key_split("\"s\".\"t\"", "u", "UNIQUE (a, \"b)\") INCLUDE (c)",
					     &index, &constraint), 0);
	ck_assert_str_eq(index, "CREATE UNIQUE INDEX \"u\" ON \"s\".\"t\" (a, \"b)\") INCLUDE (c);\n");
	ck_assert(strstr(constraint, " UNIQUE USING INDEX \"u\""));
	free(index);
	free(constraint);
	/* what USING INDEX cannot express is left to ADD CONSTRAINT */
	ck_assert_int_eq(ss_pgsync_key_split("t", "u", "UNIQUE (a) DEFERRABLE", &index,
					     &constraint), -1);
	ck_assert_int_eq(ss_pgsync_key_split("t", "u", "UNIQUE NULLS NOT DISTINCT (a)", &index,
					     &constraint), -1);
	ck_assert_int_eq(ss_pgsync_key_split("t", "p", "PRIMARY KEY (a) WITH (fillfactor='50')",
					     &index, &constraint), -1);
	ck_assert_int_eq(ss_pgsync_key_split("t", "c", "CHECK ((a > 0))", &index, &constraint), -1);
	ck_assert_int_eq(ss_pgsync_key_split("t", "p", "PRIMARY KEY (a", &index, &constraint), -1);
}
END_TEST

START_TEST(extension_names_unmapped)
{
	char *names[] = { "hstore", "gin_trgm_ops", "%", "Mixed Case" };
	char *s = ss_pgsync_unmap("CREATE TABLE s__x.t (a s__x.hstore, b s__x.mytype, c \"s__x\".\"Mixed Case\");"
				  " CREATE INDEX i ON s__x.t USING gin (c s__x.gin_trgm_ops)"
				  " WHERE (c OPERATOR(s__x.%) 'x') AND s__x.hstorex(a)",
				  "s__x", "s", names, 4);

	ck_assert_str_eq(s, "CREATE TABLE s__x.t (a s.hstore, b s__x.mytype, c s.\"Mixed Case\");"
			 " CREATE INDEX i ON s__x.t USING gin (c s.gin_trgm_ops)"
			 " WHERE (c OPERATOR(s.%) 'x') AND s__x.hstorex(a)");
	free(s);
	s = ss_pgsync_unmap("xs__x.hstore", "s__x", "Big S", names, 4);
	ck_assert_str_eq(s, "xs__x.hstore");
	free(s);
	s = ss_pgsync_unmap("s__x.hstore[]", "s__x", "Big S", names, 4);
	ck_assert_str_eq(s, "\"Big S\".hstore[]");
	free(s);
}
END_TEST

static Suite *pg_sync_suite(void)
{
	Suite *s = suite_create("pg_sync");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, derived_names);
	tcase_add_test(tc, ranges_split_evenly);
	tcase_add_test(tc, lists_match_names_and_qualified);
	tcase_add_test(tc, keys_as_unique_index_then_constraint);
	tcase_add_test(tc, extension_names_unmapped);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(pg_sync_suite)

/* test_mysql_ddl.c - shadow DDL: deferred keys, AUTO_INCREMENT, definers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mysql/ddl.h"
#include "tests/unit/unit.h"

START_TEST(defers_secondary_keys_and_fks)
{
	const char *sql =
		"CREATE TABLE `node` (\n"
		"  `nid` int(10) unsigned NOT NULL AUTO_INCREMENT,\n"
		"  `uid` int(11) NOT NULL,\n"
		"  `title` varchar(255) DEFAULT 'KEY x',\n"
		"  `body` text,\n"
		"  PRIMARY KEY (`nid`),\n"
		"  UNIQUE KEY `t` (`title`),\n"
		"  KEY `uid` (`uid`),\n"
		"  FULLTEXT KEY `ft` (`body`),\n"
		"  CONSTRAINT `fk_u` FOREIGN KEY (`uid`) REFERENCES `users` (`uid`) ON DELETE CASCADE,\n"
		"  CONSTRAINT `fk_o` FOREIGN KEY (`uid`) REFERENCES `other`.`users` (`uid`),\n"
		"  CONSTRAINT `chk` CHECK (`uid` >= 0)\n"
		") ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4\n"
		" PARTITION BY HASH (`nid`)";
	struct ss_my_ddl d;
	struct ss_error err;

	ck_assert_int_eq(ss_my_ddl_split(sql, "s", "", "node", &d, &err), 0);
	ck_assert_str_eq(d.create,
		"CREATE TABLE `s`.`node` (\n"
		"  `nid` int(10) unsigned NOT NULL AUTO_INCREMENT,\n"
		"  `uid` int(11) NOT NULL,\n"
		"  `title` varchar(255) DEFAULT 'KEY x',\n"
		"  `body` text,\n"
		"  PRIMARY KEY (`nid`),\n"
		"  FULLTEXT KEY `ft` (`body`),\n"
		"  CONSTRAINT `chk` CHECK (`uid` >= 0)\n"
		") ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4\n"
		" PARTITION BY HASH (`nid`)");
	ck_assert_str_eq(d.adds,
		"ADD UNIQUE KEY `t` (`title`), ADD KEY `uid` (`uid`), "
		"ADD CONSTRAINT `fk_u` FOREIGN KEY (`uid`) REFERENCES `s`.`users` (`uid`) ON DELETE CASCADE, "
		"ADD CONSTRAINT `fk_o` FOREIGN KEY (`uid`) REFERENCES `other`.`users` (`uid`)");
	ss_my_ddl_release(&d);
}
END_TEST

START_TEST(keeps_index_needed_by_auto_increment)
{
	const char *sql =
		"CREATE TABLE `w` (\n"
		"  `a` int NOT NULL,\n"
		"  `id` bigint NOT NULL AUTO_INCREMENT,\n"
		"  PRIMARY KEY (`a`,`id`),\n"
		"  KEY `x` (`a`),\n"
		"  KEY `id` (`id`)\n"
		") ENGINE=InnoDB";
	struct ss_my_ddl d;
	struct ss_error err;

	ck_assert_int_eq(ss_my_ddl_split(sql, "sh", "p_", "w", &d, &err), 0);
	ck_assert_ptr_nonnull(strstr(d.create, "CREATE TABLE `sh`.`p_w` (\n"));
	ck_assert_ptr_nonnull(strstr(d.create, "  KEY `id` (`id`)\n) ENGINE"));
	ck_assert_str_eq(d.adds, "ADD KEY `x` (`a`)");
	ss_my_ddl_release(&d);
}
END_TEST

START_TEST(no_keys_no_alter_and_unique_kept_without_pk)
{
	const char *sql =
		"CREATE TABLE `k` (\n"
		"  `a` int NOT NULL,\n"
		"  UNIQUE KEY `a` (`a`)\n"
		") ENGINE=InnoDB";
	struct ss_my_ddl d;
	struct ss_error err;

	ck_assert_int_eq(ss_my_ddl_split(sql, "s", NULL, "k", &d, &err), 0);
	ck_assert_ptr_null(d.adds);
	ck_assert_ptr_nonnull(strstr(d.create, "UNIQUE KEY `a`"));
	ss_my_ddl_release(&d);
	ck_assert_int_eq(ss_my_ddl_split("CREATE VIEW x", "s", NULL, "k", &d, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "'k'"));
}
END_TEST

START_TEST(current_definer)
{
	char *s = ss_my_ddl_current_definer(
		"CREATE ALGORITHM=UNDEFINED DEFINER=`ro``ot`@`%` SQL SECURITY DEFINER VIEW `v` AS select 1");

	ck_assert_str_eq(s, "CREATE ALGORITHM=UNDEFINED DEFINER=CURRENT_USER SQL SECURITY DEFINER VIEW `v` AS select 1");
	free(s);
	ck_assert_ptr_null(ss_my_ddl_current_definer("CREATE VIEW v AS select 1"));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("mysql_ddl");
	TCase *tc = tcase_create("ddl");

	tcase_add_test(tc, defers_secondary_keys_and_fks);
	tcase_add_test(tc, keeps_index_needed_by_auto_increment);
	tcase_add_test(tc, no_keys_no_alter_and_unique_kept_without_pk);
	tcase_add_test(tc, current_definer);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(suite)

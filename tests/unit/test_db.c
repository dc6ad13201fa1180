/* test_db.c - the pure parts of database connections: quoting, endpoints, messages. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sitesync/db.h>

#include "lib/db/internal.h"
#include "tests/unit/unit.h"

static void check_quote(enum ss_db_driver d, const char *in, const char *want)
{
	char *q = ss_db_quote_ident(d, in);

	ck_assert_ptr_nonnull(q);
	ck_assert_str_eq(q, want);
	free(q);
}

START_TEST(quote_ident_mysql)
{
	check_quote(SS_DB_MYSQL, "users", "`users`");
	check_quote(SS_DB_MYSQL, "a`b", "`a``b`");
	check_quote(SS_DB_MYSQL, "``", "``````");
	check_quote(SS_DB_MYSQL, "x\"y'z", "`x\"y'z`");
	check_quote(SS_DB_MYSQL, "", "``");
	check_quote(SS_DB_MYSQL, "t; DROP TABLE x; --`", "`t; DROP TABLE x; --```");
}
END_TEST

START_TEST(quote_ident_pgsql)
{
	check_quote(SS_DB_PGSQL, "users", "\"users\"");
	check_quote(SS_DB_PGSQL, "a\"b", "\"a\"\"b\"");
	check_quote(SS_DB_PGSQL, "Mixed Case", "\"Mixed Case\"");
	check_quote(SS_DB_PGSQL, "a`b", "\"a`b\"");
	check_quote(SS_DB_PGSQL, "\xc3\xa9t\xc3\xa9", "\"\xc3\xa9t\xc3\xa9\"");
	ck_assert_ptr_null(ss_db_quote_ident(SS_DB_NONE, "x"));
}
END_TEST

/* A minimal alias with a db, as the loader would hand it out. */
static void alias_init(struct ss_alias *a, enum ss_db_driver driver)
{
	memset(a, 0, sizeof(*a));
	a->name = "@t.dev";
	a->file = "/aliases/t.site.yml";
	a->line = 4;
	a->has_db = 1;
	a->db.driver = driver;
	a->db.name = "drupal";
	a->db.user = "drupal";
}

static void check_endpoint(const struct ss_alias *a, const char *host, int port,
			   const char *socket, const char *where)
{
	struct ss_db_endpoint ep;
	struct ss_error err;

	ck_assert_int_eq(ss_db_endpoint_direct(a, &ep, &err), 0);
	if (host)
		ck_assert_str_eq(ep.host, host);
	else
		ck_assert_ptr_null(ep.host);
	if (socket)
		ck_assert_str_eq(ep.socket, socket);
	else
		ck_assert_ptr_null(ep.socket);
	ck_assert_int_eq(ep.port, port);
	ck_assert_str_eq(ep.where, where);
	ss_db_endpoint_release(&ep);
	ck_assert_ptr_null(ep.where);
}

START_TEST(endpoint_mysql)
{
	struct ss_alias a;

	alias_init(&a, SS_DB_MYSQL);
	a.db.host = "127.0.0.1";
	check_endpoint(&a, "127.0.0.1", 3306, NULL, "127.0.0.1:3306");
	a.db.port = 33061;
	check_endpoint(&a, "127.0.0.1", 33061, NULL, "127.0.0.1:33061");
	a.db.host = "::1";
	check_endpoint(&a, "::1", 33061, NULL, "[::1]:33061");
	a.db.host = "localhost";
	check_endpoint(&a, "localhost", 33061, NULL, "localhost:33061");
	a.db.port = 0;
	check_endpoint(&a, NULL, 0, "/run/mysqld/mysqld.sock", "/run/mysqld/mysqld.sock");
	a.db.port = 33061;
	a.db.host = NULL;
	check_endpoint(&a, NULL, 0, "/run/mysqld/mysqld.sock", "/run/mysqld/mysqld.sock");
	a.db.host = "db.internal";
	a.db.socket = "/tmp/my.sock";
	check_endpoint(&a, NULL, 0, "/tmp/my.sock", "/tmp/my.sock");
}
END_TEST

START_TEST(endpoint_pgsql)
{
	struct ss_alias a;

	alias_init(&a, SS_DB_PGSQL);
	check_endpoint(&a, NULL, 5432, "/var/run/postgresql", "/var/run/postgresql/.s.PGSQL.5432");
	a.db.host = "localhost";
	check_endpoint(&a, "localhost", 5432, NULL, "localhost:5432");
	a.db.host = "/tmp/pg/";
	a.db.port = 5499;
	check_endpoint(&a, NULL, 5499, "/tmp/pg/", "/tmp/pg/.s.PGSQL.5499");
	a.db.host = "10.0.0.5";
	a.db.socket = "/run/pg";
	check_endpoint(&a, NULL, 5499, "/run/pg", "/run/pg/.s.PGSQL.5499");
	a.db.socket = NULL;
	check_endpoint(&a, "10.0.0.5", 5499, NULL, "10.0.0.5:5499");
}
END_TEST

/* The db keys of a remote alias describe the database as seen from its host. */
START_TEST(endpoint_remote_as_seen_from_its_host)
{
	struct ss_alias a;

	alias_init(&a, SS_DB_MYSQL);
	a.host = "web.example.com";
	check_endpoint(&a, NULL, 0, "/run/mysqld/mysqld.sock", "/run/mysqld/mysqld.sock");
	a.db.host = "db.internal";
	check_endpoint(&a, "db.internal", 3306, NULL, "db.internal:3306");
}
END_TEST

START_TEST(endpoint_remote_needs_a_tunnel)
{
	struct ss_alias a;
	struct ss_db_endpoint ep;
	struct ss_error err;

	alias_init(&a, SS_DB_MYSQL);
	a.host = "web.example.com";
	a.db.socket = "/run/mysqld/mysqld.sock";
	ck_assert_int_eq(ss_db_endpoint(NULL, &a, &ep, &err), -1);
	ck_assert_str_eq(err.msg, "the database of '@t.dev' on host 'web.example.com' needs an "
				  "ssh tunnel (no context)");
	ck_assert_ptr_null(ep.where);
}
END_TEST

START_TEST(endpoint_errors)
{
	struct ss_alias a;
	struct ss_db_endpoint ep;
	struct ss_error err;

	alias_init(&a, SS_DB_MYSQL);
	a.has_db = 0;
	a.db.driver = SS_DB_NONE;
	ck_assert_int_eq(ss_db_endpoint_direct(&a, &ep, &err), -1);
	ck_assert_str_eq(err.msg, "alias '@t.dev' has no database (no db in /aliases/t.site.yml:4)");
	alias_init(&a, SS_DB_PGSQL);
	a.db.port = 70000;
	ck_assert_int_eq(ss_db_endpoint_direct(&a, &ep, &err), -1);
	ck_assert_str_eq(err.msg, "alias '@t.dev': database port 70000 is out of range");
}
END_TEST

START_TEST(connect_without_db_fails_cleanly)
{
	struct ss_alias a;
	struct ss_conn *conn = (struct ss_conn *)1;
	struct ss_error err;

	alias_init(&a, SS_DB_MYSQL);
	a.has_db = 0;
	a.db.driver = SS_DB_NONE;
	ck_assert_int_eq(ss_db_connect(NULL, &a, NULL, &conn, &err), -1);
	ck_assert_ptr_null(conn);
	ck_assert_int_eq(err.status, SS_FAILED);
	ck_assert(strstr(err.msg, "has no database") != NULL);
}
END_TEST

static void check_line(const char *in, const char *want)
{
	char out[256];

	ss_db_one_line(in, out, sizeof(out));
	ck_assert_str_eq(out, want);
}

START_TEST(messages_one_line)
{
	check_line("Access denied for user 'drupal'@'localhost' (using password: YES)",
		   "Access denied for user 'drupal'@'localhost' (using password: YES)");
	check_line("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  "
		   "password authentication failed for user \"drupal\"\n",
		   "password authentication failed for user \"drupal\"");
	check_line("connection to server on socket \"/tmp/.s.PGSQL.5432\" failed: "
		   "No such file or directory\n\tIs the server running locally?\n",
		   "No such file or directory; Is the server running locally?");
	check_line("FATAL:  database \"nope\" does not exist\n\n",
		   "database \"nope\" does not exist");
	check_line("", "unknown error");
	check_line(NULL, "unknown error");
}
END_TEST

START_TEST(messages_truncate)
{
	char out[8];

	ss_db_one_line("abcdefghijkl\nmnop", out, sizeof(out));
	ck_assert_str_eq(out, "abcdefg");
}
END_TEST

START_TEST(pg_version_string)
{
	char *s = ss_db_pg_version_string(150018);

	ck_assert_str_eq(s, "PostgreSQL 15.18");
	free(s);
	s = ss_db_pg_version_string(90624);
	ck_assert_str_eq(s, "PostgreSQL 9.6.24");
	free(s);
}
END_TEST

static Suite *db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, quote_ident_mysql);
	tcase_add_test(tc, quote_ident_pgsql);
	tcase_add_test(tc, endpoint_mysql);
	tcase_add_test(tc, endpoint_pgsql);
	tcase_add_test(tc, endpoint_remote_as_seen_from_its_host);
	tcase_add_test(tc, endpoint_remote_needs_a_tunnel);
	tcase_add_test(tc, endpoint_errors);
	tcase_add_test(tc, connect_without_db_fails_cleanly);
	tcase_add_test(tc, messages_one_line);
	tcase_add_test(tc, messages_truncate);
	tcase_add_test(tc, pg_version_string);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(db_suite)

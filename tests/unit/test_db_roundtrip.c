/* test_db_roundtrip.c - quoting and exec of ss_conn against a real server. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <mysql.h>

#include <sitesync/buf.h>
#include <sitesync/db.h>

static int ntest, nfail;

static void ok(int cond, const char *what, const char *detail)
{
	ntest++;
	if (!cond)
		nfail++;
	printf("%sok %d - %s%s%s\n", cond ? "" : "not ", ntest, what, cond ? "" : ": ",
	       cond ? "" : detail);
}

/* The one value of a one-row, one-column query; NULL on error.  Caller frees. */
static char *query_value(struct ss_conn *c, const char *sql, size_t *len)
{
	char *out = NULL;

	if (ss_conn_driver(c) == SS_DB_MYSQL) {
		MYSQL *my = ss_conn_mysql(c);
		MYSQL_RES *res;
		MYSQL_ROW row;

		if (mysql_query(my, sql) || !(res = mysql_store_result(my)))
			return NULL;
		if ((row = mysql_fetch_row(res)) && row[0]) {
			*len = mysql_fetch_lengths(res)[0];
			out = ss_xmalloc(*len + 1);
			memcpy(out, row[0], *len);
			out[*len] = '\0';
		}
		mysql_free_result(res);
	} else {
		PGresult *res = PQexec(ss_conn_pg(c), sql);

		if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
			*len = (size_t)PQgetlength(res, 0, 0);
			out = ss_xmalloc(*len + 1);
			memcpy(out, PQgetvalue(res, 0, 0), *len + 1);
		}
		PQclear(res);
	}
	return out;
}

static const char *const idents[] = {
	"plain", "a`b", "a\"b", "sp ace", "semi;colon", "x'y", "back\\slash", "\xc3\xbcn\xc3\xaf" "code",
	"--", "``", "\"\"", "Mixed", NULL
};

static const char *const values[] = {
	"it's", "\\'; DROP TABLE x; --", "\"", "\\", "\n\r\t", "\x1a", "''", "\\\\'\\",
	"\xf0\x9f\x98\x80 emoji", "", "%_", "$$ $a$ ", NULL
};

/* Run an ss_xasprintf()-built statement, freeing it; returns ss_conn_exec's result. */
static int exec_free(struct ss_conn *c, char *sql, struct ss_error *err)
{
	int rc = ss_conn_exec(c, sql, err);

	free(sql);
	return rc;
}

/* Make a table named ident with a column named ident, put every value through it. */
static void roundtrip_ident(struct ss_conn *c, const char *ident, const char *mode)
{
	struct ss_error err = { 0 };
	char *q = ss_conn_quote_ident(c, ident);
	char what[256];
	int good;

	snprintf(what, sizeof(what), "%s: table and column %s, every value", mode, q);
	good = exec_free(c, ss_xasprintf("DROP TABLE IF EXISTS %s", q), &err) == 0 &&
	       exec_free(c, ss_xasprintf("CREATE TABLE %s (%s TEXT)", q, q), &err) == 0;
	for (size_t i = 0; good && values[i]; i++) {
		char *lit = ss_conn_quote_literal(c, values[i], strlen(values[i]));
		char *sel;
		size_t len = 0;
		char *back;

		exec_free(c, ss_xasprintf("DELETE FROM %s", q), &err);
		if (exec_free(c, ss_xasprintf("INSERT INTO %s VALUES (%s)", q, lit), &err) < 0) {
			good = 0;
		} else {
			sel = ss_xasprintf("SELECT %s FROM %s", q, q);
			back = query_value(c, sel, &len);
			if (!back || len != strlen(values[i]) || memcmp(back, values[i], len)) {
				good = 0;
				snprintf(err.msg, sizeof(err.msg), "value %zu came back as '%s'", i,
					 back ? back : "(nothing)");
			}
			free(back);
			free(sel);
		}
		free(lit);
	}
	ok(good, what, err.msg);
	exec_free(c, ss_xasprintf("DROP TABLE IF EXISTS %s", q), &err);
	free(q);
}

/* The value of a query compared with what the connect options promise. */
static void expect_value(struct ss_conn *c, const char *sql, const char *want, const char *what)
{
	size_t len;
	char *v = query_value(c, sql, &len);

	ok(v && !strcmp(v, want), what, v ? v : "(no value)");
	free(v);
}

/* What ss_db_connect() sets up: character set, names, LOCAL INFILE. */
static void session_settings(struct ss_conn *c)
{
	struct ss_error err;
	char path[] = "/tmp/ss-rt-......";
	FILE *f;
	int fd;

	memset(path + sizeof(path) - 7, 'X', 6); /* the mkstemp() template */

	if (ss_conn_driver(c) == SS_DB_PGSQL) {
		expect_value(c, "SHOW client_encoding", "UTF8", "client_encoding is UTF8");
		expect_value(c, "SELECT application_name FROM pg_stat_activity "
				"WHERE pid = pg_backend_pid()", "sitesync",
			     "application_name falls back to sitesync");
		return;
	}
	expect_value(c, "SELECT @@character_set_client", "utf8mb4", "character set is utf8mb4");
	expect_value(c, "SELECT @@character_set_results", "utf8mb4", "results are utf8mb4");
	fd = mkstemp(path);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		ok(0, "LOAD DATA LOCAL INFILE works", "cannot make a temporary file");
		return;
	}
	fputs("one\ntwo\n", f);
	fclose(f);
	ss_conn_exec(c, "CREATE TEMPORARY TABLE li (v TEXT)", &err);
	ok(exec_free(c, ss_xasprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE li", path), &err) == 0,
	   "LOAD DATA LOCAL INFILE is enabled", err.msg);
	expect_value(c, "SELECT GROUP_CONCAT(v ORDER BY v) FROM li", "one,two",
		     "LOAD DATA LOCAL INFILE loaded the rows");
	unlink(path);
}

/* With no_local_infile the server cannot have a client file read. */
static void local_infile_refused(const struct ss_alias *a)
{
	struct ss_connect_opts opts = { .no_local_infile = 1 };
	struct ss_error err;
	struct ss_conn *c;
	int rc;

	if (ss_db_connect(NULL, a, &opts, &c, &err) < 0) {
		ok(0, "connect with no_local_infile", err.msg);
		return;
	}
	ss_conn_exec(c, "CREATE TEMPORARY TABLE li (v TEXT)", &err);
	rc = ss_conn_exec(c, "LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE li", &err);
	ok(rc < 0, "no_local_infile: LOAD DATA LOCAL INFILE is refused", "it loaded");
	ss_conn_close(c);
}

static void exec_errors(struct ss_conn *c)
{
	struct ss_error err;
	size_t len;
	char *v;

	ok(ss_conn_exec(c, "SELEC 1", &err) < 0 && strstr(err.msg, "query failed on '@roundtrip' (") &&
		   !strchr(err.msg, '\n'),
	   "a bad statement fails with a one-line error naming the connection", err.msg);
	v = query_value(c, "SELECT 41 + 1", &len);
	ok(v && !strcmp(v, "42"), "the connection still works after an error", v ? v : "(null)");
	free(v);
	ok(ss_conn_exec(c, "SELECT 1", &err) == 0, "a statement returning rows is accepted", err.msg);
	if (ss_conn_driver(c) == SS_DB_PGSQL) {
		ss_conn_exec(c, "CREATE TEMP TABLE cp (x int)", &err);
		ok(ss_conn_exec(c, "COPY cp FROM STDIN", &err) < 0 &&
			   ss_conn_exec(c, "COPY cp TO STDOUT", &err) < 0,
		   "COPY through exec is refused", err.msg);
		v = query_value(c, "SELECT 6 * 7", &len);
		ok(v && !strcmp(v, "42"), "the connection still works after a refused COPY",
		   v ? v : "(null)");
		free(v);
	}
}

/*
 * Nasty identifiers and values go in through ss_conn_quote_ident/_literal
 * and must come back byte for byte.  Run by tests/integration/t0202-db-quoting.sh:
 *
 *   test_db_roundtrip mysql|pgsql HOST PORT SOCKET DATABASE USER PASSWORD_ENV
 *
 * (empty HOST or SOCKET: not given).  Prints TAP.
 */
int main(int argc, char **argv)
{
	struct ss_alias a;
	struct ss_conn *c;
	struct ss_error err;

	if (argc != 8) {
		fprintf(stderr, "usage: %s mysql|pgsql HOST PORT SOCKET DATABASE USER PASSWORD_ENV\n",
			argv[0]);
		return 2;
	}
	memset(&a, 0, sizeof(a));
	a.name = "@roundtrip";
	a.file = "(test)";
	a.has_db = 1;
	a.db.driver = !strcmp(argv[1], "mysql") ? SS_DB_MYSQL : SS_DB_PGSQL;
	a.db.host = *argv[2] ? argv[2] : NULL;
	a.db.port = atoi(argv[3]);
	a.db.socket = *argv[4] ? argv[4] : NULL;
	a.db.name = argv[5];
	a.db.user = argv[6];
	a.db.password_env = *argv[7] ? argv[7] : NULL;
	if (ss_db_connect(NULL, &a, NULL, &c, &err) < 0) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	ok(ss_conn_driver(c) == SS_DB_MYSQL
		   ? !ss_conn_mysql(c)->passwd || !*ss_conn_mysql(c)->passwd
		   : !PQpass(ss_conn_pg(c)) || !*PQpass(ss_conn_pg(c)),
	   "the client library's copy of the password is wiped", "it is still there");
	session_settings(c);
	for (size_t i = 0; idents[i]; i++)
		roundtrip_ident(c, idents[i], "default mode");
	if (a.db.driver == SS_DB_MYSQL) {
		ok(ss_conn_exec(c, "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')",
				&err) == 0, "NO_BACKSLASH_ESCAPES on", err.msg);
		for (size_t i = 0; idents[i]; i++)
			roundtrip_ident(c, idents[i], "NO_BACKSLASH_ESCAPES");
		ok(ss_conn_exec(c, "SET SESSION sql_mode = 'ANSI_QUOTES'", &err) == 0,
		   "ANSI_QUOTES on", err.msg);
		roundtrip_ident(c, "a\"b`c", "ANSI_QUOTES");
	} else {
		ok(ss_conn_exec(c, "SET standard_conforming_strings = off", &err) == 0,
		   "standard_conforming_strings off", err.msg);
		for (size_t i = 0; idents[i]; i++)
			roundtrip_ident(c, idents[i], "standard_conforming_strings off");
	}
	exec_errors(c);
	ss_conn_close(c);
	if (a.db.driver == SS_DB_MYSQL)
		local_infile_refused(&a);
	printf("1..%d\n", ntest);
	return nfail ? 1 : 0;
}

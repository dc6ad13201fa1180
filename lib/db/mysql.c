/* mysql.c - MySQL/MariaDB connections through Connector/C. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>
#include <mysql.h>

#include <sitesync/buf.h>

#include "lib/db/internal.h"

static pthread_once_t library_once = PTHREAD_ONCE_INIT;
static int library_failed;

/* mysql_library_init() is not thread-safe: run it once before any mysql_init(). */
static void library_init(void)
{
	library_failed = mysql_library_init(0, NULL, NULL) != 0;
}

/*
 * Options: connect timeout, utf8mb4, LOCAL INFILE unless refused (sql-sync
 * streams rows through it), the transport the endpoint chose, compression
 * when asked, program_name.  No option
 * file is read: MYSQL_READ_DEFAULT_FILE/GROUP are never set.
 */
static void set_options(MYSQL *my, const struct ss_db_login *login)
{
	unsigned int timeout = (unsigned int)login->timeout;
	unsigned int local_infile = login->local_infile ? 1 : 0;
	unsigned int protocol = login->socket ? MYSQL_PROTOCOL_SOCKET : MYSQL_PROTOCOL_TCP;

	mysql_options(my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(my, MYSQL_OPT_LOCAL_INFILE, &local_infile);
	mysql_options(my, MYSQL_OPT_PROTOCOL, &protocol);
	if (login->compress)
		mysql_options(my, MYSQL_OPT_COMPRESS, NULL);
	mysql_options4(my, MYSQL_OPT_CONNECT_ATTR_ADD, "program_name",
		       login->app_name ? login->app_name : "sitesync");
}

/*
 * Connector/C ends "Can't connect to server on 'h' (111)" with an errno
 * number: say it in words.  After a connect with a timeout it reports a
 * stale EINPROGRESS, which says nothing true: drop it.
 */
static void connect_reason(MYSQL *my, char *reason, size_t reason_size)
{
	const char *msg = mysql_error(my);
	unsigned int code = mysql_errno(my);
	const char *open = strrchr(msg, '(');
	char *end;
	long num;

	if ((code != CR_CONNECTION_ERROR && code != CR_CONN_HOST_ERROR) || !open ||
	    open == msg || open[-1] != ' ') {
		ss_db_one_line(msg, reason, reason_size);
		return;
	}
	num = strtol(open + 1, &end, 10);
	if (end == open + 1 || strcmp(end, ")") != 0) {
		ss_db_one_line(msg, reason, reason_size);
		return;
	}
	if (num == EINPROGRESS)
		snprintf(reason, reason_size, "%.*s", (int)(open - 1 - msg), msg);
	else
		snprintf(reason, reason_size, "%.*s(%s)", (int)(open - msg), msg,
			 strerror((int)num));
}

int ss_db_mysql_connect(struct ss_conn *conn, const struct ss_db_login *login, char *reason,
			size_t reason_size)
{
	MYSQL *my;

	pthread_once(&library_once, library_init);
	if (library_failed) {
		ss_db_one_line("cannot initialise the MySQL client library", reason, reason_size);
		return -1;
	}
	my = mysql_init(NULL);
	if (!my) {
		ss_db_one_line("out of memory", reason, reason_size);
		return -1;
	}
	set_options(my, login);
	if (!mysql_real_connect(my, login->socket ? NULL : login->host, login->user,
				login->password, login->database,
				login->socket ? 0 : (unsigned int)login->port, login->socket, 0)) {
		connect_reason(my, reason, reason_size);
		mysql_close(my);
		return -1;
	}
	/* Connector/C keeps a copy for a reconnect, which sitesync never asks for. */
	if (my->passwd)
		ss_secret_wipe(my->passwd, strlen(my->passwd));
	conn->my = my;
	conn->version = ss_xstrdup(mysql_get_server_info(my));
	return 0;
}

int ss_db_mysql_exec(struct ss_conn *conn, const char *sql, char *reason, size_t reason_size)
{
	MYSQL *my = conn->my;
	MYSQL_RES *res;

	if (mysql_real_query(my, sql, strlen(sql)) != 0) {
		ss_db_one_line(mysql_error(my), reason, reason_size);
		return -1;
	}
	/* A statement that does return rows: read and drop them. */
	res = mysql_store_result(my);
	if (res)
		mysql_free_result(res);
	else if (mysql_field_count(my) != 0) {
		ss_db_one_line(mysql_error(my), reason, reason_size);
		return -1;
	}
	return 0;
}

char *ss_db_mysql_quote_literal(struct ss_conn *conn, const char *value, size_t len)
{
	unsigned long n;
	char *out;

	if (len > (ULONG_MAX - 3) / 2 || len > (SIZE_MAX - 3) / 2)
		return NULL;
	out = ss_xmalloc(2 * len + 3);
	out[0] = '\'';
	/*
	 * Connector/C's escaping follows the session's NO_BACKSLASH_ESCAPES
	 * (doubling quotes then); MySQL's own client wants to be told the quote.
	 */
#ifdef MARIADB_PACKAGE_VERSION_ID
	n = mysql_real_escape_string(conn->my, out + 1, value, (unsigned long)len);
#else
	n = mysql_real_escape_string_quote(conn->my, out + 1, value, (unsigned long)len, '\'');
#endif
	if (n == (unsigned long)-1) {
		free(out);
		return NULL;
	}
	out[n + 1] = '\'';
	out[n + 2] = '\0';
	return out;
}

void ss_db_mysql_close(struct ss_conn *conn)
{
	mysql_close(conn->my);
	conn->my = NULL;
}

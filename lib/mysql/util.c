/* util.c - query, quoting and flavour helpers on a raw MYSQL handle. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include "lib/mysql/util.h"

int ss_my_error(MYSQL *m, const char *who, struct ss_error *err)
{
	return ss_error_set(err, SS_FAILED, "%s: %s (error %u)", who, mysql_error(m),
			    mysql_errno(m));
}

int ss_my_exec(MYSQL *m, const char *who, const char *sql, struct ss_error *err)
{
	MYSQL_RES *res;

	if (mysql_real_query(m, sql, strlen(sql)))
		return ss_my_error(m, who, err);
	/* a statement may still return rows (SET, CALL): drain them */
	res = mysql_store_result(m);
	if (res)
		mysql_free_result(res);
	else if (mysql_errno(m))
		return ss_my_error(m, who, err);
	return 0;
}

int ss_my_execf(MYSQL *m, const char *who, struct ss_error *err, const char *fmt, ...)
{
	struct ss_buf b = SS_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	ss_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	rc = ss_my_exec(m, who, b.data, err);
	ss_buf_release(&b);
	return rc;
}

int ss_my_select(MYSQL *m, const char *who, const char *sql, MYSQL_RES **out,
		 struct ss_error *err)
{
	*out = NULL;
	if (mysql_real_query(m, sql, strlen(sql)))
		return ss_my_error(m, who, err);
	*out = mysql_store_result(m);
	if (!*out)
		return mysql_errno(m) ? ss_my_error(m, who, err)
				      : ss_error_set(err, SS_FAILED, "%s: query returned no rows", who);
	return 0;
}

void ss_my_add_ident(struct ss_buf *b, const char *ident)
{
	ss_buf_addc(b, '`');
	for (const char *p = ident; *p; p++) {
		if (*p == '`')
			ss_buf_addc(b, '`');
		ss_buf_addc(b, *p);
	}
	ss_buf_addc(b, '`');
}

void ss_my_add_qualified(struct ss_buf *b, const char *db, const char *table)
{
	ss_my_add_ident(b, db);
	ss_buf_addc(b, '.');
	ss_my_add_ident(b, table);
}

void ss_my_add_literal(struct ss_buf *b, MYSQL *m, const char *value)
{
	size_t len = strlen(value);

	ss_buf_grow(b, 2 * len + 3);
	b->data[b->len++] = '\'';
	b->len += mysql_real_escape_string(m, b->data + b->len, value, len);
	b->data[b->len++] = '\'';
	b->data[b->len] = '\0';
}

int ss_my_is_mariadb(MYSQL *m, unsigned long *version)
{
	if (version)
		*version = mysql_get_server_version(m);
	return strstr(mysql_get_server_info(m), "MariaDB") != NULL;
}

int ss_my_denied(unsigned int code)
{
	switch (code) {
	case ER_DBACCESS_DENIED_ERROR:
	case ER_ACCESS_DENIED_ERROR:
	case ER_TABLEACCESS_DENIED_ERROR:
	case ER_SPECIFIC_ACCESS_DENIED_ERROR:
	case ER_COLUMNACCESS_DENIED_ERROR:
	case ER_PROCACCESS_DENIED_ERROR:
		return 1;
	default:
		return 0;
	}
}

int ss_my_conn_lost(unsigned int code)
{
	return code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST ||
	       code == CR_CONNECTION_ERROR || code == CR_CONN_HOST_ERROR;
}

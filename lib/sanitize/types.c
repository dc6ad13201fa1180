/* types.c - the kinds of values hash and random care about, from each dialect's type names. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sanitize/internal.h"

static int in(const char *word, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(word, *list))
			return 1;
	return 0;
}

enum ss_san_type ss_san_mysql_type(const char *data_type)
{
	static const char *const text[] = { "char", "varchar", "tinytext", "text", "mediumtext",
					    "longtext", NULL };
	static const char *const binary[] = { "binary", "varbinary", "tinyblob", "blob",
					      "mediumblob", "longblob", NULL };
	static const char *const ints[] = { "tinyint", "smallint", "mediumint", "int", "integer",
					    "bigint", NULL };
	static const char *const numbers[] = { "decimal", "numeric", "float", "double", "real",
					       NULL };

	if (in(data_type, text))
		return SS_SAN_T_TEXT;
	if (in(data_type, binary))
		return SS_SAN_T_BINARY;
	if (in(data_type, ints))
		return SS_SAN_T_INT;
	if (in(data_type, numbers))
		return SS_SAN_T_NUMBER;
	if (!strcmp(data_type, "date"))
		return SS_SAN_T_DATE;
	if (!strcmp(data_type, "datetime") || !strcmp(data_type, "timestamp"))
		return SS_SAN_T_DATETIME;
	return SS_SAN_T_OTHER;
}

long long ss_san_mysql_int_max(const char *data_type, int is_unsigned)
{
	static const struct { const char *name; long long max, umax; } m[] = {
		{ "tinyint", 127, 255 },
		{ "smallint", 32767, 65535 },
		{ "mediumint", 8388607, 16777215 },
		{ "int", 2147483647LL, 4294967295LL },
		{ "integer", 2147483647LL, 4294967295LL },
		{ "bigint", 9223372036854775807LL, 9223372036854775807LL },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(data_type, m[i].name))
			return is_unsigned ? m[i].umax : m[i].max;
	return 0;
}

/* "character varying(254)" -> 254; 0 without a length. */
static long long type_length(const char *type)
{
	const char *open = strchr(type, '(');

	return open ? strtoll(open + 1, NULL, 10) : 0;
}

enum ss_san_type ss_san_pg_type(const char *type, long long *length, long long *int_max)
{
	static const char *const text[] = { "text", "character varying", "character", "\"char\"",
					    "name", "citext", NULL };
	static const char *const numbers[] = { "numeric", "real", "double precision", NULL };
	char *base = ss_xstrndup(type, strcspn(type, "(["));
	const char *dot = strrchr(base, '.');
	const char *name = dot ? dot + 1 : base;
	enum ss_san_type t = SS_SAN_T_OTHER;

	*length = 0;
	*int_max = 0;
	if (strchr(type, '[')) {
		free(base);
		return SS_SAN_T_OTHER;          /* arrays */
	}
	if (in(name, text) && (!dot || !strcmp(name, "citext"))) {
		t = SS_SAN_T_TEXT;
		*length = type_length(type);
	} else if (!strcmp(base, "bytea")) {
		t = SS_SAN_T_BINARY;
	} else if (!strcmp(base, "smallint")) {
		t = SS_SAN_T_INT;
		*int_max = 32767;
	} else if (!strcmp(base, "integer")) {
		t = SS_SAN_T_INT;
		*int_max = 2147483647LL;
	} else if (!strcmp(base, "bigint")) {
		t = SS_SAN_T_INT;
		*int_max = 9223372036854775807LL;
	} else if (in(base, numbers)) {
		t = SS_SAN_T_NUMBER;
	} else if (!strcmp(base, "date")) {
		t = SS_SAN_T_DATE;
	} else if (!strncmp(base, "timestamp", 9)) {
		t = SS_SAN_T_DATETIME;
	} else if (!strcmp(base, "uuid")) {
		t = SS_SAN_T_UUID;
	}
	free(base);
	return t;
}

int ss_san_safe_digits(long long int_max)
{
	int d = 0;

	while (int_max >= 10) {
		int_max /= 10;
		d++;
	}
	return d > 0 ? d : 1;
}

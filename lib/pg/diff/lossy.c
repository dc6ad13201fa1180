/* lossy.c - whether a PostgreSQL column type change can lose data. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/pg/diff/diff.h"

/* Split "numeric(10,2)" into base "numeric" and typmod numbers (-1: none). */
static void split_type(const char *t, char *base, size_t cap, long *m1, long *m2)
{
	const char *paren = strchr(t, '(');
	size_t len = paren ? (size_t)(paren - t) : strlen(t);

	*m1 = *m2 = -1;
	if (len >= cap)
		len = cap - 1;
	memcpy(base, t, len);
	base[len] = '\0';
	if (paren) {
		char *end;

		*m1 = strtol(paren + 1, &end, 10);
		if (*end == ',')
			*m2 = strtol(end + 1, NULL, 10);
		/* "timestamp(3) with time zone": keep the words after the typmod */
		end = strchr(paren, ')');
		if (end && end[1] && strlen(base) + strlen(end + 1) < cap)
			strcat(base, end + 1);
	}
}

/* Rank within the integer family, 0 when not an integer type. */
static int int_rank(const char *base)
{
	if (!strcmp(base, "smallint"))
		return 1;
	if (!strcmp(base, "integer"))
		return 2;
	if (!strcmp(base, "bigint"))
		return 3;
	return 0;
}

static int is_text(const char *base)
{
	return !strcmp(base, "text") || !strcmp(base, "character varying");
}

int ss_pg_type_change_lossy(const char *from, const char *to)
{
	char fb[128], tb[128];
	long f1, f2, t1, t2;
	int fi, ti;
	static const int int_digits[] = { 0, 5, 10, 19 };

	if (!strcmp(from, to))
		return 0;
	split_type(from, fb, sizeof(fb), &f1, &f2);
	split_type(to, tb, sizeof(tb), &t1, &t2);
	fi = int_rank(fb);
	ti = int_rank(tb);
	/* anything fits an unbounded text */
	if (!strcmp(tb, "text") || (!strcmp(tb, "character varying") && t1 < 0))
		return 0;
	if (fi && ti)
		return ti < fi;
	if (fi && !strcmp(tb, "numeric"))
		return t1 >= 0 && t1 - (t2 < 0 ? 0 : t2) < int_digits[fi];
	if (fi && !strcmp(tb, "double precision"))
		return fi > 2;
	if (!strcmp(fb, "real") && !strcmp(tb, "double precision"))
		return 0;
	if (!strcmp(fb, "numeric") && !strcmp(tb, "numeric")) {
		if (t1 < 0)
			return 0;
		if (f1 < 0)
			return 1;
		return t1 - (t2 < 0 ? 0 : t2) < f1 - (f2 < 0 ? 0 : f2) || (t2 < 0 ? 0 : t2) < (f2 < 0 ? 0 : f2);
	}
	if ((is_text(fb) || !strcmp(fb, "character")) &&
	    (!strcmp(tb, "character varying") || !strcmp(tb, "character")))
		return f1 < 0 || t1 < f1;
	if (!strcmp(fb, tb)) /* same type, other precision: timestamp(3) → timestamp(6) */
		return t1 >= 0 && (f1 < 0 || t1 < f1);
	if (!strcmp(fb, "timestamp without time zone") && !strcmp(tb, "timestamp with time zone"))
		return 0;
	if (!strcmp(fb, "date") && !strncmp(tb, "timestamp", 9))
		return 0;
	if (!strcmp(fb, "json") && !strcmp(tb, "jsonb"))
		return 0;
	return 1;
}

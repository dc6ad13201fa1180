/*
 * test_pg.c - the pure parts of the PostgreSQL DDL generator: quoting, names,
 * remapping, order, lossy types, privileges, and the differ on models built here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/pg/catalog.h"
#include "lib/pg/ddl.h"
#include "lib/pg/diff/diff.h"
#include "lib/pg/order.h"
#include "lib/pg/quote.h"
#include "tests/unit/unit.h"

START_TEST(idents_always_quoted)
{
	char *q = ss_pg_quote_ident("we\"ird name");

	ck_assert_str_eq(q, "\"we\"\"ird name\"");
	free(q);
	q = ss_pg_quote_ident("plain");
	ck_assert_str_eq(q, "\"plain\"");
	free(q);
}
END_TEST

START_TEST(quote_ident_rules)
{
	ck_assert(!ss_pg_ident_needs_quotes("orders_2024"));
	ck_assert(!ss_pg_ident_needs_quotes("_x"));
	ck_assert(ss_pg_ident_needs_quotes("Orders"));
	ck_assert(ss_pg_ident_needs_quotes("2fast"));
	ck_assert(ss_pg_ident_needs_quotes("my table"));
	ck_assert(ss_pg_ident_needs_quotes("select"));
	ck_assert(ss_pg_ident_needs_quotes("user"));
	ck_assert(!ss_pg_ident_needs_quotes("name"));   /* unreserved keyword */
	ck_assert(ss_pg_ident_needs_quotes("ü"));
	ck_assert(ss_pg_ident_needs_quotes(""));
}
END_TEST

START_TEST(literals_escaped)
{
	struct ss_buf b = SS_BUF_INIT;

	ss_pg_add_literal(&b, "it's");
	ck_assert_str_eq(b.data, "'it''s'");
	ss_buf_reset(&b);
	ss_pg_add_literal(&b, "a\\b'");
	ck_assert_str_eq(b.data, " E'a\\\\b'''");
	ss_buf_release(&b);
}
END_TEST

START_TEST(utf8_cut_on_boundary)
{
	/* "é" is 2 bytes: cutting "aé" at 2 keeps "a" */
	ck_assert_uint_eq(ss_pg_utf8_cut("a\xc3\xa9", 2), 1);
	ck_assert_uint_eq(ss_pg_utf8_cut("a\xc3\xa9", 3), 3);
	ck_assert_uint_eq(ss_pg_utf8_cut("abc", 10), 3);
	/* a 4-byte character is never split */
	ck_assert_uint_eq(ss_pg_utf8_cut("\xf0\x9f\x98\x80x", 3), 0);
}
END_TEST

START_TEST(dropped_names_fit_63_bytes)
{
	time_t when = 1700000000; /* 2023-11-14T22:13:20Z */
	char long_name[200], *n;

	n = ss_pg_dropped_name("orders", when);
	ck_assert_str_eq(n, "orders_dropped_20231114T221320Z");
	ck_assert(ss_pg_is_dropped_name(n));
	free(n);

	memset(long_name, 'x', 100);
	long_name[100] = '\0';
	n = ss_pg_dropped_name(long_name, when);
	ck_assert_uint_eq(strlen(n), SS_PG_NAME_MAX);
	ck_assert(ss_pg_is_dropped_name(n));
	free(n);

	/* "a" + 30 × "é": 38 bytes are left for the name, "a" and 18 "é" (37 bytes) */
	strcpy(long_name, "a");
	for (int i = 0; i < 30; i++)
		strcat(long_name, "\xc3\xa9");
	n = ss_pg_dropped_name(long_name, when);
	ck_assert_uint_eq(strlen(n), 62);
	ck_assert(!strncmp(n + 37, "_dropped_", 9));
	ck_assert_uint_eq((unsigned char)n[35], 0xc3);
	free(n);

	ck_assert(!ss_pg_is_dropped_name("orders_dropped_2023"));
	ck_assert(!ss_pg_is_dropped_name("x_dropped_20231114T2213200"));
}
END_TEST

START_TEST(schema_remapped_everywhere)
{
	char *r = ss_pg_remap_schema("nextval('src.seq'::regclass) + src.f(\"src\".t.a) + mysrc.x + t.src.y",
				     "src", "dst");

	ck_assert_str_eq(r, "nextval('dst.seq'::regclass) + dst.f(dst.t.a) + mysrc.x + t.src.y");
	free(r);
	r = ss_pg_remap_schema("public.t", "public", "My Schema");
	ck_assert_str_eq(r, "\"My Schema\".t");
	free(r);
	r = ss_pg_remap_schema("\"Old One\".t, public.t", "Old One", "new");
	ck_assert_str_eq(r, "new.t, public.t");
	free(r);
}
END_TEST

START_TEST(toposort_dependencies_then_rank)
{
	/* 0 depends on 2, 1 depends on 0; ranks would put 0 and 1 before 2 */
	int rank[] = { 0, 0, 5, 1 };
	struct ss_pg_edge edges[] = { { 2, 0 }, { 0, 1 } };
	size_t order[4];

	ss_pg_toposort(4, rank, edges, 2, order);
	ck_assert_uint_eq(order[0], 3);
	ck_assert_uint_eq(order[1], 2);
	ck_assert_uint_eq(order[2], 0);
	ck_assert_uint_eq(order[3], 1);
}
END_TEST

START_TEST(toposort_breaks_cycles)
{
	int rank[] = { 2, 1, 3 };
	struct ss_pg_edge edges[] = { { 0, 1 }, { 1, 0 }, { 1, 2 } };
	size_t order[3];
	int seen[3] = { 0 };

	ss_pg_toposort(3, rank, edges, 3, order);
	for (int i = 0; i < 3; i++)
		seen[order[i]]++;
	ck_assert(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
	ck_assert_uint_eq(order[0], 1); /* the lowest rank of the cycle */
	ck_assert_uint_eq(order[2], 2);
}
END_TEST

START_TEST(lossy_type_changes)
{
	ck_assert(!ss_pg_type_change_lossy("integer", "bigint"));
	ck_assert(ss_pg_type_change_lossy("bigint", "integer"));
	ck_assert(!ss_pg_type_change_lossy("character varying(20)", "character varying(50)"));
	ck_assert(ss_pg_type_change_lossy("character varying(50)", "character varying(20)"));
	ck_assert(!ss_pg_type_change_lossy("character varying(20)", "text"));
	ck_assert(ss_pg_type_change_lossy("text", "integer"));
	ck_assert(ss_pg_type_change_lossy("text", "character varying(5)"));
	ck_assert(!ss_pg_type_change_lossy("numeric(10,2)", "numeric(12,2)"));
	ck_assert(ss_pg_type_change_lossy("numeric(10,2)", "numeric(10,1)"));
	ck_assert(ss_pg_type_change_lossy("integer", "numeric(10,2)"));
	ck_assert(!ss_pg_type_change_lossy("integer", "numeric(12,2)"));
	ck_assert(!ss_pg_type_change_lossy("real", "double precision"));
	ck_assert(ss_pg_type_change_lossy("double precision", "real"));
	ck_assert(!ss_pg_type_change_lossy("timestamp without time zone", "timestamp with time zone"));
	ck_assert(ss_pg_type_change_lossy("timestamp(6) without time zone", "timestamp(0) without time zone"));
}
END_TEST

START_TEST(arrays_parsed)
{
	size_t n;
	char **v = ss_pg_parse_array("{a,\"b c\",\"d\\\"e\",NULLX}", &n);

	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(v[0], "a");
	ck_assert_str_eq(v[1], "b c");
	ck_assert_str_eq(v[2], "d\"e");
	ck_assert_str_eq(v[3], "NULLX");
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	ck_assert_ptr_null(ss_pg_parse_array(NULL, &n));
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(diff_against_empty_creates_in_order)
{
	/* a view on a table, the table's sequence: sequence, table, view */
	struct ss_pg_catalog *src = ss_pg_catalog_new(), *empty = ss_pg_catalog_new();
	struct ss_pg_object view = { .kind = SS_PG_VIEW, .cls = SS_PG_CLASS_REL, .oid = 3 };
	struct ss_pg_object table = { .kind = SS_PG_TABLE, .cls = SS_PG_CLASS_REL, .oid = 2 };
	struct ss_pg_object seq = { .kind = SS_PG_SEQUENCE, .cls = SS_PG_CLASS_REL, .oid = 1 };
	struct ss_pg_column col = { .name = strdup("id"), .num = 1, .type = strdup("integer"),
				    .def = strdup("nextval('public.s'::regclass)"), .local = 1 };
	struct ss_pg_dep dep1 = { .obj = 0, .ref = 1 }, dep2 = { .obj = 1, .ref = 2, .via_default = 1 };
	struct ss_pg_diff_opts opts = { .now = 0 };
	struct ss_pg_diff diff;

	view.schema = strdup("public");
	view.name = strdup("v");
	view.def = strdup(" SELECT id FROM public.t;");
	table.schema = strdup("public");
	table.name = strdup("t");
	table.persistence = 'p';
	table.cols = calloc(1, sizeof(col));
	table.cols[0] = col;
	table.ncols = 1;
	seq.schema = strdup("public");
	seq.name = strdup("s");
	seq.seq_type = strdup("bigint");
	ss_pg_object_set_key(&view);
	ss_pg_object_set_key(&table);
	ss_pg_object_set_key(&seq);
	ss_pg_catalog_add(src, &view);
	ss_pg_catalog_add(src, &table);
	ss_pg_catalog_add(src, &seq);
	ss_pg_catalog_add_dep(src, &dep1);
	ss_pg_catalog_add_dep(src, &dep2);
	ss_pg_catalog_index(src);

	ck_assert_int_eq(ss_pg_diff(src, empty, &opts, &diff), 0);
	ck_assert_uint_eq(diff.n, 3);
	ck_assert_str_eq(diff.changes[0].object, "public.s");
	ck_assert_str_eq(diff.changes[1].object, "public.t");
	ck_assert_str_eq(diff.changes[2].object, "public.v");
	ck_assert(strstr(diff.changes[1].sql, "CREATE TABLE \"public\".\"t\""));
	ck_assert(strstr(diff.changes[2].sql, "CREATE VIEW \"public\".\"v\" AS"));
	ss_pg_diff_release(&diff);

	/* and the other way round: drops, dependents first */
	ck_assert_int_eq(ss_pg_diff(empty, src, &(struct ss_pg_diff_opts){ .drop = 1 }, &diff), 0);
	ck_assert_uint_eq(diff.n, 3);
	ck_assert_str_eq(diff.changes[0].object, "public.v");
	ck_assert_str_eq(diff.changes[1].object, "public.t");
	ck_assert_str_eq(diff.changes[2].object, "public.s");
	ss_pg_diff_release(&diff);
	ss_pg_catalog_free(src);
	ss_pg_catalog_free(empty);
}
END_TEST

/* A new object of the catalog (strings copied). */
static size_t add(struct ss_pg_catalog *cat, enum ss_pg_kind kind, unsigned int oid,
		  const char *name, const char *def)
{
	struct ss_pg_object o = { .kind = kind, .oid = oid, .cls = SS_PG_CLASS_REL };

	o.schema = strdup("public");
	o.name = strdup(name);
	o.def = def ? strdup(def) : NULL;
	o.persistence = 'p';
	ss_pg_object_set_key(&o);
	return ss_pg_catalog_add(cat, &o);
}

static char **strv(size_t *n, const char *a, const char *b)
{
	char **v = calloc(3, sizeof(char *));

	*n = 0;
	if (a)
		v[(*n)++] = strdup(a);
	if (b)
		v[(*n)++] = strdup(b);
	return v;
}

/* All the SQL of a diff, in order. */
static char *all_sql(const struct ss_pg_diff *d)
{
	struct ss_buf b = SS_BUF_INIT;

	for (size_t i = 0; i < d->n; i++)
		ss_buf_adds(&b, d->changes[i].sql);
	ss_buf_adds(&b, "");
	return ss_buf_detach(&b);
}

START_TEST(grants_rendered)
{
	struct ss_pg_object t = { .kind = SS_PG_TABLE, .schema = "app", .name = "t" };
	struct ss_pg_object f = { .kind = SS_PG_AGGREGATE, .schema = "app", .name = "agg",
				  .args = "text" };
	struct ss_pg_object d = { .kind = SS_PG_DEFACL, .schema = "app", .owner = "Admin", .sub = 'S' };
	struct ss_buf b = SS_BUF_INIT;

	ss_pg_ddl_grant(&b, &t, "note", "SELECT* reader", 0);
	ck_assert_str_eq(b.data, "GRANT SELECT (\"note\") ON TABLE \"app\".\"t\" TO reader WITH GRANT OPTION;\n");
	ss_buf_reset(&b);
	ss_pg_ddl_grant(&b, &f, NULL, "EXECUTE PUBLIC", 1);
	ck_assert_str_eq(b.data, "REVOKE EXECUTE ON ROUTINE \"app\".\"agg\"(text) FROM PUBLIC;\n");
	ss_buf_reset(&b);
	ss_pg_ddl_defacl(&b, &d, "+USAGE \"Odd Role\"", 0);
	ss_pg_ddl_defacl(&b, &d, "+USAGE \"Odd Role\"", 1);
	ck_assert_str_eq(b.data,
			 "ALTER DEFAULT PRIVILEGES FOR ROLE \"Admin\" IN SCHEMA \"app\" GRANT USAGE ON SEQUENCES TO \"Odd Role\";\n"
			 "ALTER DEFAULT PRIVILEGES FOR ROLE \"Admin\" IN SCHEMA \"app\" REVOKE USAGE ON SEQUENCES FROM \"Odd Role\";\n");
	ck_assert_str_eq(ss_pg_acl_grantee("SELECT* \"a b\""), "\"a b\"");
	ss_buf_release(&b);
}
END_TEST

START_TEST(policy_for_some_roles)
{
	struct ss_pg_object p = { .kind = SS_PG_POLICY, .schema = "app", .name = "own", .table = "doc",
				  .result = "CREATE POLICY own ON app.doc AS PERMISSIVE FOR ALL",
				  .options = " USING ((owner = CURRENT_USER))" };
	const char *roles[] = { "reader", "PUBLIC" };
	struct ss_buf b = SS_BUF_INIT;

	ss_pg_ddl_policy(&b, &p, roles, 2);
	ck_assert_str_eq(b.data, "CREATE POLICY own ON app.doc AS PERMISSIVE FOR ALL TO reader, PUBLIC"
			 " USING ((owner = CURRENT_USER));\n");
	ss_buf_reset(&b);
	ss_pg_ddl_drop(&b, &p);
	ck_assert_str_eq(b.data, "DROP POLICY \"own\" ON \"app\".\"doc\";\n");
	ss_buf_release(&b);
}
END_TEST

START_TEST(privileges_compared_only_when_asked)
{
	struct ss_pg_catalog *src = ss_pg_catalog_new(), *tgt = ss_pg_catalog_new();
	struct ss_pg_diff_opts opts = { .now = 0 };
	struct ss_pg_diff diff;
	size_t s = add(src, SS_PG_TABLE, 1, "t", NULL), t = add(tgt, SS_PG_TABLE, 1, "t", NULL);
	char *sql;

	src->objs[s].acl = strv(&src->objs[s].nacl, "SELECT reader", "INSERT* writer");
	tgt->objs[t].acl = strv(&tgt->objs[t].nacl, "SELECT reader", "DELETE writer");
	ss_pg_catalog_index(src);
	ss_pg_catalog_index(tgt);
	ck_assert_int_eq(ss_pg_diff(src, tgt, &opts, &diff), 0);
	ck_assert_uint_eq(diff.n, 0);
	ss_pg_diff_release(&diff);
	opts.privileges = 1;
	ck_assert_int_eq(ss_pg_diff(src, tgt, &opts, &diff), 0);
	sql = all_sql(&diff);
	ck_assert_str_eq(sql, "REVOKE DELETE ON TABLE \"public\".\"t\" FROM writer;\n"
			 "GRANT INSERT ON TABLE \"public\".\"t\" TO writer WITH GRANT OPTION;\n");
	ck_assert_str_eq(diff.changes[0].needs, "writer\n");
	free(sql);
	ss_pg_diff_release(&diff);
	ss_pg_catalog_free(src);
	ss_pg_catalog_free(tgt);
}
END_TEST

START_TEST(partition_moves_and_inheritance)
{
	struct ss_pg_catalog *src = ss_pg_catalog_new(), *tgt = ss_pg_catalog_new();
	struct ss_pg_diff_opts opts = { .now = 0 };
	struct ss_pg_diff diff;
	size_t sp, tp;
	char *sql;

	add(src, SS_PG_TABLE, 1, "m", NULL);
	add(tgt, SS_PG_TABLE, 1, "m", NULL);
	sp = add(src, SS_PG_TABLE, 2, "m_2024", NULL);
	tp = add(tgt, SS_PG_TABLE, 2, "m_2024", NULL);
	src->objs[sp].partbound = strdup("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
	tgt->objs[tp].partbound = strdup("FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')");
	src->objs[sp].parents = strv(&src->objs[sp].nparents, "\"public\".\"m\"", NULL);
	tgt->objs[tp].parents = strv(&tgt->objs[tp].nparents, "\"public\".\"m\"", NULL);
	sp = add(src, SS_PG_TABLE, 3, "capital", NULL);
	add(tgt, SS_PG_TABLE, 3, "capital", NULL);
	src->objs[sp].parents = strv(&src->objs[sp].nparents, "\"public\".\"m\"", NULL);
	ss_pg_catalog_index(src);
	ss_pg_catalog_index(tgt);
	ck_assert_int_eq(ss_pg_diff(src, tgt, &opts, &diff), 0);
	sql = all_sql(&diff);
	ck_assert_str_eq(sql, "ALTER TABLE \"public\".\"m\" DETACH PARTITION \"public\".\"m_2024\";\n"
			 "ALTER TABLE \"public\".\"m\" ATTACH PARTITION \"public\".\"m_2024\""
			 " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
			 "ALTER TABLE \"public\".\"capital\" INHERIT \"public\".\"m\";\n");
	free(sql);
	ss_pg_diff_release(&diff);
	ss_pg_catalog_free(src);
	ss_pg_catalog_free(tgt);
}
END_TEST

START_TEST(aggregate_before_the_view_that_uses_it)
{
	struct ss_pg_catalog *src = ss_pg_catalog_new(), *empty = ss_pg_catalog_new();
	struct ss_pg_diff_opts opts = { .now = 0 };
	struct ss_pg_diff diff;
	size_t v, a, f;
	struct ss_pg_dep d1, d2;

	v = add(src, SS_PG_VIEW, 3, "film_list", " SELECT public.group_concat(title) FROM public.film;");
	a = add(src, SS_PG_AGGREGATE, 2, "group_concat",
		"CREATE AGGREGATE public.group_concat(text) (SFUNC = public._group_concat, STYPE = text)");
	f = add(src, SS_PG_FUNCTION, 1, "_group_concat", "CREATE FUNCTION public._group_concat(text, text) ...");
	d1 = (struct ss_pg_dep){ .obj = v, .ref = a };
	d2 = (struct ss_pg_dep){ .obj = a, .ref = f };
	ss_pg_catalog_add_dep(src, &d1);
	ss_pg_catalog_add_dep(src, &d2);
	ss_pg_catalog_index(src);
	ck_assert_int_eq(ss_pg_diff(src, empty, &opts, &diff), 0);
	ck_assert_uint_eq(diff.n, 3);
	ck_assert_int_eq(diff.changes[0].kind, SS_PG_FUNCTION);
	ck_assert_int_eq(diff.changes[1].kind, SS_PG_AGGREGATE);
	ck_assert_int_eq(diff.changes[2].kind, SS_PG_VIEW);
	ss_pg_diff_release(&diff);
	ss_pg_catalog_free(src);
	ss_pg_catalog_free(empty);
}
END_TEST

static Suite *pg_suite(void)
{
	Suite *s = suite_create("pg");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, idents_always_quoted);
	tcase_add_test(tc, quote_ident_rules);
	tcase_add_test(tc, literals_escaped);
	tcase_add_test(tc, utf8_cut_on_boundary);
	tcase_add_test(tc, dropped_names_fit_63_bytes);
	tcase_add_test(tc, schema_remapped_everywhere);
	tcase_add_test(tc, toposort_dependencies_then_rank);
	tcase_add_test(tc, toposort_breaks_cycles);
	tcase_add_test(tc, lossy_type_changes);
	tcase_add_test(tc, arrays_parsed);
	tcase_add_test(tc, diff_against_empty_creates_in_order);
	tcase_add_test(tc, grants_rendered);
	tcase_add_test(tc, policy_for_some_roles);
	tcase_add_test(tc, privileges_compared_only_when_asked);
	tcase_add_test(tc, partition_moves_and_inheritance);
	tcase_add_test(tc, aggregate_before_the_view_that_uses_it);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(pg_suite)

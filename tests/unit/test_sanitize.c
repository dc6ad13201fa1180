/* test_sanitize.c - sanitize rules: parsing, profiles, matching, binding to tables, the SQL. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/alias/yaml_load.h"
#include "lib/sanitize/sanitize.h"
#include "tests/unit/unit.h"

static struct ss_node *yaml(const char *text)
{
	struct ss_node *n = NULL;
	struct ss_error err;

	ck_assert_msg(ss_yaml_load("f.yml", text, strlen(text), &n, &err) == 0, "%s", err.msg);
	ck_assert_ptr_nonnull(n);
	return n;
}

/* Parse the value of the top key "sanitize" of text into s; the status. */
static int parse(struct ss_sanitize *s, const char *text, struct ss_error *err)
{
	struct ss_node *n = yaml(text);
	int rc = ss_san_parse(s, ss_node_get(n, "sanitize"), "f.yml", err);

	ss_node_free(n);
	return rc;
}

/* Case i failed with a message holding msg. */
static void assert_failed_with(int rc, const struct ss_error *err, size_t i, const char *msg)
{
	ck_assert_msg(rc < 0, "case %zu did not fail", i);
	ck_assert_msg(strstr(err->msg, msg), "case %zu: '%s' lacks '%s'", i, err->msg, msg);
}

static const struct ss_san_rule *rule_for(const struct ss_sanitize *s, const char *table,
					  const char *column)
{
	for (size_t i = 0; i < s->nrules; i++)
		if (!strcmp(s->rules[i].table, table) &&
		    (column ? s->rules[i].column && !strcmp(s->rules[i].column, column)
			    : !s->rules[i].column))
			return &s->rules[i];
	return NULL;
}

START_TEST(parse_mapping)
{
	struct ss_sanitize s;
	struct ss_error err;
	const struct ss_san_rule *r;

	ss_san_init(&s);
	ck_assert_int_eq(parse(&s,
		"sanitize:\n"
		"  required: true\n"
		"  key-env: SAN_KEY\n"
		"  tables:\n"
		"    users:\n"
		"      columns:\n"
		"        mail: {email: \"u+{id}@x.test\", when: \"id > 0\"}\n"
		"        pass: null\n"
		"        token: ~\n"
		"        name: hash\n"
		"        phone: random\n"
		"        bio: {static: \"(gone)\"}\n"
		"        city: {sql: \"UPPER(city)\", optional: true}\n"
		"        alt: email\n"
		"      where: \"status = 1\"\n"
		"    sessions: truncate\n"
		"    \"cache_*\": {truncate: true, optional: yes}\n", &err), 0);
	ck_assert_int_eq(s.required, 1);
	ck_assert_str_eq(s.required_by, "f.yml:2:3");
	ck_assert_str_eq(s.key_env, "SAN_KEY");
	ck_assert_uint_eq(s.nrules, 11);
	r = rule_for(&s, "users", "mail");
	ck_assert_int_eq(r->kind, SS_SAN_EMAIL);
	ck_assert_str_eq(r->arg, "u+{id}@x.test");
	ck_assert_str_eq(r->when, "id > 0");
	ck_assert_str_eq(r->origin, "f.yml:7:9");
	ck_assert_int_eq(rule_for(&s, "users", "pass")->kind, SS_SAN_NULL);
	ck_assert_int_eq(rule_for(&s, "users", "token")->kind, SS_SAN_NULL);
	ck_assert_int_eq(rule_for(&s, "users", "name")->kind, SS_SAN_HASH);
	ck_assert_int_eq(rule_for(&s, "users", "phone")->kind, SS_SAN_RANDOM);
	ck_assert_str_eq(rule_for(&s, "users", "bio")->arg, "(gone)");
	r = rule_for(&s, "users", "city");
	ck_assert_int_eq(r->kind, SS_SAN_SQL);
	ck_assert_int_eq(r->optional, 1);
	ck_assert_ptr_null(rule_for(&s, "users", "alt")->arg);
	r = rule_for(&s, "users", NULL);
	ck_assert_int_eq(r->kind, SS_SAN_WHERE);
	ck_assert_str_eq(r->arg, "status = 1");
	ck_assert_int_eq(rule_for(&s, "sessions", NULL)->kind, SS_SAN_TRUNCATE);
	r = rule_for(&s, "cache_*", NULL);
	ck_assert_int_eq(r->kind, SS_SAN_TRUNCATE);
	ck_assert_int_eq(r->optional, 1);
	ss_san_release(&s);
}
END_TEST

START_TEST(parse_short_forms)
{
	struct ss_sanitize s;
	struct ss_error err;

	ss_san_init(&s);
	ck_assert_int_eq(parse(&s, "sanitize: drupal\n", &err), 0);
	ck_assert_int_eq(parse(&s, "sanitize: required\n", &err), 0);
	ck_assert_int_eq(parse(&s, "sanitize: [wordpress, drupal]\n", &err), 0);
	ck_assert_uint_eq(s.nprofiles, 2);
	ck_assert_str_eq(s.profiles[0], "drupal");
	ck_assert_str_eq(s.profiles[1], "wordpress");
	ck_assert_int_eq(s.required, 1);
	ck_assert_str_eq(s.required_by, "f.yml:1:11");
	ss_san_release(&s);
}
END_TEST

/* Each bad rule set fails naming the place and the thing. */
START_TEST(parse_errors)
{
	static const struct { const char *yaml, *msg; } cases[] = {
		{ "sanitize:\n  tabels: {}\n", "f.yml:2:3: unknown sanitize key 'tabels'" },
		{ "sanitize:\n  tables:\n    t:\n      columns:\n        c: blur\n",
		  "f.yml:5:12: unknown rule 'blur' for column 'c'" },
		{ "sanitize:\n  tables:\n    t:\n      columns:\n        c: {hash: ~, null: ~}\n",
		  "column 'c' has two rules" },
		{ "sanitize:\n  tables:\n    t:\n      columns:\n        c: {when: x}\n",
		  "column 'c' has no rule" },
		{ "sanitize:\n  tables:\n    t:\n      columns:\n        c: static\n",
		  "unknown rule 'static' for column 'c'" },
		{ "sanitize:\n  tables:\n    t:\n      where: ''\n", "'where' of table 't' is empty" },
		{ "sanitize:\n  tables:\n    t: drop\n", "table 't' must be 'truncate' or a mapping" },
		{ "sanitize:\n  tables:\n    t: {colums: {}}\n", "unknown key 'colums' in sanitize table 't'" },
		{ "sanitize:\n  required: maybe\n", "f.yml:2:13: 'required' must be true or false" },
		{ "sanitize: joomla\n", "unknown sanitize profile 'joomla' (known: drupal, wordpress)" },
		{ "sanitize: ''\n", "'sanitize' is empty" },
		{ "sanitize:\n  tables:\n    t:\n      columns:\n        c: {sql: ''}\n",
		  "'sql' of column 'c' is empty" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ss_sanitize s;
		struct ss_error err;

		ss_san_init(&s);
		assert_failed_with(parse(&s, cases[i].yaml, &err), &err, i, cases[i].msg);
		ss_san_release(&s);
	}
}
END_TEST

START_TEST(profiles_after_explicit_rules)
{
	struct ss_sanitize s;
	struct ss_error err;

	ss_san_init(&s);
	ck_assert_int_eq(ss_san_finish(&s, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "no profile or rule"));
	ss_san_release(&s);

	ss_san_init(&s);
	ck_assert_int_eq(parse(&s, "sanitize:\n  profile: drupal\n  prefix: d8_\n  tables:\n"
			       "    d8_users_field_data: {columns: {mail: {static: keep@x.test}}}\n",
			       &err), 0);
	ck_assert_int_eq(ss_san_finish(&s, &err), 0);
	ck_assert_str_eq(s.rules[0].table, "d8_users_field_data");
	ck_assert_str_eq(s.rules[0].origin, "f.yml:5:37");
	ck_assert_ptr_nonnull(rule_for(&s, "d8_sessions", NULL));
	ck_assert_ptr_null(rule_for(&s, "sessions", NULL));
	ck_assert_str_eq(rule_for(&s, "d8_sessions", NULL)->origin, "profile 'drupal'");
	ck_assert_int_eq(ss_san_finish(&s, &err), 0);   /* twice: no second copy */
	ck_assert_uint_eq(s.nrules, 1 + 15);
	ss_san_release(&s);

	ss_san_init(&s);
	ck_assert_int_eq(ss_san_add_profiles(&s, "wordpress", "--sanitize", &err), 0);
	ck_assert_int_eq(ss_san_finish(&s, &err), 0);
	ck_assert_ptr_nonnull(rule_for(&s, "wp_users", "user_pass"));
	ck_assert_int_eq(ss_san_add_profiles(&s, "drupal,nope", "--sanitize", &err), -1);
	ck_assert_int_eq(err.status, SS_USAGE);
	ss_san_release(&s);
}
END_TEST

START_TEST(matching)
{
	struct ss_sanitize s;
	struct ss_error err;
	const char *parents[] = { "shop.events" };

	ss_san_init(&s);
	ck_assert_int_eq(parse(&s, "sanitize:\n  tables:\n    'cache_*': truncate\n"
			       "    shop.events: truncate\n    users: truncate\n", &err), 0);
	ck_assert(ss_san_matches(&s, NULL, "cache_render", NULL, 0));
	ck_assert(ss_san_matches(&s, "public", "users", NULL, 0));
	ck_assert(!ss_san_matches(&s, NULL, "cachex", NULL, 0));
	ck_assert(!ss_san_matches(&s, NULL, "events", NULL, 0));
	ck_assert(ss_san_matches(&s, "shop", "events", NULL, 0));
	ck_assert(!ss_san_matches(&s, "other", "events", NULL, 0));
	ck_assert(ss_san_matches(&s, "shop", "events_2024", parents, 1));
	ss_san_release(&s);
}
END_TEST

/* A Drupal-like users table as an engine describes it. */
static const char *const pk[] = { "uid", "langcode" };
static const char *const name_key[] = { "name", "langcode" };

static struct ss_san_column users_cols[] = {
	{ "uid", "int", NULL, SS_SAN_T_INT, 0, 4294967295LL, 1, 0 },
	{ "langcode", "varchar(12)", "utf8mb4", SS_SAN_T_TEXT, 12, 0, 1, 0 },
	{ "name", "varchar(60)", "utf8mb4", SS_SAN_T_TEXT, 60, 0, 1, 0 },
	{ "pass", "varchar(255)", "utf8mb4", SS_SAN_T_TEXT, 255, 0, 0, 0 },
	{ "mail", "varchar(254)", "latin1", SS_SAN_T_TEXT, 254, 0, 0, 0 },
	{ "init", "varchar(254)", "utf8mb4", SS_SAN_T_TEXT, 254, 0, 0, 0 },
	{ "created", "int", NULL, SS_SAN_T_INT, 0, 2147483647LL, 0, 0 },
	{ "lower_mail", "varchar(254)", "utf8mb4", SS_SAN_T_TEXT, 254, 0, 0, 1 },
	{ "birthday", "date", NULL, SS_SAN_T_DATE, 0, 0, 0, 0 },
	{ "shape", "geometry", NULL, SS_SAN_T_OTHER, 0, 0, 0, 0 },
};
static const struct ss_san_unique users_uniques[] = {
	{ "PRIMARY", pk, 2 },
	{ "user__name", name_key, 2 },
};

static struct ss_san_table users_table(void)
{
	struct ss_san_table t = {
		.est_rows = 10,
		.name = "users_field_data",
		.cols = users_cols,
		.ncols = sizeof(users_cols) / sizeof(users_cols[0]),
		.uniques = users_uniques,
		.nuniques = 2,
		.copied = 1,
	};
	return t;
}

/* Bind the rules of text (made to finish) to the users table; the run, or NULL with err. */
static struct ss_san_run *bind(const char *text, enum ss_san_dialect d, struct ss_sanitize *s,
			       struct ss_error *err)
{
	struct ss_san_table t = users_table();
	struct ss_san_run *run = NULL;

	ss_san_init(s);
	ck_assert_msg(parse(s, text, err) == 0, "%s", err->msg);
	ck_assert_msg(ss_san_finish(s, err) == 0, "%s", err->msg);
	s->keylen = 3;
	memcpy(s->key, "key", 3);
	if (ss_san_bind(s, d, &t, 1, &run, err) < 0)
		return NULL;
	return run;
}

#define RULES(cols) "sanitize:\n  tables:\n    users_field_data:\n      columns: " cols "\n"

static void assert_has(const char *hay, const char *needle)
{
	ck_assert_msg(hay && strstr(hay, needle), "'%s' lacks '%s'", hay ? hay : "(null)", needle);
}

START_TEST(bind_mysql_select)
{
	struct ss_sanitize s;
	struct ss_error err;
	struct ss_san_run *run = bind(RULES("{pass: null, mail: {email: 'user+{uid}@t.test',"
					    " when: 'uid > 0'}, name: {email: 'user_{uid}'},"
					    " created: random, birthday: random}"), SS_SAN_MYSQL, &s, &err);
	const struct ss_san_plan *p;

	ck_assert_msg(run, "%s", err.msg);
	p = &run->plans[0];
	ck_assert(ss_san_plan_active(p));
	/* untouched columns as they are, in order; the generated one left out */
	ck_assert_ptr_eq(strstr(p->select, "`uid`,`langcode`,"), p->select);
	ck_assert_ptr_null(strstr(p->select, "lower_mail"));
	assert_has(p->select, ",CONVERT(NULL USING utf8mb4),");
	assert_has(p->select, "CASE WHEN (uid > 0) THEN CONVERT(LEFT(CONCAT(_utf8mb4 X'757365722b',"
		   " COALESCE(CAST(`uid` AS CHAR), ''), _utf8mb4 X'40742e74657374'), 254) USING latin1)"
		   " ELSE `mail` END");
	assert_has(p->select, "FLOOR(RAND() * POW(10, LEAST(CHAR_LENGTH(ABS(`created`)), 9)))");
	assert_has(p->select, "DATE('1970-01-02') + INTERVAL FLOOR(RAND() * 20000) DAY");
	ck_assert_ptr_null(p->filter);
	/* the rows mail is rewritten for are counted in the snapshot */
	ck_assert_str_eq(p->count, "COALESCE(SUM(CASE WHEN (uid > 0) THEN 1 ELSE 0 END), 0)");
	ck_assert_int_eq(run->hashes, 0);
	ck_assert_uint_eq(run->nuses, 5);
	ss_san_plan_copied(run, p, 10);
	ss_san_plan_counted(run, p, (long long[]){ 9 }, 1);
	ck_assert_int_eq(atomic_load(&run->uses[0].values), 10);   /* name */
	ck_assert_int_eq(atomic_load(&run->uses[2].values), 9);    /* mail: uid > 0 */
	ck_assert_int_eq(ss_san_run_values(run), 10 + 10 + 9 + 10 + 10);
	ss_san_run_free(run);
	ss_san_release(&s);
}
END_TEST

START_TEST(bind_pg_casts)
{
	struct ss_sanitize s;
	struct ss_error err;
	struct ss_san_run *run = bind(RULES("{pass: hash, mail: {static: \"it's \\\\ here\"},"
					    " created: {sql: 'created + 1'}}\n      where: status = 1"),
				      SS_SAN_PGSQL, &s, &err);
	const struct ss_san_plan *p;

	ck_assert_msg(run, "%s", err.msg);
	p = &run->plans[0];
	ck_assert_ptr_eq(strstr(p->select, "\"uid\",\"langcode\",\"name\",CAST("), p->select);
	assert_has(p->select, "CAST(encode(sha256(decode(current_setting('sitesync.hmac_opad'), 'hex')"
		   " || sha256(decode(current_setting('sitesync.hmac_ipad'), 'hex') ||"
		   " convert_to((\"pass\")::text, 'UTF8'))), 'hex') AS varchar(255))");
	assert_has(p->select, "CAST(E'it''s \\\\ here' AS varchar(254))");
	assert_has(p->select, "CAST((created + 1) AS int)");
	ck_assert_str_eq(p->filter, "(status = 1)");
	ck_assert_ptr_null(p->count);
	ck_assert_int_eq(run->hashes, 1);
	/* the pads of "key": 'k' ^ 0x36 = 0x5d, 'k' ^ 0x5c = 0x37; zero bytes are 36 and 5c */
	ck_assert_uint_eq(strlen(run->ipad), 128);
	ck_assert_int_eq(strncmp(run->ipad, "5d534f", 6), 0);
	ck_assert_int_eq(strncmp(run->opad, "373925", 6), 0);
	ck_assert_str_eq(run->ipad + 120, "36363636");
	ss_san_plan_copied(run, p, 7);
	ck_assert_int_eq(atomic_load(&run->uses[0].values), 3);    /* where: rows left out */
	ck_assert(ss_san_use_estimated(&run->uses[0]));
	ck_assert(!ss_san_use_estimated(&run->uses[1]));
	ss_san_run_free(run);
	ss_san_release(&s);
}
END_TEST

/* A column named in a template shows its new value, never its old one. */
START_TEST(template_uses_new_values)
{
	struct ss_sanitize s;
	struct ss_error err;
	struct ss_san_run *run = bind(RULES("{name: hash, mail: {email: '{name}@t.test'}}"),
				      SS_SAN_MYSQL, &s, &err);
	const char *sel, *mail;

	ck_assert_msg(run, "%s", err.msg);
	sel = run->plans[0].select;
	mail = strstr(sel, "CONVERT(LEFT(CONCAT(");
	ck_assert_ptr_nonnull(mail);
	assert_has(mail, "COALESCE(CAST(CONVERT(LEFT(SHA2(");
	ck_assert_ptr_null(strstr(mail, "CAST(`name` AS CHAR)"));
	ss_san_run_free(run);
	ss_san_release(&s);
}
END_TEST

START_TEST(bind_refusals)
{
	static const struct { const char *cols, *msg; } cases[] = {
		{ "{name: {static: x}}", "sanitize rule static for 'users_field_data.name' (f.yml:4:"
		  "17): one value for every row would break unique index 'user__name'" },
		{ "{name: random}", "random values may repeat and break unique index 'user__name'" },
		{ "{name: {email: 'x{created}'}}", "would break unique index 'user__name'" },
		{ "{uid: null}", "the column is NOT NULL" },
		{ "{created: hash}", "hash needs a text or binary column, not int" },
		{ "{shape: random}", "random has no values of type geometry" },
		{ "{lower_mail: hash}", "the column is generated" },
		{ "{mial: hash}", "table 'users_field_data' has no column 'mial'" },
		{ "{mail: {email: 'a{nope}'}}", "names no column of the table: 'nope'" },
		{ "{mail: {email: 'a{uid'}}", "has a '{' without a column name" },
		{ "{mail: email}", "no single-column key" },
		{ "{'x_*': hash}", "no column 'x_*' in table 'users_field_data'" },
		{ "{name: {email: 'n{uid}'}, mail: {email: 'm{name}'}}", "made from a template too" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ss_sanitize s;
		struct ss_error err;
		char text[512];

		snprintf(text, sizeof(text), RULES("%s"), cases[i].cols);
		assert_failed_with(bind(text, SS_SAN_MYSQL, &s, &err) ? 0 : -1, &err, i, cases[i].msg);
		ss_san_release(&s);
	}
}
END_TEST

/* MySQL's column names do not care about case, PostgreSQL's do. */
START_TEST(column_case)
{
	struct ss_sanitize s;
	struct ss_error err;
	struct ss_san_run *run = bind(RULES("{MAIL: {email: 'x{UID}@t.test'}}"), SS_SAN_MYSQL, &s, &err);

	ck_assert_msg(run, "%s", err.msg);
	assert_has(run->plans[0].select, "CAST(`uid` AS CHAR)");
	ss_san_run_free(run);
	ss_san_release(&s);
	ck_assert_ptr_null(bind(RULES("{MAIL: hash}"), SS_SAN_PGSQL, &s, &err));
	assert_has(err.msg, "has no column 'MAIL'");
	ss_san_release(&s);
}
END_TEST

START_TEST(bind_unique_ok)
{
	struct ss_sanitize s;
	struct ss_error err;
	/* user_{uid} with langcode: (uid, langcode) is the primary key */
	struct ss_san_run *run = bind(RULES("{name: {email: 'user_{uid}'}, 'p*': random}"),
				      SS_SAN_MYSQL, &s, &err);

	ck_assert_msg(run, "%s", err.msg);
	ck_assert_ptr_null(run->plans[0].count);
	ss_san_run_free(run);
	ss_san_release(&s);
}
END_TEST

START_TEST(bind_tables)
{
	struct ss_sanitize s;
	struct ss_error err;
	struct ss_san_table t[2] = { users_table(), users_table() };
	struct ss_san_run *run;

	t[0].est_rows = 42;
	t[1].name = "sessions";
	t[1].copied = 0;
	ss_san_init(&s);
	ck_assert_int_eq(parse(&s, "sanitize:\n  tables:\n    users_field_data: truncate\n"
			       "    sessions: {columns: {pass: null}}\n    gone: truncate\n", &err), 0);
	ck_assert_int_eq(ss_san_finish(&s, &err), 0);
	ck_assert_int_eq(ss_san_bind(&s, SS_SAN_MYSQL, t, 2, &run, &err), -1);
	ck_assert_str_eq(err.msg, "sanitize rule truncate for 'gone' (f.yml:5:5): no table 'gone'"
			 " in the source (optional: true allows that)");
	s.rules[2].optional = 1;
	ck_assert_int_eq(ss_san_bind(&s, SS_SAN_MYSQL, t, 2, &run, &err), 0);
	ck_assert_int_eq(run->plans[0].truncate, 1);
	ck_assert_str_eq(run->plans[0].filter, "FALSE");
	ck_assert_ptr_null(run->plans[0].count);
	ck_assert_ptr_null(run->plans[0].select);
	ck_assert(!ss_san_plan_active(&run->plans[1]));   /* not copied: checked only */
	ck_assert_uint_eq(run->nuses, 1);
	ck_assert_int_eq(ss_san_run_values(run), 42);     /* the estimate, nothing copied */
	ss_san_run_free(run);
	ss_san_release(&s);
}
END_TEST

START_TEST(drupal_profile_binds)
{
	struct ss_sanitize s;
	struct ss_error err;
	struct ss_san_table t = users_table();
	struct ss_san_run *run;
	struct ss_buf b = SS_BUF_INIT;

	ss_san_init(&s);
	ck_assert_int_eq(ss_san_add_profiles(&s, "drupal", "--sanitize", &err), 0);
	ck_assert_int_eq(ss_san_finish(&s, &err), 0);
	/* sessions is missing: the profile says so */
	ck_assert_int_eq(ss_san_bind(&s, SS_SAN_PGSQL, &t, 1, &run, &err), -1);
	ck_assert_msg(strstr(err.msg, "no table 'sessions'"), "%s", err.msg);
	for (size_t i = 0; i < s.nrules; i++)
		if (!strcmp(s.rules[i].table, "sessions"))
			s.rules[i].optional = 1;
	ck_assert_msg(ss_san_bind(&s, SS_SAN_PGSQL, &t, 1, &run, &err) == 0, "%s", err.msg);
	assert_has(run->plans[0].select, "CASE WHEN (uid > 0) THEN CAST(NULL AS varchar(255))"
		   " ELSE \"pass\" END");
	ss_san_use_describe(&run->uses[0], &b);
	ck_assert_str_eq(b.data, "name: email 'user_{uid}' when uid > 0 (profile 'drupal')");
	ss_buf_release(&b);
	ss_san_run_free(run);
	ss_san_release(&s);
}
END_TEST

START_TEST(key_sources)
{
	struct ss_sanitize s;
	struct ss_error err;
	const char *warning;

	ss_san_init(&s);
	ck_assert_int_eq(ss_san_load_key(&s, &warning, &err), 0);
	ck_assert_int_eq(s.key_random, 1);
	ck_assert_uint_eq(s.keylen, 32);
	ck_assert_int_eq(parse(&s, "sanitize:\n  key-env: SS_TEST_KEY\n", &err), 0);
	unsetenv("SS_TEST_KEY");
	ck_assert_int_eq(ss_san_load_key(&s, &warning, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "key-env 'SS_TEST_KEY' is not set (f.yml:2:3)"));
	setenv("SS_TEST_KEY", "0123456789012345678901234567890123456789012345678901234567890123X", 1);
	ck_assert_int_eq(ss_san_load_key(&s, &warning, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "longer than 64 bytes"));
	setenv("SS_TEST_KEY", "secret", 1);
	ck_assert_int_eq(ss_san_load_key(&s, &warning, &err), 0);
	ck_assert_uint_eq(s.keylen, 6);
	ck_assert_int_eq(s.key_random, 0);
	ss_san_release(&s);
	ck_assert_uint_eq(s.keylen, 0);
}
END_TEST

START_TEST(types)
{
	long long len, max;

	ck_assert_int_eq(ss_san_mysql_type("varchar"), SS_SAN_T_TEXT);
	ck_assert_int_eq(ss_san_mysql_type("longblob"), SS_SAN_T_BINARY);
	ck_assert_int_eq(ss_san_mysql_type("enum"), SS_SAN_T_OTHER);
	ck_assert_int_eq(ss_san_mysql_int_max("tinyint", 1), 255);
	ck_assert_int_eq(ss_san_pg_type("character varying(254)", &len, &max), SS_SAN_T_TEXT);
	ck_assert_int_eq(len, 254);
	ck_assert_int_eq(ss_san_pg_type("public.citext", &len, &max), SS_SAN_T_TEXT);
	ck_assert_int_eq(ss_san_pg_type("public.mood", &len, &max), SS_SAN_T_OTHER);
	ck_assert_int_eq(ss_san_pg_type("text[]", &len, &max), SS_SAN_T_OTHER);
	ck_assert_int_eq(ss_san_pg_type("smallint", &len, &max), SS_SAN_T_INT);
	ck_assert_int_eq(max, 32767);
	ck_assert_int_eq(ss_san_pg_type("timestamp(3) with time zone", &len, &max),
			 SS_SAN_T_DATETIME);
}
END_TEST

START_TEST(describe)
{
	struct ss_sanitize s;
	struct ss_error err;
	struct ss_buf b = SS_BUF_INIT;

	ss_san_init(&s);
	ck_assert_int_eq(parse(&s, "sanitize:\n  required: yes\n  profile: drupal\n"
			       "  key-file: keys/k\n  tables: {t: truncate}\n", &err), 0);
	ss_san_describe(&s, &b);
	ck_assert_str_eq(b.data, "required, profile drupal, 1 rule, key from file './keys/k'"
			 " (required by f.yml:2:3)");
	ss_buf_release(&b);
	ss_san_release(&s);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sanitize");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, parse_mapping);
	tcase_add_test(tc, parse_short_forms);
	tcase_add_test(tc, parse_errors);
	tcase_add_test(tc, profiles_after_explicit_rules);
	tcase_add_test(tc, matching);
	tcase_add_test(tc, bind_mysql_select);
	tcase_add_test(tc, bind_pg_casts);
	tcase_add_test(tc, template_uses_new_values);
	tcase_add_test(tc, bind_refusals);
	tcase_add_test(tc, column_case);
	tcase_add_test(tc, bind_unique_ok);
	tcase_add_test(tc, bind_tables);
	tcase_add_test(tc, drupal_profile_binds);
	tcase_add_test(tc, key_sources);
	tcase_add_test(tc, types);
	tcase_add_test(tc, describe);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(suite)

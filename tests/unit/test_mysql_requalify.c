/*
 * test_mysql_requalify.c - the MySQL lexer and the requalifier: real SHOW
 * CREATE texts, then generated statements where the generator knows which
 * names are schema qualifiers (only those may change), and random text
 * (strings and comments never change, nothing crashes).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sitesync/buf.h>

#include "lib/mysql/lex.h"
#include "lib/mysql/requalify.h"
#include "tests/unit/unit.h"

static char *rq(const char *sql, const char *from, const char *to)
{
	return ss_my_requalify(sql, from, to, 0, NULL);
}

#define CK_RQ(sql, from, to, want)                          \
	do {                                                \
		char *got_ = rq(sql, from, to);             \
		ck_assert_str_eq(got_, want);               \
		free(got_);                                 \
	} while (0)

START_TEST(lexer_kinds)
{
	static const struct {
		const char *text;
		unsigned mode;
		enum ss_my_tok kind;
		size_t len;
	} cases[] = {
		{ "`a``b`.c", 0, SS_MY_TOK_QUOTED, 6 },
		{ "\"a\"\"b\" x", 0, SS_MY_TOK_STRING, 6 },
		{ "\"a\"\"b\" x", SS_MY_LEX_ANSI_QUOTES, SS_MY_TOK_QUOTED, 6 },
		{ "'it\\'s' x", 0, SS_MY_TOK_STRING, 7 },
		{ "'C:\\' x", SS_MY_LEX_NO_BACKSLASH_ESCAPES, SS_MY_TOK_STRING, 5 },
		{ "'a''b' x", 0, SS_MY_TOK_STRING, 6 },
		{ "-- c\nx", 0, SS_MY_TOK_COMMENT, 4 },
		{ "--x", 0, SS_MY_TOK_PUNCT, 1 },
		{ "# c\nx", 0, SS_MY_TOK_COMMENT, 3 },
		{ "/* a */x", 0, SS_MY_TOK_COMMENT, 7 },
		{ "/*!50001 x */", 0, SS_MY_TOK_COMMENT, 8 },
		{ "/*M!100100 x */", 0, SS_MY_TOK_COMMENT, 10 },
		{ "1.5e-3+", 0, SS_MY_TOK_NUMBER, 6 },
		{ "2e10 x", 0, SS_MY_TOK_NUMBER, 4 },
		{ ".5 x", 0, SS_MY_TOK_NUMBER, 2 },
		{ "0x1F x", 0, SS_MY_TOK_NUMBER, 4 },
		{ "1abc.x", 0, SS_MY_TOK_WORD, 4 },
		{ "bäcker.x", 0, SS_MY_TOK_WORD, 7 },
		{ "@a.b:=1", 0, SS_MY_TOK_VARIABLE, 4 },
		{ "@@session.sql_mode x", 0, SS_MY_TOK_VARIABLE, 18 },
		{ "@'x y' z", 0, SS_MY_TOK_VARIABLE, 6 },
		{ "`open", 0, SS_MY_TOK_QUOTED, 5 },
		{ "'open\\", 0, SS_MY_TOK_STRING, 6 },
		{ "@", 0, SS_MY_TOK_PUNCT, 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct ss_my_lexer lx;
		struct ss_my_token t;

		ss_my_lex_init(&lx, cases[i].text, cases[i].mode);
		ck_assert_msg(ss_my_lex_next(&lx, &t) == cases[i].kind, "kind of %s", cases[i].text);
		ck_assert_msg(t.len == cases[i].len, "length of %s: %zu", cases[i].text, t.len);
	}
}
END_TEST

START_TEST(lexer_after_dot_and_exec_comment)
{
	struct ss_my_lexer lx;
	struct ss_my_token t;
	char *n;

	ss_my_lex_init(&lx, "t.1e5", 0);
	ck_assert_int_eq(ss_my_lex_next(&lx, &t), SS_MY_TOK_WORD);
	ck_assert_int_eq(ss_my_lex_next(&lx, &t), SS_MY_TOK_PUNCT);
	ck_assert_int_eq(ss_my_lex_next(&lx, &t), SS_MY_TOK_WORD);
	ck_assert_uint_eq(t.len, 3);
	ss_my_lex_init(&lx, "/*!50001 `a``b` */", 0);
	ck_assert_int_eq(ss_my_lex_next(&lx, &t), SS_MY_TOK_COMMENT);
	ck_assert_int_eq(ss_my_lex_next(&lx, &t), SS_MY_TOK_SPACE);
	ck_assert_int_eq(ss_my_lex_next(&lx, &t), SS_MY_TOK_QUOTED);
	n = ss_my_token_name(&t);
	ck_assert_str_eq(n, "a`b");
	free(n);
	ck_assert_int_eq(ss_my_lex_next(&lx, &t), SS_MY_TOK_SPACE);
	ck_assert_int_eq(ss_my_lex_next(&lx, &t), SS_MY_TOK_COMMENT);
	ck_assert_uint_eq(t.len, 2);
	ck_assert_int_eq(ss_my_lex_next(&lx, &t), SS_MY_TOK_END);
	ck_assert_uint_eq(ss_my_lex_mode("STRICT_TRANS_TABLES,ANSI_QUOTES"), SS_MY_LEX_ANSI_QUOTES);
	ck_assert_uint_eq(ss_my_lex_mode("PIPES_AS_CONCAT,ANSI,NO_BACKSLASH_ESCAPES"),
			  SS_MY_LEX_ANSI_QUOTES | SS_MY_LEX_NO_BACKSLASH_ESCAPES);
	ck_assert_uint_eq(ss_my_lex_mode("ANSI_QUOTESX"), 0);
	ck_assert_uint_eq(ss_my_lex_mode(NULL), 0);
}
END_TEST

/* The texts MariaDB 10.11 prints (issue #15's cases among them). */
START_TEST(show_create_views)
{
	/* compact form (read with the view's database selected) */
	CK_RQ("CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v`"
	      " AS select `shop`.`id` AS `id` from `shop`", "shop", "shop_copy",
	      "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v`"
	      " AS select `shop`.`id` AS `id` from `shop`");
	/* full form */
	CK_RQ("CREATE VIEW `shop`.`v` AS select `shop`.`shop`.`id` AS `id` from `shop`.`shop`",
	      "shop", "shop_copy",
	      "CREATE VIEW `shop_copy`.`v` AS select `shop_copy`.`shop`.`id` AS `id` from"
	      " `shop_copy`.`shop`");
	/* the employees sample's view */
	CK_RQ("VIEW `v_full_employees` AS select `employees`.`emp_no` AS `emp_no`,"
	      "`employees`.`first_name` AS `first_name`,`d`.`dept_name` AS `dept_name` from"
	      " ((`employees` join `dept_emp` `de` on(`employees`.`emp_no` = `de`.`emp_no`))"
	      " join `departments` `d` on(`de`.`dept_no` = `d`.`dept_no`))",
	      "employees", "employees_copy",
	      "VIEW `v_full_employees` AS select `employees`.`emp_no` AS `emp_no`,"
	      "`employees`.`first_name` AS `first_name`,`d`.`dept_name` AS `dept_name` from"
	      " ((`employees` join `dept_emp` `de` on(`employees`.`emp_no` = `de`.`emp_no`))"
	      " join `departments` `d` on(`de`.`dept_no` = `d`.`dept_no`))");
	/* a routine named like the database, strings and sequences */
	CK_RQ("select `shop`.`shop`(`shop`.`id`) AS `a`,'shop.shop' AS `s`,nextval(`shop`.`sq`)"
	      " AS `n`,`f2`() AS `z`,extract(year from `shop`.`d`) AS `y` from (`shop` join"
	      " `shop` `s2` on(`s2`.`id` = `shop`.`id`))", "shop", "x",
	      "select `x`.`shop`(`shop`.`id`) AS `a`,'shop.shop' AS `s`,nextval(`x`.`sq`)"
	      " AS `n`,`f2`() AS `z`,extract(year from `shop`.`d`) AS `y` from (`shop` join"
	      " `shop` `s2` on(`s2`.`id` = `shop`.`id`))");
	/* another database: left as it is */
	CK_RQ("select `other`.`o`.`id` AS `id` from (`shop`.`shop` join `other`.`o`"
	      " on(`other`.`o`.`id` = `shop`.`shop`.`id`))", "shop", "c",
	      "select `other`.`o`.`id` AS `id` from (`c`.`shop` join `other`.`o`"
	      " on(`other`.`o`.`id` = `c`.`shop`.`id`))");
	/* subqueries, derived tables and star */
	CK_RQ("select `shop`.* from (select `shop`.`shop`.`id` AS `id` from `shop`.`shop`) `shop`"
	      " where exists(select 1 from `shop`.`t` where `t`.`a` = `shop`.`id`)", "shop", "c",
	      "select `shop`.* from (select `c`.`shop`.`id` AS `id` from `c`.`shop`) `shop`"
	      " where exists(select 1 from `c`.`t` where `t`.`a` = `shop`.`id`)");
}
END_TEST

START_TEST(routines_and_triggers)
{
	/* a trigger as written, its header included */
	CK_RQ("CREATE DEFINER=`root`@`localhost` TRIGGER shop.tr BEFORE INSERT ON shop.shop FOR EACH"
	      " ROW INSERT INTO shop.log(msg) VALUES (CONCAT('shop.shop ', NEW.id)) /* shop.log */",
	      "shop", "shop_copy",
	      "CREATE DEFINER=`root`@`localhost` TRIGGER `shop_copy`.tr BEFORE INSERT ON"
	      " `shop_copy`.shop FOR EACH ROW INSERT INTO `shop_copy`.log(msg) VALUES"
	      " (CONCAT('shop.shop ', NEW.id)) /* shop.log */");
	/* a parameter, a table and an alias named like the database */
	CK_RQ("CREATE PROCEDURE `p`(IN shop INT)\nBEGIN\n  -- shop.shop comment\n  # shop.shop\n"
	      "  SELECT shop.id, \"shop.shop\" FROM shop.shop shop WHERE shop.id = shop;\nEND",
	      "shop", "s2",
	      "CREATE PROCEDURE `p`(IN shop INT)\nBEGIN\n  -- shop.shop comment\n  # shop.shop\n"
	      "  SELECT shop.id, \"shop.shop\" FROM `s2`.shop shop WHERE shop.id = shop;\nEND");
	/* DML of every kind */
	CK_RQ("UPDATE shop.t, shop.u SET shop.a = shop.f(1), t.b = shop.t.c WHERE shop.x;"
	      " DELETE FROM shop.t USING shop.t JOIN shop.u USING (id), shop.v;"
	      " INSERT INTO shop.t (shop) SELECT shop FROM shop ON DUPLICATE KEY UPDATE shop.a = 1;"
	      " REPLACE INTO shop.t VALUES (REPLACE(shop.a, 'x', 'y'), INSERT(shop.s, 1, 2, 'z'));"
	      " CALL shop.p(shop.a); SELECT TRUNCATE(shop.n, 2) FROM shop.t FOR UPDATE;"
	      " TRUNCATE TABLE shop.t; DROP TEMPORARY TABLE IF EXISTS shop.tmp, shop.tmp2;"
	      " CREATE TABLE shop.n LIKE shop.t; RENAME TABLE shop.a TO shop.b, shop.c TO shop.d;"
	      " LOCK TABLES shop.t READ, shop.u WRITE; CREATE INDEX i ON shop.t (a);"
	      " SELECT NEXT VALUE FOR shop.sq, SETVAL(shop.sq, 5), TRIM(BOTH 'x' FROM shop.c);"
	      " DECLARE r ROW TYPE OF shop.t; DECLARE c TYPE OF shop.c;"
	      " ALTER TABLE shop.t ADD FOREIGN KEY (a) REFERENCES shop.u (id) ON DELETE CASCADE",
	      "shop", "n",
	      "UPDATE `n`.t, `n`.u SET shop.a = `n`.f(1), t.b = `n`.t.c WHERE shop.x;"
	      " DELETE FROM `n`.t USING `n`.t JOIN `n`.u USING (id), `n`.v;"
	      " INSERT INTO `n`.t (shop) SELECT shop FROM shop ON DUPLICATE KEY UPDATE shop.a = 1;"
	      " REPLACE INTO `n`.t VALUES (REPLACE(shop.a, 'x', 'y'), INSERT(shop.s, 1, 2, 'z'));"
	      " CALL `n`.p(shop.a); SELECT TRUNCATE(shop.n, 2) FROM `n`.t FOR UPDATE;"
	      " TRUNCATE TABLE `n`.t; DROP TEMPORARY TABLE IF EXISTS `n`.tmp, `n`.tmp2;"
	      " CREATE TABLE `n`.n LIKE `n`.t; RENAME TABLE `n`.a TO `n`.b, `n`.c TO `n`.d;"
	      " LOCK TABLES `n`.t READ, `n`.u WRITE; CREATE INDEX i ON `n`.t (a);"
	      " SELECT NEXT VALUE FOR `n`.sq, SETVAL(`n`.sq, 5), TRIM(BOTH 'x' FROM shop.c);"
	      " DECLARE r ROW TYPE OF `n`.t; DECLARE c TYPE OF shop.c;"
	      " ALTER TABLE `n`.t ADD FOREIGN KEY (a) REFERENCES `n`.u (id) ON DELETE CASCADE");
	/* an event, and executable comments (code to the server) */
	CK_RQ("CREATE DEFINER=`u`@`%` EVENT `ev` ON SCHEDULE EVERY 1 DAY DO DELETE FROM shop.log"
	      " WHERE id < 0 /*!50001 AND shop.f() */", "shop", "n",
	      "CREATE DEFINER=`u`@`%` EVENT `ev` ON SCHEDULE EVERY 1 DAY DO DELETE FROM `n`.log"
	      " WHERE id < 0 /*!50001 AND `n`.f() */");
	/* tables named like keywords that are not reserved */
	CK_RQ("SELECT 1 FROM event, shop.value JOIN shop.t value ON 1, shop.z WHERE shop.y", "shop",
	      "n", "SELECT 1 FROM event, `n`.value JOIN `n`.t value ON 1, `n`.z WHERE shop.y");
}
END_TEST

START_TEST(names_and_modes)
{
	struct ss_buf others = SS_BUF_INIT;
	char *s;

	/* backticks, dots, unicode, spaces around dots */
	CK_RQ("select `a``b`.`t`.`c`, `a``b` . f(1) from `a``b`.t", "a`b", "x.y",
	      "select `x.y`.`t`.`c`, `x.y` . f(1) from `x.y`.t");
	CK_RQ("select bäckerei.t.c from bäckerei.t bäckerei", "bäckerei", "bäckerei_kopie",
	      "select `bäckerei_kopie`.t.c from `bäckerei_kopie`.t bäckerei");
	CK_RQ("select `my.shop`.`t`.`c` from `my.shop`.`t` where 'my.shop' = `my.shop`", "my.shop",
	      "d", "select `d`.`t`.`c` from `d`.`t` where 'my.shop' = `my.shop`");
	/* case matters (lower_case_table_names = 0) */
	CK_RQ("select Shop.t.c from Shop.t", "shop", "x", "select Shop.t.c from Shop.t");
	/* ANSI_QUOTES: "shop" is an identifier; otherwise a string */
	s = ss_my_requalify("select \"shop\".\"t\".\"c\", 'shop.t' from \"shop\".t", "shop", "n",
			    SS_MY_LEX_ANSI_QUOTES, NULL);
	ck_assert_str_eq(s, "select `n`.\"t\".\"c\", 'shop.t' from `n`.t");
	free(s);
	CK_RQ("select \"shop\".\"t\" from shop.t", "shop", "n", "select \"shop\".\"t\" from `n`.t");
	/* NO_BACKSLASH_ESCAPES: 'C:\' ends the string */
	s = ss_my_requalify("select 'C:\\' from shop.t where ' shop.t'", "shop", "n",
			    SS_MY_LEX_NO_BACKSLASH_ESCAPES, NULL);
	ck_assert_str_eq(s, "select 'C:\\' from `n`.t where ' shop.t'");
	free(s);
	/* other databases are reported, each once, but the server's own */
	s = ss_my_requalify("select o.t.c, `we``ird`.f(), mysql.f(), sys.g() from o.t, shop.t, o.u",
			    "shop", "n", 0, &others);
	ck_assert_str_eq(s, "select o.t.c, `we``ird`.f(), mysql.f(), sys.g() from o.t, `n`.t, o.u");
	ck_assert_uint_eq(others.len, strlen("o") + 1 + strlen("we`ird") + 1);
	ck_assert_str_eq(others.data, "o");
	ck_assert_str_eq(others.data + 2, "we`ird");
	free(s);
	ss_buf_release(&others);
	/* unterminated text and stray tokens */
	CK_RQ("select shop.t.c from shop.t where 'open", "shop", "n",
	      "select `n`.t.c from `n`.t where 'open");
	CK_RQ(") ) shop.f( . .* shop. , ;(((", "shop", "n", ") ) `n`.f( . .* shop. , ;(((");
	CK_RQ("select `t`shop.f()", "shop", "n", "select `t` `n`.f()");
	CK_RQ("", "shop", "n", "");
}
END_TEST

/* ------------------------------------------------------------------------
 * Generated statements: the generator writes the input and the expected
 * output side by side, knowing which names are schema qualifiers.
 */

struct gen {
	struct ss_buf in, want;
	const char *from, *to;
	unsigned mode;
	int depth;
	int in_exec;  /* inside an executable comment (they do not nest) */
};

static unsigned pick(unsigned n)
{
	return (unsigned)rand() % n;
}

static void both(struct gen *g, const char *s)
{
	ss_buf_adds(&g->in, s);
	ss_buf_adds(&g->want, s);
}

/* A name the server would read bare (conservatively). */
static int bare_ok(const char *s)
{
	static const char *const words[] = { "select", "from", "value", "event", "join", NULL };

	if (!*s || (*s >= '0' && *s <= '9'))
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || (unsigned char)*p >= 0x80))
			return 0;
	for (size_t i = 0; words[i]; i++)
		if (!strcmp(s, words[i]))
			return 0;
	return 1;
}

/* name as the text spells it: bare, `quoted` or "quoted" (ANSI_QUOTES). */
static void spell(struct ss_buf *b, const char *name, unsigned mode)
{
	unsigned how = pick(3);
	char q = how == 2 && (mode & SS_MY_LEX_ANSI_QUOTES) ? '"' : '`';

	if (how == 0 && bare_ok(name)) {
		ss_buf_adds(b, name);
		return;
	}
	ss_buf_addc(b, q);
	for (const char *p = name; *p; p++) {
		ss_buf_addc(b, *p);
		if (*p == q)
			ss_buf_addc(b, q);
	}
	ss_buf_addc(b, q);
}

/* A name that is not a schema qualifier: never changes. */
static void ident(struct gen *g, const char *name)
{
	struct ss_buf s = SS_BUF_INIT;

	spell(&s, name, g->mode);
	both(g, s.data);
	ss_buf_release(&s);
}

/* A schema qualifier naming db: changes when db is the source. */
static void schema(struct gen *g, const char *db)
{
	struct ss_buf s = SS_BUF_INIT;

	spell(&s, db, g->mode);
	ss_buf_adds(&g->in, s.data);
	if (!strcmp(db, g->from)) {
		ss_buf_addc(&g->want, '`');
		for (const char *p = g->to; *p; p++) {
			ss_buf_addc(&g->want, *p);
			if (*p == '`')
				ss_buf_addc(&g->want, '`');
		}
		ss_buf_addc(&g->want, '`');
	} else {
		ss_buf_adds(&g->want, s.data);
	}
	ss_buf_release(&s);
}

/* Blanks or a comment that mentions the database as a qualifier. */
static void gap(struct gen *g)
{
	struct ss_buf c = SS_BUF_INIT;

	switch (pick(8)) {
	case 0:
		ss_buf_addf(&c, " /* %s.t `%s`.f() */ ", g->from, g->from);
		break;
	case 1:
		ss_buf_addf(&c, " -- %s.t\n", g->from);
		break;
	case 2:
		ss_buf_addf(&c, " #%s.t\n", g->from);
		break;
	case 3:
		ss_buf_adds(&c, "\n\t");
		break;
	default:
		ss_buf_adds(&c, " ");
	}
	both(g, c.data);
	ss_buf_release(&c);
}

/* Nothing, or a gap. */
static void gap0(struct gen *g)
{
	if (!pick(4))
		gap(g);
}

static void dot(struct gen *g)
{
	gap0(g);
	both(g, ".");
	gap0(g);
}

/* Append s to b with q doubled (inside a string quoted by q). */
static void add_doubled(struct ss_buf *b, const char *s, char q)
{
	for (; *s; s++) {
		ss_buf_addc(b, *s);
		if (*s == q || (*s == '\\'))
			ss_buf_addc(b, *s);
	}
}

/* A string literal that spells the database as a qualifier in its text. */
static void string(struct gen *g)
{
	struct ss_buf s = SS_BUF_INIT;
	int ansi = g->mode & SS_MY_LEX_ANSI_QUOTES;
	int nbe = g->mode & SS_MY_LEX_NO_BACKSLASH_ESCAPES;
	char q = !ansi && pick(2) ? '"' : '\'';

	ss_buf_addc(&s, q);
	switch (pick(5)) {
	case 0:
		add_doubled(&s, g->from, q);
		ss_buf_adds(&s, ".t");
		break;
	case 1:
		ss_buf_adds(&s, "`");
		add_doubled(&s, g->from, q);
		ss_buf_adds(&s, "`.`t`");
		break;
	case 2:   /* an escaped quote, then the name */
		ss_buf_adds(&s, nbe ? "it" : "it\\");
		ss_buf_addc(&s, q);
		ss_buf_addc(&s, nbe ? q : 's');
		ss_buf_adds(&s, " FROM ");
		add_doubled(&s, g->from, q);
		ss_buf_adds(&s, ".t");
		break;
	case 3:   /* a backslash ending the string where it is a plain byte */
		ss_buf_adds(&s, nbe ? "C:\\" : "C:\\\\");
		break;
	default:
		ss_buf_addc(&s, q);
		ss_buf_addc(&s, q);
		add_doubled(&s, g->from, q);
		ss_buf_adds(&s, ". ");
	}
	ss_buf_addc(&s, q);
	both(g, s.data);
	ss_buf_release(&s);
}

static const char *const tables[] = { "t", "item", "shop", "Shop", "order items", NULL };
static const char *const others[] = { "other", "shop_copy", "mysql", NULL };

static const char *one_of(const char *const *names, const char *from)
{
	size_t n = 0;

	while (names[n])
		n++;
	return pick(n + 1) == n ? from : names[pick((unsigned)n)];
}

/* [db.]object, db being the source, another database, or none */
static void object(struct gen *g)
{
	unsigned which = pick(3);

	if (which == 0)
		schema(g, g->from);
	else if (which == 1)
		schema(g, one_of(others, g->from));
	if (which < 2)
		dot(g);
	ident(g, one_of(tables, g->from));
}

static void expr(struct gen *g);

static void args(struct gen *g)
{
	unsigned n = pick(3);

	both(g, "(");
	for (unsigned i = 0; i < n; i++) {
		if (i)
			both(g, ", ");
		expr(g);
	}
	both(g, ")");
}

static void table_list(struct gen *g);

static void subquery(struct gen *g)
{
	both(g, "(SELECT");
	gap(g);
	expr(g);
	gap(g);
	both(g, "FROM");
	gap(g);
	table_list(g);
	both(g, ")");
}

/* A column reference, call, literal or subquery. */
static void expr(struct gen *g)
{
	unsigned k = g->depth > 3 ? pick(5) : pick(12);

	g->depth++;
	switch (k) {
	case 0:   /* column */
		ident(g, one_of(tables, g->from));
		break;
	case 1:   /* table.column, the table maybe named like the database */
		ident(g, one_of(tables, g->from));
		dot(g);
		ident(g, one_of(tables, g->from));
		break;
	case 2:   /* db.table.column */
		object(g);
		dot(g);
		ident(g, "c");
		break;
	case 3:
		string(g);
		break;
	case 4:
		both(g, pick(2) ? "1.5e3" : (pick(2) ? "@shop.x" : "@@session.sql_mode"));
		break;
	case 5:   /* db.routine(...) */
		schema(g, pick(2) ? g->from : one_of(others, g->from));
		dot(g);
		ident(g, one_of(tables, g->from));
		gap0(g);
		args(g);
		break;
	case 6:   /* routine(...) */
		ident(g, pick(2) ? "f" : g->from);
		args(g);
		break;
	case 7:
		both(g, pick(2) ? "EXTRACT(YEAR FROM " : "TRIM(BOTH 'x' FROM ");
		ident(g, one_of(tables, g->from));
		dot(g);
		ident(g, "d");
		both(g, ")");
		break;
	case 8: {
		int call = pick(2);

		both(g, call ? "nextval(" : "NEXT VALUE FOR ");
		object(g);
		both(g, call ? ")" : " ");
		break;
	}
	case 9:
		subquery(g);
		break;
	case 10:
		expr(g);
		gap(g);
		both(g, pick(2) ? "+" : "=");
		gap(g);
		expr(g);
		break;
	default:  /* an executable comment is code */
		if (g->in_exec) {
			expr(g);
			break;
		}
		g->in_exec = 1;
		both(g, pick(2) ? "/*!50001 " : "/*M!100100 ");
		expr(g);
		both(g, " */");
		g->in_exec = 0;
	}
	g->depth--;
}

/* table [alias] [JOIN table ON expr | , table]... */
static void table_ref(struct gen *g)
{
	if (g->depth < 3 && !pick(6)) {
		g->depth++;
		subquery(g);
		g->depth--;
	} else {
		object(g);
	}
	if (pick(2)) {
		gap(g);
		if (pick(2)) {
			both(g, "AS");
			gap(g);
		}
		ident(g, one_of(tables, g->from));
	}
}

static void table_list(struct gen *g)
{
	unsigned n = pick(3);

	table_ref(g);
	for (unsigned i = 0; i < n; i++) {
		if (pick(2)) {
			gap0(g);
			both(g, ",");
			gap0(g);
			table_ref(g);
			continue;
		}
		gap(g);
		both(g, pick(2) ? "LEFT JOIN" : "JOIN");
		gap(g);
		table_ref(g);
		gap(g);
		both(g, "ON");
		gap0(g);
		both(g, "(");
		expr(g);
		both(g, ")");
	}
}

static void statement(struct gen *g)
{
	switch (pick(7)) {
	case 0:
		both(g, "SELECT ");
		expr(g);
		both(g, ", ");
		expr(g);
		gap(g);
		both(g, "FROM");
		gap(g);
		table_list(g);
		gap(g);
		both(g, "WHERE ");
		expr(g);
		break;
	case 1:
		both(g, "INSERT INTO ");
		object(g);
		both(g, " (a, b) VALUES (");
		expr(g);
		both(g, ", ");
		expr(g);
		both(g, ")");
		break;
	case 2:
		both(g, "UPDATE ");
		object(g);
		both(g, " SET ");
		ident(g, one_of(tables, g->from));
		dot(g);
		ident(g, "c");
		both(g, " = ");
		expr(g);
		both(g, " WHERE ");
		expr(g);
		break;
	case 3:
		both(g, "DELETE FROM ");
		object(g);
		both(g, " WHERE ");
		expr(g);
		break;
	case 4:
		both(g, "CALL ");
		object(g);
		args(g);
		break;
	case 5:
		both(g, "CREATE DEFINER=`root`@`%` TRIGGER ");
		object(g);
		both(g, " BEFORE UPDATE ON ");
		object(g);
		both(g, " FOR EACH ROW SET NEW.c = ");
		expr(g);
		break;
	default:
		both(g, "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW ");
		object(g);
		both(g, " AS SELECT ");
		expr(g);
		both(g, " FROM ");
		table_list(g);
	}
}

/*
 * Token oracle: in and out lex to the same tokens but for names that spell
 * from in the input and to in the output; strings and comments are equal.
 */
static void same_but_schemas(const char *in, const char *out, const char *from, const char *to,
			     unsigned mode)
{
	struct ss_my_lexer a, b;
	struct ss_my_token x, y;

	ss_my_lex_init(&a, in, mode);
	ss_my_lex_init(&b, out, mode);
	do {
		ss_my_lex_next(&a, &x);
		ss_my_lex_next(&b, &y);
		if (x.len == y.len && !memcmp(x.start, y.start, x.len))
			continue;
		/* `a`b became `a` `to`: a blank keeps the names apart */
		if (y.kind == SS_MY_TOK_SPACE && y.len == 1 && x.kind != SS_MY_TOK_SPACE &&
		    y.start > out && y.start[-1] == '`')
			ss_my_lex_next(&b, &y);
		ck_assert_msg((x.kind == SS_MY_TOK_WORD || x.kind == SS_MY_TOK_QUOTED) &&
			      y.kind == SS_MY_TOK_QUOTED, "token changed kind\nin:  %s\nout: %s",
			      in, out);
		{
			char *nx = ss_my_token_name(&x), *ny = ss_my_token_name(&y);

			ck_assert_msg(!strcmp(nx, from) && !strcmp(ny, to),
				      "'%s' became '%s'\nin:  %s\nout: %s", nx, ny, in, out);
			free(nx);
			free(ny);
		}
	} while (x.kind != SS_MY_TOK_END && y.kind != SS_MY_TOK_END);
	ck_assert_msg(x.kind == SS_MY_TOK_END && y.kind == SS_MY_TOK_END,
		      "token counts differ\nin:  %s\nout: %s", in, out);
}

START_TEST(generated_statements)
{
	static const char *const froms[] = { "shop", "employees", "my.shop", "we`ird", "bäckerei",
					     "o'shop", "Shop" };
	static const char *const tos[] = { "shop_copy", "x", "dé`st.2" };
	static const unsigned modes[] = { 0, SS_MY_LEX_ANSI_QUOTES, SS_MY_LEX_NO_BACKSLASH_ESCAPES,
					  SS_MY_LEX_ANSI_QUOTES | SS_MY_LEX_NO_BACKSLASH_ESCAPES };

	srand(15);
	for (int n = 0; n < 20000; n++) {
		struct gen g = { SS_BUF_INIT, SS_BUF_INIT, froms[pick(7)], tos[pick(3)],
				 modes[pick(4)], 0, 0 };
		char *out;

		statement(&g);
		if (pick(2)) {
			both(&g, ";");
			gap(&g);
			statement(&g);
		}
		out = ss_my_requalify(g.in.data, g.from, g.to, g.mode, NULL);
		ck_assert_msg(!strcmp(out, g.want.data),
			      "statement %d (from '%s' to '%s', mode %u)\nin:   %s\nwant: %s\ngot:  %s",
			      n, g.from, g.to, g.mode, g.in.data, g.want.data, out);
		same_but_schemas(g.in.data, out, g.from, g.to, g.mode);
		free(out);
		ss_buf_release(&g.in);
		ss_buf_release(&g.want);
	}
}
END_TEST

/* Random SQL-ish text: never crashes, only names spelling the source change. */
START_TEST(random_text)
{
	static const char *const bits[] = {
		"shop", "`shop`", "`sh``op`", "\"shop\"", "'shop'", ".", ".", "(", ")", ",", ";", " ",
		"\n", "*", "/*", "*/", "/*!", "/*M!1001", "--", "-- ", "#", "\\", "'", "\"", "`",
		"FROM", "JOIN", "SELECT", "INTO", "UPDATE", "ON", "nextval", "VALUE", "FOR", "t", "1",
		"0x", "e", "@", "@@", "é", "\xff", "=",
	};
	const size_t nbits = sizeof(bits) / sizeof(*bits);

	srand(16);
	for (int n = 0; n < 20000; n++) {
		struct ss_buf in = SS_BUF_INIT;
		unsigned mode = pick(4);
		unsigned len = pick(40);
		char *out, *back;

		for (unsigned i = 0; i < len; i++)
			ss_buf_adds(&in, bits[pick((unsigned)nbits)]);
		out = ss_my_requalify(in.data, "shop", "new", mode, NULL);
		same_but_schemas(in.data, out, "shop", "new", mode);
		back = ss_my_requalify(in.data, "absent", "x", mode, NULL);
		ck_assert_str_eq(back, in.data);
		free(back);
		free(out);
		ss_buf_release(&in);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("mysql_requalify");
	TCase *tc = tcase_create("requalify");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, lexer_kinds);
	tcase_add_test(tc, lexer_after_dot_and_exec_comment);
	tcase_add_test(tc, show_create_views);
	tcase_add_test(tc, routines_and_triggers);
	tcase_add_test(tc, names_and_modes);
	tcase_add_test(tc, generated_statements);
	tcase_add_test(tc, random_text);
	suite_add_tcase(s, tc);
	return s;
}

SS_UNIT_MAIN(suite)

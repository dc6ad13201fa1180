/* test_alias.c - YAML loading, alias files, names, .env, db urls and passwords. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sitesync/alias.h>
#include <sitesync/buf.h>

#include "lib/alias/internal.h"
#include "lib/alias/yaml_load.h"
#include "tests/unit/unit.h"

static char tmp[1024];

/* A private scratch dir per test (Check forks each test), nothing of the user's read. */
static void setup(void)
{
	const char *base = getenv("TMPDIR");
	static const char *const vars[] = {
		"SITESYNC_ALIAS_PATH", "DB_DRIVER", "DB_CONNECTION", "DB_HOST", "DB_PORT",
		"DB_NAME", "DB_DATABASE", "DB_USER", "DB_USERNAME", "DB_PASSWORD",
		"DATABASE_URL", "DB_URL", "MARIADB_HOST", "MARIADB_PORT", "MARIADB_DATABASE",
		"MARIADB_USER", "MARIADB_PASSWORD", "PGHOST", "PGPORT", "PGDATABASE",
		"PGUSER", "PGPASSWORD",
	};
	char *xdg;
	size_t len;

	len = (size_t)snprintf(tmp, sizeof(tmp) - 7, "%s/test_alias.", base && *base ? base : "/tmp");
	ck_assert_uint_lt(len, sizeof(tmp) - 7);
	memset(tmp + len, 'X', 6); /* mkdtemp's template */
	tmp[len + 6] = '\0';
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	chmod(tmp, 0700);
	umask(022);
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	xdg = ss_xasprintf("%s/xdg", tmp);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("HOME", tmp, 1);
	free(xdg);
}

static void teardown(void)
{
	char *cmd = ss_xasprintf("rm -rf '%s'", tmp);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmp);
	free(cmd);
}

/* tmp/rel; valid until the eighth call after. */
static const char *in_tmp(const char *rel)
{
	static char *ring[8];
	static unsigned next;
	char **slot = &ring[next++ % 8];

	free(*slot);
	*slot = ss_xasprintf("%s/%s", tmp, rel);
	return *slot;
}

/* Write tmp/rel (creating its dirs) with mode; returns the path (see in_tmp). */
static const char *put(const char *rel, const char *text, mode_t mode)
{
	char *path = (char *)in_tmp(rel);
	char *slash;
	FILE *f;

	for (slash = strchr(path + strlen(tmp) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static const char *dir(const char *rel)
{
	const char *path = in_tmp(rel);

	mkdir(path, 0755);
	return path;
}

/* Parse text as YAML named "t.yml"; returns the root, or NULL with err set. */
static struct ss_node *yaml(const char *text, struct ss_error *err)
{
	struct ss_node *n = NULL;

	ss_error_clear(err);
	if (ss_yaml_load("t.yml", text, strlen(text), &n, err) < 0)
		return NULL;
	return n;
}

static void yaml_fails(const char *text, const char *msg)
{
	struct ss_error err;

	ck_assert_ptr_null(yaml(text, &err));
	ck_assert_str_eq(err.msg, msg);
}

/* An alias set over tmp/aliases, cwd tmp/project. */
static struct ss_aliases *open_set(void)
{
	struct ss_alias_search s;
	struct ss_aliases *set;
	struct ss_error err;

	s.alias_path = dir("aliases");
	s.cwd = dir("project");
	if (ss_aliases_open(&s, &set, &err) < 0)
		ck_abort_msg("open: %s", err.msg);
	return set;
}

/* Resolve name in a file aliases/<site>.site.yml holding text. */
static int resolve_in(const char *site, const char *text, const char *name,
		      const struct ss_alias **a, struct ss_error *err, struct ss_aliases **set)
{
	char *rel = ss_xasprintf("aliases/%s.site.yml", site);

	put(rel, text, 0644);
	free(rel);
	*set = open_set();
	return ss_alias_resolve(*set, name, a, err);
}

/* The error of resolving @t.prod in a file holding text, with tmp cut off. */
static const char *entry_error(const char *text)
{
	static char msg[SS_ERROR_MAX];
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;
	const char *p;

	ck_assert_int_eq(resolve_in("t", text, "@t.prod", &a, &err, &set), -1);
	p = strstr(err.msg, "/aliases/");
	snprintf(msg, sizeof(msg), "%s", p ? p + 9 : err.msg);
	ss_aliases_free(set);
	return msg;
}

START_TEST(yaml_tree_with_positions)
{
	struct ss_error err;
	struct ss_node *n = yaml("# c\nprod:\n  host: web1\n  paths:\n    files: f\n  list: [a, 'b']\n"
				 "  empty:\n  tilde: ~\n", &err);
	const struct ss_node *p, *l;

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(n->kind, SS_NODE_MAP);
	p = ss_node_get(n, "prod");
	ck_assert_int_eq(p->line, 3);
	ck_assert_int_eq(p->column, 3);
	ck_assert_int_eq(ss_node_key_mark(n, "prod")->line, 2);
	ck_assert_int_eq(ss_node_key_mark(n, "prod")->column, 1);
	ck_assert_str_eq(ss_node_str(n, "prod.host"), "web1");
	ck_assert_int_eq(ss_node_path(n, "prod.host")->line, 3);
	ck_assert_int_eq(ss_node_path(n, "prod.host")->column, 9);
	ck_assert_str_eq(ss_node_str(n, "prod.paths.files"), "f");
	ck_assert_int_eq(ss_node_path(n, "prod.paths.files")->column, 12);
	l = ss_node_path(n, "prod.list");
	ck_assert_int_eq(l->kind, SS_NODE_SEQ);
	ck_assert_uint_eq(l->n, 2);
	ck_assert_str_eq(l->items[1]->scalar, "b");
	ck_assert_int_eq(l->items[1]->column, 13);
	ck_assert_str_eq(ss_node_str(n, "prod.empty"), "");
	ck_assert_str_eq(ss_node_str(n, "prod.tilde"), "");
	ss_node_free(n);
	ck_assert_ptr_null(yaml("", &err));
	ck_assert_str_eq(err.msg, "");
}
END_TEST

START_TEST(yaml_errors_have_positions)
{
	yaml_fails("prod:\n  host: [x\n  user: y\n",
		   "t.yml:3:7: did not find expected ',' or ']' (while parsing a flow sequence)");
	yaml_fails("prod:\n\thost: x\n",
		   "t.yml:2:1: found character that cannot start any token (while scanning for "
		   "the next token); tabs are not allowed for indentation");
	yaml_fails("a: 1\nb: 2\na: 3\n", "t.yml:3:1: duplicate key 'a'");
	yaml_fails("a: *nope\n", "t.yml:1:4: unknown anchor '*nope'");
	yaml_fails("a: 1\n---\nb: 2\n", "t.yml:2:1: more than one yaml document");
	yaml_fails("? [a]\n: 1\n", "t.yml:1:3: mapping keys must be plain values");
	yaml_fails("a: \"\\xff\x01\"\n", "t.yml:1:9: control characters are not allowed");
}
END_TEST

START_TEST(yaml_depth_is_bounded)
{
	struct ss_buf b = SS_BUF_INIT;
	struct ss_error err;
	struct ss_node *n;

	for (int i = 0; i < 64; i++)
		ss_buf_addc(&b, '[');
	for (int i = 0; i < 64; i++)
		ss_buf_addc(&b, ']');
	n = yaml(b.data, &err);
	ck_assert_ptr_nonnull(n);
	ss_node_free(n);
	ss_buf_reset(&b);
	for (int i = 0; i < 65; i++)
		ss_buf_addc(&b, '[');
	ck_assert_ptr_null(yaml(b.data, &err));
	ck_assert_str_eq(err.msg, "t.yml:1:65: nesting deeper than 64 levels");
	ss_buf_release(&b);
}
END_TEST

START_TEST(yaml_billion_laughs_refused_fast)
{
	const char *doc =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	struct ss_error err;
	clock_t t0 = clock();

	ck_assert_ptr_null(yaml(doc, &err));
	ck_assert_msg((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5, "too slow");
	ck_assert_msg(!strncmp(err.msg, "t.yml:3:11: yaml alias '*b' expands to too many nodes",
			       52), "%s", err.msg);
}
END_TEST

START_TEST(yaml_sane_anchors_and_merges)
{
	struct ss_error err;
	struct ss_node *n = yaml("base: &base\n  user: deploy\n  root: /var/www\n"
				 "prod:\n  <<: *base\n  host: web1\n"
				 "staging:\n  <<: *base\n  root: /srv\n"
				 "hooks: &h [a, b]\nmore: *h\n", &err);

	ck_assert_msg(n != NULL, "%s", err.msg);
	ck_assert_str_eq(ss_node_str(n, "prod.user"), "deploy");
	ck_assert_str_eq(ss_node_str(n, "prod.root"), "/var/www");
	ck_assert_str_eq(ss_node_str(n, "prod.host"), "web1");
	ck_assert_ptr_null(ss_node_get(ss_node_get(n, "prod"), "<<"));
	ck_assert_str_eq(ss_node_str(n, "staging.root"), "/srv");
	ck_assert_str_eq(ss_node_str(n, "staging.user"), "deploy");
	ck_assert_uint_eq(ss_node_get(n, "more")->n, 2);
	ss_node_free(n);
}
END_TEST

START_TEST(entry_errors_name_file_line_col)
{
	ck_assert_str_eq(entry_error("prod:\n  db: 5\n"),
			 "t.site.yml:2:7: 'db' must be a mapping (driver, host, port, socket, name, "
			 "user, password-env, password-file or url)");
	ck_assert_str_eq(entry_error("prod:\n  db:\n    driver: mysql\n    port: abc\n"),
			 "t.site.yml:4:11: db port 'abc' is not a number from 1 to 65535");
	ck_assert_str_eq(entry_error("prod:\n    role: prodution\n"),
			 "t.site.yml:2:11: unknown role 'prodution' (use production, staging, "
			 "development or local)");
	ck_assert_str_eq(entry_error("prod:\n  db:\n    driver: mysql\n    nmae: x\n"),
			 "t.site.yml:4:5: unknown db key 'nmae' (use driver, host, port, socket, "
			 "name, user, password-env, password-file or url)");
	ck_assert_str_eq(entry_error("prod:\n  db:\n    driver: oracle\n"),
			 "t.site.yml:3:13: unknown db driver 'oracle' (use mysql or pgsql)");
	ck_assert_str_eq(entry_error("prod:\n  db:\n    name: x\n"),
			 "t.site.yml:3:5: db has no driver (add 'driver: mysql' or 'driver: pgsql', "
			 "or a url)");
	ck_assert_str_eq(entry_error("prod:\n  db:\n    driver: mysql\n    password: hunter2\n"),
			 "t.site.yml:4:5: a password in an alias file is not allowed: use "
			 "db.password-env (a variable's name) or db.password-file (a private file)");
	ck_assert_str_eq(entry_error("prod:\n  db:\n    driver: mysql\n    password-env: A\n"
				     "    password-file: B\n"),
			 "t.site.yml:3:5: db has both password-env and password-file; keep one");
	ck_assert_str_eq(entry_error("prod:\n  paths: files\n"),
			 "t.site.yml:2:10: 'paths' must be a mapping of names to values");
	ck_assert_str_eq(entry_error("prod:\n  host: [a, b]\n"),
			 "t.site.yml:2:9: 'host' must be a single value, not a list");
	ck_assert_str_eq(entry_error("prod:\n  hooks:\n    post-sql-sync: [[x]]\n"),
			 "t.site.yml:3:21: each command of hook 'post-sql-sync' must be one line "
			 "of text");
	ck_assert_str_eq(entry_error("prod:\n  db:\n    url: oracle://x/y\n"),
			 "t.site.yml:3:10: db url 'oracle://x/y': unknown driver (use mysql, pgsql "
			 "or postgres)");
	ck_assert_str_eq(entry_error("prod:\n  db:\n    driver: mysql\n    \"a\\nb\": 1\n"),
			 "t.site.yml:4:5: unknown db key 'a b' (use driver, host, port, socket, "
			 "name, user, password-env, password-file or url)");
	/* like drush: no entry is a mapping, so the file is one alias, @t */
	ck_assert_str_eq(entry_error("prod: 5\n"), "t.site.yml; it has '@t'");
	ck_assert_str_eq(entry_error("dev:\n  host: x\nprod: 5\n"),
			 "t.site.yml:3:1 is not a mapping of settings");
	ck_assert_str_eq(entry_error("- a\n"),
			 "t.site.yml:1:1: an alias file is a mapping of environment names to "
			 "their settings");
	ck_assert_str_eq(entry_error("prod:\n  uri: ${env.SS_TEST_UNSET}\n"),
			 "t.site.yml:2:8: environment variable 'SS_TEST_UNSET' is not set "
			 "(in ${env.SS_TEST_UNSET})");
}
END_TEST

START_TEST(entry_full)
{
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;
	char *const *cmds;

	setenv("SS_TEST_HOST", "web9", 1);
	ck_assert_int_eq(resolve_in("example",
		"prod:\n"
		"  host: ${env.SS_TEST_HOST}.example.com\n"
		"  user: deploy\n"
		"  root: /var/www\n"
		"  uri: https://example.com\n"
		"  paths: {files: sites/default/files}\n"
		"  ssh: {options: -p 2222}\n"
		"  env-vars: {A: b}\n"
		"  db:\n"
		"    url: mysql://u:p%40ss@db:3307/n\n"
		"    name: override\n"
		"  hooks:\n"
		"    pre-sql-sync: one\n"
		"    post-sql-sync: [two, three]\n"
		"  command: {sql: {sync: {options: {structure-tables-key: common}}}}\n"
		"  drush-specific: kept\n",
		"@example.prod", &a, &err, &set), 0);
	ck_assert_str_eq(a->name, "@example.prod");
	ck_assert_str_eq(a->site, "example");
	ck_assert_str_eq(a->env, "prod");
	ck_assert_int_eq(a->line, 1);
	ck_assert_int_eq(a->column, 1);
	ck_assert_str_eq(a->host, "web9.example.com");
	ck_assert_str_eq(a->root, "/var/www");
	ck_assert_str_eq(ss_alias_path(a, "files"), "sites/default/files");
	ck_assert_ptr_null(ss_alias_path(a, "private"));
	ck_assert_str_eq(a->ssh_options, "-p 2222");
	ck_assert_str_eq(a->env_vars[0].value, "b");
	ck_assert_int_eq(a->has_db, 1);
	ck_assert_int_eq(a->db.driver, SS_DB_MYSQL);
	ck_assert_str_eq(a->db.host, "db");
	ck_assert_int_eq(a->db.port, 3307);
	ck_assert_str_eq(a->db.name, "override");
	ck_assert_str_eq(a->db.url_password, "p@ss");
	ck_assert_str_eq(a->db.url, "mysql://u:***@db:3307/n");
	ck_assert_int_eq(a->role, SS_ROLE_PRODUCTION);
	ck_assert_int_eq(a->role_explicit, 0);
	ck_assert_uint_eq(ss_alias_hook(a, "pre-sql-sync", &cmds), 1);
	ck_assert_str_eq(cmds[0], "one");
	ck_assert_uint_eq(ss_alias_hook(a, "post-sql-sync", &cmds), 2);
	ck_assert_str_eq(cmds[1], "three");
	ck_assert_uint_eq(ss_alias_hook(a, "nope", &cmds), 0);
	ck_assert_str_eq(ss_node_str(a->node, "command.sql.sync.options.structure-tables-key"),
			 "common");
	ck_assert_str_eq(ss_node_str(a->node, "drush-specific"), "kept");
	ck_assert_str_eq(ss_node_str(a->node, "host"), "web9.example.com");
	ck_assert(ss_alias_is_remote(a));
	ck_assert_int_eq(ss_alias_need_db(a, &err), 0);
	ss_aliases_free(set);
}
END_TEST

START_TEST(interpolation)
{
	struct ss_buf b = SS_BUF_INIT;
	char *missing;

	setenv("SS_T", "x", 1);
	ck_assert_int_eq(ss_interpolate("a${env.SS_T}b${env.SS_T}", NULL, &b, &missing), 0);
	ck_assert_str_eq(b.data, "axbx");
	ss_buf_reset(&b);
	ck_assert_int_eq(ss_interpolate("$${env.SS_T} ${SS_T} ${env.} $x ${env.SS_T", NULL,
					&b, &missing), 0);
	ck_assert_str_eq(b.data, "${env.SS_T} ${SS_T} ${env.} $x ${env.SS_T");
	ss_buf_reset(&b);
	ck_assert_int_eq(ss_interpolate("${env.SS_NOT_THERE}", NULL, &b, &missing), -1);
	ck_assert_str_eq(missing, "SS_NOT_THERE");
	free(missing);
	ss_buf_release(&b);
}
END_TEST

START_TEST(db_url_table)
{
	static const struct {
		const char *url;
		enum ss_db_driver driver;
		const char *user, *pass, *host;
		int port;
		const char *name, *socket;
	} ok[] = {
		{ "mysql://u:p@h:3306/n", SS_DB_MYSQL, "u", "p", "h", 3306, "n", NULL },
		{ "mysql://u@/n?socket=/run/mysqld.sock", SS_DB_MYSQL, "u", NULL, NULL, 0, "n",
		  "/run/mysqld.sock" },
		{ "pgsql://u@h/n", SS_DB_PGSQL, "u", NULL, "h", 0, "n", NULL },
		{ "postgres://h:5433/n", SS_DB_PGSQL, NULL, NULL, "h", 5433, "n", NULL },
		{ "postgresql://u%20x:a%3Ab%2F@[::1]:5432/my%2Ddb", SS_DB_PGSQL, "u x", "a:b/",
		  "::1", 5432, "my-db", NULL },
		{ "postgresql://u@%2Frun%2Fpostgresql/n", SS_DB_PGSQL, "u", NULL, NULL, 0, "n",
		  "/run/postgresql" },
		{ "mysql://h", SS_DB_MYSQL, NULL, NULL, "h", 0, NULL, NULL },
		{ "mysql://db:db@127.0.0.1:3306/db?serverVersion=8.0&charset=utf8mb4", SS_DB_MYSQL,
		  "db", "db", "127.0.0.1", 3306, "db", NULL },
	};
	static const struct { const char *url, *msg; } bad[] = {
		{ "mysql:/h/n", "db url 'mysql:/h/n': expected DRIVER://USER@HOST:PORT/NAME" },
		{ "sqlite://x", "db url 'sqlite://x': unknown driver (use mysql, pgsql or postgres)" },
		{ "mysql://u:secret@h:99999/n", "db url 'mysql://u:***@h:99999/n': bad host or port" },
		{ "mysql://h:x/n", "db url 'mysql://h:x/n': bad host or port" },
		{ "mysql://u:s%zz@h/n", "db url 'mysql://u:***@h/n': bad %-escape" },
		{ "mysql://h/n?sslmode=off",
		  "db url 'mysql://h/n?sslmode=off': only the parameter 'socket' is understood "
		  "('charset' and 'serverVersion' are ignored)" },
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct ss_db db = { 0 };
		struct ss_error err;

		ck_assert_msg(ss_db_url_parse(ok[i].url, &db, &err) == 0, "%s: %s", ok[i].url,
			      err.msg);
		ck_assert_int_eq(db.driver, ok[i].driver);
		ck_assert_pstr_eq(db.user, ok[i].user);
		ck_assert_pstr_eq(db.url_password, ok[i].pass);
		ck_assert_pstr_eq(db.host, ok[i].host);
		ck_assert_int_eq(db.port, ok[i].port);
		ck_assert_pstr_eq(db.name, ok[i].name);
		ck_assert_pstr_eq(db.socket, ok[i].socket);
		free(db.user);
		ss_secret_free(db.url_password);
		free(db.host);
		free(db.name);
		free(db.socket);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ss_db db = { 0 };
		struct ss_error err;

		ck_assert_int_eq(ss_db_url_parse(bad[i].url, &db, &err), -1);
		ck_assert_str_eq(err.msg, bad[i].msg);
		free(db.user);
		ss_secret_free(db.url_password);
		free(db.host);
		free(db.name);
		free(db.socket);
	}
	{
		char *m = ss_db_url_mask("pgsql://u:topsecret@h/n");

		ck_assert_str_eq(m, "pgsql://u:***@h/n");
		free(m);
	}
}
END_TEST

START_TEST(role_inference)
{
	static const struct { const char *env; enum ss_role role; } t[] = {
		{ "prod", SS_ROLE_PRODUCTION }, { "Production", SS_ROLE_PRODUCTION },
		{ "live", SS_ROLE_PRODUCTION }, { "master", SS_ROLE_PRODUCTION },
		{ "stage", SS_ROLE_STAGING }, { "staging", SS_ROLE_STAGING },
		{ "test", SS_ROLE_STAGING }, { "qa", SS_ROLE_STAGING },
		{ "preprod", SS_ROLE_STAGING }, { "uat", SS_ROLE_STAGING },
		{ "dev", SS_ROLE_DEVELOPMENT }, { "development", SS_ROLE_DEVELOPMENT },
		{ "develop", SS_ROLE_DEVELOPMENT }, { "local", SS_ROLE_LOCAL },
		{ "default", SS_ROLE_LOCAL }, { "self", SS_ROLE_LOCAL }, { "ddev", SS_ROLE_LOCAL },
		{ "lando", SS_ROLE_LOCAL }, { "docker", SS_ROLE_LOCAL },
		{ "box42", SS_ROLE_PRODUCTION }, { "", SS_ROLE_PRODUCTION },
	};
	enum ss_role r;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(ss_role_infer(t[i].env) == t[i].role, "%s", t[i].env);
	ck_assert_int_eq(ss_role_parse("staging", &r), 0);
	ck_assert_int_eq(r, SS_ROLE_STAGING);
	ck_assert_int_eq(ss_role_parse("prodution", &r), -1);
	ck_assert_str_eq(ss_role_name(SS_ROLE_DEVELOPMENT), "development");
}
END_TEST

START_TEST(names_and_suggestions)
{
	const struct ss_alias *a, *b;
	struct ss_aliases *set;
	struct ss_error err;

	put("aliases/self.site.yml", "default:\n  root: /here\nprod:\n  host: p\n"
	    "staging:\n  role: development\n", 0644);
	put("aliases/example.site.yml", "prod:\n  host: e\nstaging:\n  host: s\n", 0644);
	put("aliases/solo.site.yml", "live:\n  host: s\n", 0644);
	set = open_set();
	ck_assert_int_eq(ss_alias_resolve(set, "@prod", &a, &err), 0);
	ck_assert_str_eq(a->name, "@prod");
	ck_assert_int_eq(ss_alias_resolve(set, "@self.prod", &b, &err), 0);
	ck_assert_ptr_eq(a, b);
	ck_assert_int_eq(ss_alias_resolve(set, "@staging", &a, &err), 0);
	ck_assert_int_eq(a->role, SS_ROLE_DEVELOPMENT);
	ck_assert_int_eq(a->role_explicit, 1);
	for (const char *const *n = (const char *const[]){ "@self", "self", "default",
							   "@default", NULL }; *n; n++) {
		ck_assert_int_eq(ss_alias_resolve(set, *n, &a, &err), 0);
		ck_assert_str_eq(a->name, "default");
		ck_assert_str_eq(a->root, "/here");
		ck_assert_int_eq(a->role, SS_ROLE_LOCAL);
		ck_assert_int_eq(a->has_db, 0);
	}
	ck_assert_int_eq(ss_alias_need_db(a, &err), -1);
	ck_assert_msg(strstr(err.msg, "alias 'default' has no db (") &&
		      strstr(err.msg, "/aliases/self.site.yml:1)"), "%s", err.msg);
	ck_assert_int_eq(ss_alias_resolve(set, "@example.staging", &a, &err), 0);
	ck_assert_str_eq(a->host, "s");
	ck_assert_int_eq(ss_alias_resolve(set, "@solo", &a, &err), 0);
	ck_assert_str_eq(a->name, "@solo.live");

	ck_assert_int_eq(ss_alias_resolve(set, "@prd", &a, &err), -1);
	ck_assert_str_eq(err.msg, "alias '@prd' not found; did you mean '@prod'?");
	ck_assert_int_eq(err.status, SS_USAGE);
	ck_assert_int_eq(ss_alias_resolve(set, "@exmple.prod", &a, &err), -1);
	ck_assert_str_eq(err.msg, "alias '@exmple.prod' not found; did you mean '@example.prod'?");
	ck_assert_int_eq(ss_alias_resolve(set, "@example.prd", &a, &err), -1);
	ck_assert_msg(strstr(err.msg, "/aliases/example.site.yml; did you mean '@example.prod'?"),
		      "%s", err.msg);
	ck_assert_int_eq(ss_alias_resolve(set, "@example.zzzzzzzz", &a, &err), -1);
	ck_assert_msg(strstr(err.msg, "/aliases/example.site.yml; it has '@example.prod', "
				      "'@example.staging'"), "%s", err.msg);
	/* like drush: no default entry and no dev, so the first environment */
	ck_assert_int_eq(ss_alias_resolve(set, "@example", &a, &err), 0);
	ck_assert_str_eq(a->name, "@example.prod");
	ck_assert_int_eq(ss_alias_resolve(set, "prod", &a, &err), -1);
	ck_assert_str_eq(err.msg, "alias 'prod' not found; did you mean '@prod'?");
	ck_assert_int_eq(ss_alias_resolve(set, "@qqqqqqqqqqqq", &a, &err), -1);
	ck_assert_msg(strstr(err.msg, "alias '@qqqqqqqqqqqq' not found (searched "), "%s", err.msg);
	ss_aliases_free(set);
}
END_TEST

START_TEST(all_sorted_with_default)
{
	const struct ss_alias *const *list;
	struct ss_aliases *set;
	struct ss_error err;
	size_t n;

	put("aliases/b.site.yml", "prod: {host: x}\ndev: {host: y}\n", 0644);
	put("aliases/a.site.yml", "prod: {host: x}\n", 0644);
	put("aliases/zz.yml", "not: an alias file\n", 0644);
	set = open_set();
	ck_assert_int_eq(ss_aliases_all(set, &list, &n, &err), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(list[0]->name, "@a.prod");
	ck_assert_str_eq(list[1]->name, "@b.dev");
	ck_assert_str_eq(list[2]->name, "@b.prod");
	ck_assert_str_eq(list[3]->name, "default");
	ck_assert_str_eq(list[3]->file, "(environment)");
	ss_aliases_free(set);

	put("aliases/broken.site.yml", "prod: [\n", 0644);
	set = open_set();
	ck_assert_int_eq(ss_aliases_all(set, &list, &n, &err), -1);
	ck_assert_msg(strstr(err.msg, "/aliases/broken.site.yml:2:1: "), "%s", err.msg);
	ss_aliases_all_lenient(set, &list, &n);
	ck_assert_uint_eq(n, 4);
	ss_aliases_free(set);
}
END_TEST

START_TEST(lazy_loading)
{
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;

	put("aliases/good.site.yml", "prod:\n  host: g\nbad:\n  role: nope\n", 0644);
	put("aliases/broken.site.yml", "prod: [\n", 0644);
	put("aliases/self.site.yml", "prod:\n  host: s\n", 0644);
	set = open_set();
	ck_assert_int_eq(ss_alias_resolve(set, "@good.prod", &a, &err), 0);
	ck_assert_int_eq(ss_alias_resolve(set, "@prod", &a, &err), 0);
	ck_assert_str_eq(a->host, "s");
	ck_assert_int_eq(ss_alias_resolve(set, "@good.bad", &a, &err), -1);
	ck_assert_msg(strstr(err.msg, "good.site.yml:4:9: unknown role 'nope'"), "%s", err.msg);
	ck_assert_int_eq(ss_alias_resolve(set, "@broken.prod", &a, &err), -1);
	ck_assert_msg(strstr(err.msg, "broken.site.yml:2:1: "), "%s", err.msg);
	ss_aliases_free(set);
}
END_TEST

START_TEST(search_path_order_and_checks)
{
	struct ss_alias_search s = { 0 };
	const struct ss_alias *a;
	const char *const *dirs;
	struct ss_aliases *set;
	struct ss_error err;

	put("xdg/sitesync/aliases/site.site.yml", "prod: {host: from-xdg}\n", 0644);
	put("proj/drush/sites/site.site.yml", "prod: {host: from-drush}\n", 0644);
	put("proj/.sitesync/aliases/other.site.yml", "prod: {host: o}\n", 0644);
	put("proj/sub/drush/sites/near.site.yml", "prod: {host: near}\n", 0644);
	put("explicit/site.site.yml", "prod: {host: from-explicit}\n", 0644);
	s.cwd = dir("proj/sub/deeper");
	ck_assert_int_eq(ss_aliases_open(&s, &set, &err), 0);
	ck_assert_uint_eq(ss_aliases_dirs(set, &dirs), 4);
	ck_assert_str_eq(dirs[0], in_tmp("proj/sub/drush/sites"));
	ck_assert_str_eq(dirs[1], in_tmp("proj/drush/sites"));
	ck_assert_str_eq(dirs[2], in_tmp("proj/.sitesync/aliases"));
	ck_assert_str_eq(dirs[3], in_tmp("xdg/sitesync/aliases"));
	ck_assert_int_eq(ss_alias_resolve(set, "@site.prod", &a, &err), 0);
	ck_assert_str_eq(a->host, "from-drush");
	ss_aliases_free(set);

	setenv("SITESYNC_ALIAS_PATH", in_tmp("explicit"), 1);
	ck_assert_int_eq(ss_aliases_open(&s, &set, &err), 0);
	ck_assert_int_eq(ss_alias_resolve(set, "@site.prod", &a, &err), 0);
	ck_assert_str_eq(a->host, "from-explicit");
	ss_aliases_free(set);

	s.alias_path = "/nonexistent/aliases";
	ck_assert_int_eq(ss_aliases_open(&s, &set, &err), -1);
	ck_assert_str_eq(err.msg, "alias path '/nonexistent/aliases' does not exist");
	ck_assert_int_eq(err.status, SS_USAGE);
	s.alias_path = NULL;
	setenv("SITESYNC_ALIAS_PATH", "/nonexistent/env", 1);
	ck_assert_int_eq(ss_aliases_open(&s, &set, &err), -1);
	ck_assert_str_eq(err.msg, "alias path '/nonexistent/env' does not exist");
	ck_assert_int_eq(err.status, SS_USAGE);
}
END_TEST

START_TEST(search_path_defaults_and_dedup)
{
	struct ss_alias_search s = { 0 };
	const struct ss_alias *a;
	const char *const *dirs;
	struct ss_aliases *set;
	struct ss_error err;

	unsetenv("XDG_CONFIG_HOME");
	put(".config/sitesync/aliases/h.site.yml", "prod: {host: from-home}\n", 0644);
	put("p/drush/sites/d.site.yml", "prod: {host: d}\n", 0644);
	s.cwd = in_tmp("p");
	s.alias_path = in_tmp("p/drush/sites");
	ck_assert_int_eq(ss_aliases_open(&s, &set, &err), 0);
	ck_assert_uint_eq(ss_aliases_dirs(set, &dirs), 2);
	ck_assert_str_eq(dirs[0], in_tmp("p/drush/sites"));
	ck_assert_str_eq(dirs[1], in_tmp(".config/sitesync/aliases"));
	ck_assert_int_eq(ss_alias_resolve(set, "@h.prod", &a, &err), 0);
	ck_assert_str_eq(a->host, "from-home");
	ss_aliases_free(set);

	s.alias_path = put("plain-file", "x", 0644);
	ck_assert_int_eq(ss_aliases_open(&s, &set, &err), -1);
	ck_assert_int_eq(err.status, SS_USAGE);
	ck_assert_msg(strstr(err.msg, "/plain-file' is not a directory"), "%s", err.msg);
}
END_TEST

START_TEST(big_file_refused)
{
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;
	struct ss_buf b = SS_BUF_INIT;

	ss_buf_adds(&b, "prod:\n  host: x\n");
	while (b.len <= SS_YAML_MAX_FILE)
		ss_buf_adds(&b, "# padding padding padding padding padding padding padding\n");
	ck_assert_int_eq(resolve_in("big", b.data, "@big.prod", &a, &err, &set), -1);
	ck_assert_msg(strstr(err.msg, "/aliases/big.site.yml' is larger than 1048576 bytes"),
		      "%s", err.msg);
	ss_aliases_free(set);
	ss_buf_release(&b);
}
END_TEST

START_TEST(unsafe_files_refused)
{
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;
	const char *path = put("aliases/w.site.yml", "prod: {host: x}\n", 0664);

	set = open_set();
	ck_assert_int_eq(ss_alias_resolve(set, "@w.prod", &a, &err), -1);
	ck_assert_int_eq(err.status, SS_REFUSED);
	ck_assert_msg(strstr(err.msg, "alias file '") && strstr(err.msg, "/aliases/w.site.yml' is "
		      "writable by group or others; refusing it (chmod go-w "), "%s", err.msg);
	ss_aliases_free(set);
	chmod(path, 0644);
	chmod(dir("aliases"), 0777);
	set = open_set();
	ck_assert_int_eq(ss_alias_resolve(set, "@w.prod", &a, &err), -1);
	ck_assert_int_eq(err.status, SS_REFUSED);
	ck_assert_msg(strstr(err.msg, "alias directory '"), "%s", err.msg);
	ss_aliases_free(set);
}
END_TEST

START_TEST(dotenv_parsing)
{
	struct ss_dotenv env = { 0 };

	ss_dotenv_parse("# comment\n"
			"A=1\n"
			"export B = two words \n"
			"C='single # not a comment'\n"
			"D=\"dq \\\"x\\\" \\n\" # comment\n"
			"E=value # trailing comment\n"
			"not an assignment\n"
			"F=\n"
			"A=last\r\n", &env);
	ck_assert_str_eq(ss_dotenv_get(&env, "A"), "last");
	ck_assert_str_eq(ss_dotenv_get(&env, "B"), "two words");
	ck_assert_str_eq(ss_dotenv_get(&env, "C"), "single # not a comment");
	ck_assert_str_eq(ss_dotenv_get(&env, "D"), "dq \"x\" \n");
	ck_assert_str_eq(ss_dotenv_get(&env, "E"), "value");
	ck_assert_str_eq(ss_dotenv_get(&env, "F"), "");
	ck_assert_ptr_null(ss_dotenv_get(&env, "not"));
	setenv("A", "from-process", 1);
	ck_assert_str_eq(ss_dotenv_get(&env, "A"), "from-process");
	ss_dotenv_release(&env);
}
END_TEST

/* default built in tmp/project/sub with a .env in tmp/project. */
static struct ss_alias *env_default(const char *dotenv)
{
	struct ss_alias *a = NULL;
	struct ss_error err;

	if (dotenv)
		put("project/.env", dotenv, 0600);
	dir("project");
	if (ss_alias_from_env(dir("project/sub"), &a, &err) < 0)
		ck_abort_msg("%s", err.msg);
	return a;
}

START_TEST(default_from_environment)
{
	struct ss_alias *a = env_default("DB_HOST=db\nDB_PORT=3307\nDB_DATABASE=app\n"
					 "DB_USERNAME=u\nDB_PASSWORD='s3cret'\n");
	char *pw;
	struct ss_error err;

	ck_assert_int_eq(a->has_db, 1);
	ck_assert_int_eq(a->db.driver, SS_DB_MYSQL);
	ck_assert_str_eq(a->db.host, "db");
	ck_assert_int_eq(a->db.port, 3307);
	ck_assert_str_eq(a->db.name, "app");
	ck_assert_str_eq(a->db.user, "u");
	ck_assert_str_eq(a->db.env_password, "s3cret");
	ck_assert_int_eq(a->role, SS_ROLE_LOCAL);
	ck_assert_str_eq(a->name, "default");
	ck_assert_str_eq(a->root, in_tmp("project"));
	ck_assert_str_eq(a->file, in_tmp("project/.env"));
	ck_assert_int_eq(ss_db_password(&a->db, &pw, NULL, &err), 0);
	ck_assert_str_eq(pw, "s3cret");
	ss_secret_free(pw);
	ss_alias_free(a);

	setenv("DB_DRIVER", "pgsql", 1);
	setenv("DB_HOST", "other", 1);
	a = env_default(NULL);
	ck_assert_int_eq(a->db.driver, SS_DB_PGSQL);
	ck_assert_str_eq(a->db.host, "other");
	ss_alias_free(a);
	unsetenv("DB_DRIVER");
	unsetenv("DB_HOST");

	a = env_default("DATABASE_URL=postgres://me:pw@pg:5433/site\n");
	ck_assert_int_eq(a->db.driver, SS_DB_PGSQL);
	ck_assert_str_eq(a->db.host, "pg");
	ck_assert_int_eq(a->db.port, 5433);
	ck_assert_str_eq(a->db.env_password, "pw");
	ck_assert_ptr_null(a->db.url_password);
	ss_alias_free(a);

	a = env_default("MARIADB_HOST=m\nMARIADB_DATABASE=d\nMARIADB_PASSWORD=x\n");
	ck_assert_int_eq(a->db.driver, SS_DB_MYSQL);
	ck_assert_str_eq(a->db.name, "d");
	ss_alias_free(a);

	a = env_default("PGHOST=/run/postgresql\nPGDATABASE=p\nPGUSER=pu\n");
	ck_assert_int_eq(a->db.driver, SS_DB_PGSQL);
	ck_assert_str_eq(a->db.user, "pu");
	ck_assert_ptr_null(a->db.env_password);
	ss_alias_free(a);

	a = env_default("DB_CONNECTION=pgsql\nDB_DATABASE=laravel\n");
	ck_assert_int_eq(a->db.driver, SS_DB_PGSQL);
	ss_alias_free(a);

	a = env_default("UNRELATED=1\n");
	ck_assert_int_eq(a->has_db, 0);
	ck_assert_int_eq(ss_alias_need_db(a, &err), -1);
	ck_assert_msg(strstr(err.msg, "alias 'default' has no db (") &&
		      strstr(err.msg, "/project/.env sets none of DB_HOST, DB_NAME, DATABASE_URL, "
				      "MARIADB_*, PG*, and no self.site.yml has a 'default' entry)"),
		      "%s", err.msg);
	ss_alias_free(a);
}
END_TEST

START_TEST(default_from_environment_errors)
{
	struct ss_alias *a = NULL;
	struct ss_error err;

	setenv("DB_HOST", "h", 1);
	setenv("DB_PORT", "nope", 1);
	ck_assert_int_eq(ss_alias_from_env(tmp, &a, &err), -1);
	ck_assert_str_eq(err.msg, "default: DB_PORT 'nope' is not a port number from 1 to 65535");
	setenv("DB_PORT", "1", 1);
	setenv("DB_DRIVER", "oracle", 1);
	ck_assert_int_eq(ss_alias_from_env(tmp, &a, &err), -1);
	ck_assert_str_eq(err.msg, "default: DB_DRIVER 'oracle' is not a database driver "
				  "(use mysql or pgsql)");
}
END_TEST

START_TEST(passwords)
{
	struct ss_db db = { .driver = SS_DB_MYSQL, .alias = "@x.prod" };
	const char *warning;
	struct ss_error err;
	char *pw, *path;

	ck_assert_int_eq(ss_db_password(&db, &pw, &warning, &err), 0);
	ck_assert_ptr_null(pw);

	db.password_env = "SS_TEST_PW";
	ck_assert_int_eq(ss_db_password(&db, &pw, &warning, &err), -1);
	ck_assert_str_eq(err.msg, "alias '@x.prod': password-env 'SS_TEST_PW' is not set");
	setenv("SS_TEST_PW", "from-env", 1);
	ck_assert_int_eq(ss_db_password(&db, &pw, &warning, &err), 0);
	ck_assert_str_eq(pw, "from-env");
	ss_secret_free(pw);
	db.password_env = NULL;

	put("secret", "line one\nline two\n", 0600);
	db.password_file = "~/secret";
	ck_assert_int_eq(ss_db_password(&db, &pw, &warning, &err), 0);
	ck_assert_str_eq(pw, "line one");
	ck_assert_ptr_null(warning);
	ss_secret_free(pw);

	path = ss_xstrdup(put("open", "shared", 0644));
	db.password_file = path;
	ck_assert_int_eq(ss_db_password(&db, &pw, &warning, &err), 0);
	ck_assert_str_eq(pw, "shared");
	ck_assert_ptr_nonnull(warning);
	ck_assert_msg(strstr(warning, "password file '") &&
		      strstr(warning, "/open' is readable by others (chmod 600 "), "%s", warning);
	ss_secret_free(pw);
	free(path);

	db.password_file = tmp;
	ck_assert_int_eq(ss_db_password(&db, &pw, &warning, &err), -1);
	ck_assert_msg(strstr(err.msg, "' is not a regular file"), "%s", err.msg);

	db.password_file = "/nonexistent/pw";
	ck_assert_int_eq(ss_db_password(&db, &pw, &warning, &err), -1);
	ck_assert_str_eq(err.msg, "alias '@x.prod': cannot read password file '/nonexistent/pw': "
				  "No such file or directory");
	ck_assert_ptr_null(pw);

	db.url_password = "from-url";
	ck_assert_int_eq(ss_db_password(&db, &pw, &warning, &err), 0);
	ck_assert_str_eq(pw, "from-url");
	ss_secret_free(pw);
}
END_TEST

START_TEST(explicit_password_source_drops_url_password)
{
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;

	ck_assert_int_eq(resolve_in("p", "prod:\n  db:\n    url: mysql://u:inurl@h/n\n"
				    "    password-env: P_PW\n", "@p.prod", &a, &err, &set), 0);
	ck_assert_ptr_null(a->db.url_password);
	ck_assert_str_eq(a->db.password_env, "P_PW");
	ss_aliases_free(set);
}
END_TEST

START_TEST(relative_password_file_is_next_to_the_alias_file)
{
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;
	const char *warning;
	char *pw;

	put("aliases/secrets/pw", "from-file\n", 0600);
	ck_assert_int_eq(resolve_in("r", "prod:\n  db:\n    driver: mysql\n"
				    "    password-file: secrets/pw\n", "@r.prod", &a, &err, &set), 0);
	ck_assert_str_eq(a->db.password_file, in_tmp("aliases/secrets/pw"));
	ck_assert_int_eq(ss_db_password(&a->db, &pw, &warning, &err), 0);
	ck_assert_str_eq(pw, "from-file");
	ck_assert_ptr_null(warning);
	ss_secret_free(pw);
	ss_aliases_free(set);
}
END_TEST

START_TEST(remote_or_not)
{
	struct ss_alias a = { 0 };
	char host[256];

	ck_assert(!ss_alias_is_remote(&a));
	a.host = "";
	ck_assert(!ss_alias_is_remote(&a));
	a.host = "localhost";
	ck_assert(!ss_alias_is_remote(&a));
	a.host = "127.0.0.1";
	ck_assert(!ss_alias_is_remote(&a));
	a.host = "::1";
	ck_assert(!ss_alias_is_remote(&a));
	ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
	a.host = host;
	ck_assert(!ss_alias_is_remote(&a));
	a.host = "web1.example.com";
	ck_assert(ss_alias_is_remote(&a));
}
END_TEST

/* Copy a file of the source tree's aliases/ into tmp/examples (mode 644). */
static void copy_example(const char *name)
{
	const char *top = getenv("abs_top_srcdir") ? getenv("abs_top_srcdir") : SRCDIR;
	char *from = ss_xasprintf("%s/aliases/%s", top, name), *rel;
	struct ss_buf b = SS_BUF_INIT;
	char chunk[4096];
	size_t r;
	FILE *f = fopen(from, "r");

	ck_assert_msg(f != NULL, "cannot read %s", from);
	while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ss_buf_add(&b, chunk, r);
	fclose(f);
	rel = ss_xasprintf("examples/%s", name);
	put(rel, b.data, 0644);
	free(rel);
	free(from);
	ss_buf_release(&b);
}

START_TEST(example_files_load)
{
	const struct ss_alias *const *list;
	struct ss_alias_search s = { 0 };
	struct ss_aliases *set;
	struct ss_error err;
	size_t n;

	copy_example("example.site.yml");
	copy_example("pgexample.site.yml");
	s.alias_path = in_tmp("examples");
	s.cwd = tmp;
	ck_assert_int_eq(ss_aliases_open(&s, &set, &err), 0);
	ck_assert_msg(ss_aliases_all(set, &list, &n, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(n, 6);
	ck_assert_str_eq(list[0]->name, "@example.dev");
	ck_assert_str_eq(list[1]->name, "@example.prod");
	ck_assert_int_eq(list[1]->db.driver, SS_DB_MYSQL);
	ck_assert_int_eq(list[1]->role, SS_ROLE_PRODUCTION);
	ck_assert_str_eq(list[1]->db.password_env, "EXAMPLE_PROD_DB_PASSWORD");
	ck_assert_str_eq(ss_node_str(list[1]->node,
				     "command.sql.sync.options.structure-tables-key"), "common");
	ck_assert_str_eq(list[3]->name, "@pgexample.prod");
	ck_assert_int_eq(list[3]->db.driver, SS_DB_PGSQL);
	ck_assert_str_eq(list[4]->db.socket, "/run/postgresql");
	ck_assert_str_eq(list[5]->name, "default");
	ss_aliases_free(set);
}
END_TEST

START_TEST(names_are_not_paths)
{
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;

	put("aliases/sub/x.site.yml", "prod: {host: h}\n", 0644);
	put("x.site.yml", "prod: {host: h}\n", 0644);
	set = open_set();
	ck_assert_int_eq(ss_alias_resolve(set, "@sub/x.prod", &a, &err), -1);
	ck_assert_int_eq(ss_alias_resolve(set, "@../x.prod", &a, &err), -1);
	ck_assert_int_eq(ss_alias_resolve(set, "@sub/x", &a, &err), -1);
	ck_assert_int_eq(ss_alias_resolve(set, "@.x", &a, &err), -1);
	ck_assert_int_eq(ss_alias_resolve(set, "@", &a, &err), -1);
	ck_assert_int_eq(ss_alias_resolve(set, "@x.prod.more", &a, &err), -1);
	ss_aliases_free(set);
}
END_TEST

/* A small deterministic PRNG (xorshift32), so failures reproduce. */
static unsigned rnd(unsigned *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/* Mutated alias files never crash the loader and never take long. */
START_TEST(mutations_are_survived)
{
	static const char *const pieces[] = {
		"&a ", "*a", "<<: ", "[", "]", "{", "}", "\t", "${env.HOME}", "${env.", "- ",
		": ", "\n", "\"\\x", "'", "? ", "---\n", "!!str ", "\xff", "#", "  ",
		"db:\n    driver: pgsql\n", "url: mysql://a:b@c:1/d?socket=/s",
	};
	const char *seed_text =
		"base: &base\n  user: deploy\n  paths: {files: f}\n"
		"prod:\n  <<: *base\n  host: ${env.HOME}\n  db:\n    driver: mysql\n"
		"    url: mysql://u:p@h:3306/n\n    password-env: X\n  role: production\n"
		"  hooks:\n    pre-sql-sync: [a, b]\n  command: {sql: {sync: {options: {x: y}}}}\n";
	unsigned state = 2463534242u;
	clock_t t0 = clock();

	for (int round = 0; round < 3000; round++) {
		struct ss_buf b = SS_BUF_INIT;
		struct ss_node *root = NULL;
		struct ss_error err;

		ss_buf_adds(&b, seed_text);
		for (unsigned k = 1 + rnd(&state) % 6; k > 0; k--) {
			size_t pos = rnd(&state) % (b.len + 1);
			struct ss_buf m = SS_BUF_INIT;

			ss_buf_add(&m, b.data, pos);
			if (rnd(&state) % 2)
				ss_buf_adds(&m, pieces[rnd(&state) % (sizeof(pieces) /
								      sizeof(pieces[0]))]);
			else
				pos += rnd(&state) % 12;
			if (pos < b.len)
				ss_buf_adds(&m, b.data + pos);
			ss_buf_release(&b);
			b = m;
		}
		if (ss_yaml_load("m.yml", b.data, b.len, &root, &err) == 0 && root &&
		    root->kind == SS_NODE_MAP) {
			for (size_t i = 0; i < root->n; i++) {
				struct ss_node *e = ss_node_clone(root->items[i]);
				struct ss_alias *a = NULL;

				if (e->kind == SS_NODE_MAP &&
				    ss_interpolate_node("m.yml", e, NULL, &err) == 0 &&
				    ss_alias_from_node("m.yml", "m", root->keys[i], NULL, 1, 1, e,
						       &a, &err) == 0)
					ss_alias_free(a);
				ss_node_free(e);
			}
		} else {
			ck_assert_msg(root != NULL || strncmp(err.msg, "m.yml:", 6) == 0 ||
				      err.msg[0] == '\0', "%s", err.msg);
		}
		ss_node_free(root);
		ss_buf_release(&b);
	}
	ck_assert_msg((double)(clock() - t0) / CLOCKS_PER_SEC < 20, "too slow");
}
END_TEST

/* Scalars typed as drush's YAML reader takes them; the literal JSON and YAML print. */
START_TEST(scalar_types_as_drush_reads_them)
{
	static const struct { const char *text; enum ss_scalar_type type; const char *lit; } t[] = {
		{ "", SS_SCALAR_NULL, "null" },       { "~", SS_SCALAR_NULL, "null" },
		{ "null", SS_SCALAR_NULL, "null" },   { "NuLL", SS_SCALAR_NULL, "null" },
		{ "true", SS_SCALAR_BOOL, "true" },   { "FALSE", SS_SCALAR_BOOL, "false" },
		{ "yes", SS_SCALAR_STR, NULL },       { "off", SS_SCALAR_STR, NULL },
		{ "y", SS_SCALAR_STR, NULL },         { "42", SS_SCALAR_INT, "42" },
		{ "-7", SS_SCALAR_INT, "-7" },        { "0", SS_SCALAR_INT, "0" },
		{ "0123", SS_SCALAR_STR, NULL },      { "-0", SS_SCALAR_STR, NULL },
		{ "1_000", SS_SCALAR_INT, "1000" },   { "0x1F", SS_SCALAR_INT, "31" },
		{ "0o17", SS_SCALAR_INT, "15" },      { "-0o17", SS_SCALAR_INT, "-15" },
		{ "1.5", SS_SCALAR_FLOAT, "1.5" },    { "1e3", SS_SCALAR_FLOAT, "1000.0" },
		{ "+5", SS_SCALAR_FLOAT, "5.0" },     { ".5", SS_SCALAR_FLOAT, "0.5" },
		{ "1e25", SS_SCALAR_FLOAT, "1.0e+25" }, { "0.1", SS_SCALAR_FLOAT, "0.1" },
		{ "1_000.5", SS_SCALAR_FLOAT, "1000.5" }, { ".inf", SS_SCALAR_FLOAT, "null" },
		{ "-.INF", SS_SCALAR_FLOAT, "null" }, { "+.inf", SS_SCALAR_STR, NULL },
		{ "2024-05-01", SS_SCALAR_INT, "1714521600" },
		{ "2001-12-14 21:59:43 -5", SS_SCALAR_INT, "1008385183" },
		{ "2001-12-14T21:59:43.10Z", SS_SCALAR_FLOAT, "1008367183.1" },
		{ "2024-13-01", SS_SCALAR_STR, NULL }, { "1.2.3", SS_SCALAR_STR, NULL },
		{ "10.0.0.1", SS_SCALAR_STR, NULL },  { "12abc", SS_SCALAR_STR, NULL },
		{ "99999999999999999999", SS_SCALAR_STR, NULL }, { ".", SS_SCALAR_STR, NULL },
		{ "-", SS_SCALAR_STR, NULL },         { "0x", SS_SCALAR_STR, NULL },
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ss_node n = { .kind = SS_NODE_SCALAR, .scalar = (char *)t[i].text };
		const char *lit;

		n.type = ss_scalar_type_of(t[i].text);
		ck_assert_msg(n.type == t[i].type, "%s: type %d, want %d", t[i].text, n.type,
			      t[i].type);
		lit = ss_node_literal(&n, buf, sizeof(buf));
		if (t[i].lit)
			ck_assert_msg(lit && !strcmp(lit, t[i].lit), "%s: literal %s, want %s",
				      t[i].text, lit ? lit : "(string)", t[i].lit);
		else
			ck_assert_msg(!lit, "%s: literal %s, want a string", t[i].text, lit);
	}
}
END_TEST

START_TEST(yaml_keeps_scalar_types)
{
	struct ss_error err;
	struct ss_node *n = yaml("a: true\nb: 'true'\nc: 3306\nd: \"3306\"\ne: ~\nf: !!str 5\n"
				 "g: [yes, 1.5]\n", &err);
	struct ss_node *c;
	long long v;

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(ss_node_get(n, "a")->type, SS_SCALAR_BOOL);
	ck_assert_int_eq(ss_node_get(n, "b")->type, SS_SCALAR_STR);
	ck_assert_int_eq(ss_node_get(n, "c")->type, SS_SCALAR_INT);
	ck_assert_int_eq(ss_node_int(ss_node_get(n, "c"), &v), 0);
	ck_assert_int_eq(v, 3306);
	ck_assert_int_eq(ss_node_get(n, "d")->type, SS_SCALAR_STR);
	ck_assert_int_eq(ss_node_int(ss_node_get(n, "d"), &v), -1);
	ck_assert_int_eq(ss_node_get(n, "e")->type, SS_SCALAR_NULL);
	ck_assert_str_eq(ss_node_str(n, "e"), "");
	ck_assert_int_eq(ss_node_get(n, "f")->type, SS_SCALAR_STR);
	ck_assert_int_eq(ss_node_get(n, "g")->items[0]->type, SS_SCALAR_STR);
	ck_assert_int_eq(ss_node_get(n, "g")->items[1]->type, SS_SCALAR_FLOAT);
	c = ss_node_clone(n);
	ck_assert_int_eq(c->items[0]->type, SS_SCALAR_BOOL);
	ss_node_free(c);
	ss_node_free(n);
}
END_TEST

/* 'common' under an entry: mappings merge by key, lists by position, the entry wins. */
START_TEST(common_merges_under_the_entry)
{
	struct ss_error err;
	struct ss_node *n = yaml("common:\n  host: c\n  paths: {files: cf, tmp: ct}\n"
				 "  list: [a, b, c]\n  gone: x\n  ssh: {options: -p 1}\n"
				 "prod:\n  host: p\n  paths: {files: pf}\n  list: [z]\n  gone: ~\n"
				 "  ssh: -p 2\n", &err);
	struct ss_node *m;

	ck_assert_ptr_nonnull(n);
	m = ss_node_merged(ss_node_get(n, "common"), ss_node_get(n, "prod"));
	ck_assert_str_eq(ss_node_str(m, "host"), "p");
	ck_assert_str_eq(ss_node_str(m, "paths.files"), "pf");
	ck_assert_str_eq(ss_node_str(m, "paths.tmp"), "ct");
	ck_assert_uint_eq(ss_node_get(m, "list")->n, 3);
	ck_assert_str_eq(ss_node_get(m, "list")->items[0]->scalar, "z");
	ck_assert_str_eq(ss_node_get(m, "list")->items[2]->scalar, "c");
	ck_assert_int_eq(ss_node_get(m, "gone")->type, SS_SCALAR_NULL);
	ck_assert_str_eq(ss_node_str(m, "ssh"), "-p 2");
	ck_assert_int_eq(ss_node_key_mark(m, "host")->line, 8);
	ck_assert_int_eq(m->line, ss_node_get(n, "prod")->line);
	ss_node_free(m);
	m = ss_node_merged(NULL, ss_node_get(n, "prod"));
	ck_assert_ptr_null(ss_node_get(m, "paths") ? ss_node_get(ss_node_get(m, "paths"), "tmp")
						   : NULL);
	ss_node_free(m);
	ss_node_free(n);
}
END_TEST

/* ${env-name}, the entry's own values (typed when whole), cycles that end. */
START_TEST(interpolation_of_env_name_and_own_values)
{
	struct ss_error err;
	struct ss_node *d = yaml("root: /var/www/${env-name}\nfiles: ${root}/files\n"
				 "port: 22\ntty: false\nopts: -p ${port}\nwhole: ${tty}\n"
				 "a: ${b}\nb: ${a}\nlist: [x, y]\njoined: ${list}\n"
				 "nested: {k: v}\nref: ${nested.k}\nmissing: ${nope} ${drush.base-dir}\n"
				 "twice: ${env-name}${env-name}\n", &err);
	struct ss_interp ix = { .env_name = "live", .data = d };
	struct ss_node *e;

	ck_assert_ptr_nonnull(d);
	e = ss_node_clone(d);
	ck_assert_int_eq(ss_interpolate_node("t.yml", e, &ix, &err), 0);
	ck_assert_str_eq(ss_node_str(e, "root"), "/var/www/live");
	ck_assert_str_eq(ss_node_str(e, "files"), "/var/www/live/files");
	ck_assert_str_eq(ss_node_str(e, "opts"), "-p 22");
	ck_assert_int_eq(ss_node_get(e, "opts")->type, SS_SCALAR_STR);
	ck_assert_str_eq(ss_node_str(e, "whole"), "false");
	ck_assert_int_eq(ss_node_get(e, "whole")->type, SS_SCALAR_BOOL);
	ck_assert_msg(strstr(ss_node_str(e, "a"), "${"), "%s", ss_node_str(e, "a"));
	ck_assert_str_eq(ss_node_str(e, "joined"), "x,y");
	ck_assert_str_eq(ss_node_str(e, "ref"), "v");
	ck_assert_str_eq(ss_node_str(e, "missing"), "${nope} ${drush.base-dir}");
	ck_assert_str_eq(ss_node_str(e, "twice"), "livelive");
	ss_node_free(e);
	ss_node_free(d);
}
END_TEST

/* Drush's entry rules: named over '*', common under both, default env, single files. */
START_TEST(wildcards_defaults_and_single_files)
{
	const struct ss_alias *a, *b;
	struct ss_aliases *set;
	struct ss_error err;

	put("aliases/w.site.yml", "default: dev\ndev:\n  root: /dev\n'*':\n  root: /w/${env-name}\n"
	    "  host: ${env-name}.example.com\ncommon:\n  user: shared\n  root: /common\n", 0644);
	put("aliases/firstenv.site.yml", "# a comment\nlive:\n  host: l\nprod:\n  host: p\n",
	    0644);
	put("aliases/withdev.site.yml", "prod:\n  host: p\ndev:\n  host: d\n", 0644);
	put("aliases/defmap.site.yml", "default:\n  root: /def\nprod:\n  host: p\n", 0644);
	put("aliases/one.site.yml", "root: /one\nuri: https://one.example\n", 0644);
	set = open_set();
	ck_assert_int_eq(ss_alias_resolve(set, "@w.dev", &a, &err), 0);
	ck_assert_str_eq(a->root, "/dev");
	ck_assert_str_eq(a->user, "shared");
	ck_assert_ptr_null(a->host);
	ck_assert_int_eq(ss_alias_resolve(set, "@w.live", &a, &err), 0);
	ck_assert_str_eq(a->name, "@w.live");
	ck_assert_str_eq(a->env, "live");
	ck_assert_str_eq(a->root, "/w/live");
	ck_assert_str_eq(a->host, "live.example.com");
	ck_assert_str_eq(a->user, "shared");
	ck_assert_int_eq(a->role, SS_ROLE_PRODUCTION);
	ck_assert_int_eq(a->line, 4);
	ck_assert_int_eq(ss_alias_resolve(set, "@w.test", &b, &err), 0);
	ck_assert_int_eq(b->role, SS_ROLE_STAGING);
	ck_assert_ptr_ne(a, b);
	ck_assert_int_eq(ss_alias_resolve(set, "@w.live", &b, &err), 0);
	ck_assert_ptr_eq(a, b);
	ck_assert_int_eq(ss_alias_resolve(set, "@w", &a, &err), 0);
	ck_assert_str_eq(a->name, "@w.dev");
	ck_assert_int_eq(ss_alias_resolve(set, "@firstenv", &a, &err), 0);
	ck_assert_str_eq(a->name, "@firstenv.live");
	ck_assert_int_eq(ss_alias_resolve(set, "@withdev", &a, &err), 0);
	ck_assert_str_eq(a->name, "@withdev.dev");
	ck_assert_int_eq(ss_alias_resolve(set, "@defmap", &a, &err), 0);
	ck_assert_str_eq(a->name, "@defmap.default");
	ck_assert_int_eq(a->role, SS_ROLE_PRODUCTION); /* only self's default is this site */
	ck_assert_int_eq(ss_alias_resolve(set, "@one", &a, &err), 0);
	ck_assert_str_eq(a->name, "@one");
	ck_assert_str_eq(a->root, "/one");
	ck_assert_int_eq(a->role, SS_ROLE_PRODUCTION);
	ck_assert_int_eq(ss_alias_resolve(set, "@one.default", &b, &err), 0);
	ck_assert_ptr_eq(a, b);
	ck_assert_int_eq(ss_alias_resolve(set, "@one.prod", &a, &err), -1);
	ck_assert_int_eq(err.status, SS_USAGE);
	ck_assert_msg(strstr(err.msg, "one.site.yml; it has '@one'"), "%s", err.msg);
	ck_assert_int_eq(ss_alias_resolve(set, "@firstenv.nope", &a, &err), -1);
	ck_assert_int_eq(err.status, SS_USAGE);
	ss_aliases_free(set);
}
END_TEST

/* self.site.yml: its '*' answers any @x, never `default`; a single self file is default. */
START_TEST(self_wildcard_and_single_self)
{
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;

	put("aliases/self.site.yml", "'*':\n  host: ${env-name}.example.com\n", 0644);
	put("aliases/other.site.yml", "prod:\n  host: o\n", 0644);
	set = open_set();
	ck_assert_int_eq(ss_alias_resolve(set, "@anything", &a, &err), 0);
	ck_assert_str_eq(a->name, "@anything");
	ck_assert_str_eq(a->host, "anything.example.com");
	ck_assert_int_eq(ss_alias_resolve(set, "default", &a, &err), 0);
	ck_assert_str_eq(a->file, "(environment)");
	ck_assert_int_eq(a->role, SS_ROLE_LOCAL);
	ss_aliases_free(set);
	put("aliases/self.site.yml", "root: /here\n", 0644);
	set = open_set();
	ck_assert_int_eq(ss_alias_resolve(set, "@self", &a, &err), 0);
	ck_assert_str_eq(a->name, "default");
	ck_assert_str_eq(a->root, "/here");
	ck_assert_int_eq(a->role, SS_ROLE_LOCAL);
	ss_aliases_free(set);
}
END_TEST

/* Files in a subdirectory of a search dir have its name as location. */
START_TEST(locations_and_groups)
{
	const struct ss_alias *const *list;
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;
	size_t n;

	put("aliases/pantheon/mysite.site.yml", "'*':\n  host: ${env-name}.p\n", 0644);
	put("aliases/.hidden/mysite.site.yml", "'*':\n  host: hidden\n", 0644);
	put("aliases/other/shop.site.yml", "prod:\n  host: other\n", 0644);
	put("aliases/shop.site.yml", "prod:\n  host: top\nstage:\n  host: s\n", 0644);
	set = open_set();
	ck_assert_int_eq(ss_alias_resolve(set, "@pantheon.mysite.live", &a, &err), 0);
	ck_assert_str_eq(a->name, "@pantheon.mysite.live");
	ck_assert_str_eq(a->host, "live.p");
	ck_assert_int_eq(ss_alias_resolve(set, "@mysite.live", &a, &err), 0);
	ck_assert_str_eq(a->name, "@pantheon.mysite.live");
	ck_assert_int_eq(ss_alias_resolve(set, "@shop.prod", &a, &err), 0);
	ck_assert_str_eq(a->host, "top");
	ck_assert_int_eq(ss_alias_resolve(set, "@other.shop.prod", &a, &err), 0);
	ck_assert_str_eq(a->host, "other");
	ck_assert_str_eq(a->name, "@other.shop.prod");
	/* drush's rule for a search dir's own files: its name is their location too */
	ck_assert_int_eq(ss_alias_resolve(set, "@aliases.shop.stage", &a, &err), 0);
	ck_assert_str_eq(a->name, "@shop.stage");
	ck_assert_int_eq(ss_alias_resolve(set, "@hidden.mysite.live", &a, &err), -1);
	ck_assert_int_eq(ss_alias_resolve(set, "@nowhere.shop.prod", &a, &err), -1);
	ck_assert_int_eq(err.status, SS_USAGE);
	ck_assert_int_eq(ss_aliases_group(set, "@shop", &list, &n, &err), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(list[0]->name, "@other.shop.prod");
	ck_assert_str_eq(list[2]->name, "@shop.stage");
	ck_assert_int_eq(ss_aliases_group(set, "@pantheon", &list, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(list[0]->name, "@pantheon.mysite.*");
	ck_assert_int_eq(ss_aliases_group(set, "@other.shop", &list, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ss_aliases_group(set, "@shop.prod", &list, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(ss_aliases_group(set, "@self", &list, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
	ss_aliases_free(set);
}
END_TEST

static void count_skip(void *data, const struct ss_error *err)
{
	struct ss_buf *b = data;

	ss_buf_addf(b, "%s\n", err->msg);
}

/* Broken files and entries are told once each; Drush 8 files when a lookup fails. */
START_TEST(skipped_files_told_once)
{
	const struct ss_alias *const *list;
	const struct ss_alias *a;
	struct ss_buf told = SS_BUF_INIT;
	struct ss_aliases *set;
	struct ss_error err;
	size_t n;

	put("aliases/good.site.yml", "prod:\n  host: g\nbad:\n  role: nope\n", 0644);
	put("aliases/broken.site.yml", "prod: [\n", 0644);
	put("aliases/old.aliases.drushrc.php", "<?php\n", 0644);
	put("aliases/sub/aliases.drushrc.php", "<?php\n", 0644);
	put("aliases/x.alias.drushrc.php.bak", "<?php\n", 0644);
	set = open_set();
	ss_aliases_on_skip(set, count_skip, &told);
	ss_aliases_all_lenient(set, &list, &n);
	ss_aliases_all_lenient(set, &list, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_msg(strstr(told.data, "skipped: ") && strstr(told.data, "/broken.site.yml:2:1: "),
		      "%s", told.data);
	ck_assert_msg(strstr(told.data, "good.site.yml:4:9: unknown role 'nope'"), "%s", told.data);
	ck_assert_msg(!strstr(told.data, "drushrc"), "%s", told.data);
	ck_assert_msg(strchr(strchr(told.data, '\n') + 1, '\n') ==
		      told.data + told.len - 1, "told more than twice:\n%s", told.data);
	ss_buf_reset(&told);
	ck_assert_int_eq(ss_alias_resolve(set, "@nope.prod", &a, &err), -1);
	ck_assert_int_eq(ss_alias_resolve(set, "@nope2", &a, &err), -1);
	ck_assert_msg(strstr(told.data, "/aliases/old.aliases.drushrc.php is a Drush 8 alias file"),
		      "%s", told.data);
	ck_assert_msg(strstr(told.data, "/aliases/sub/aliases.drushrc.php is a Drush 8 alias"),
		      "%s", told.data);
	ck_assert_msg(!strstr(told.data, ".bak"), "%s", told.data);
	ck_assert_msg(strchr(strchr(told.data, '\n') + 1, '\n') ==
		      told.data + told.len - 1, "told more than twice:\n%s", told.data);
	ss_buf_release(&told);
	ss_aliases_free(set);
}
END_TEST

/* docker/kubectl/skpr/vagrant without host: a transport sitesync refuses to stand in for. */
START_TEST(transports_not_spoken)
{
	const struct ss_alias *a;
	struct ss_aliases *set;
	struct ss_error err;

	put("aliases/t.site.yml", "local:\n  docker: {service: php}\nk:\n  kubectl: {namespace: n}\n"
	    "s:\n  skpr: {env: dev}\nv:\n  vagrant: true\nboth:\n  host: web1\n  docker: {}\n"
	    "plain:\n  root: /x\n", 0644);
	set = open_set();
	ck_assert_int_eq(ss_alias_resolve(set, "@t.local", &a, &err), 0);
	ck_assert_str_eq(ss_alias_transport(a), "docker");
	ck_assert(!ss_alias_is_remote(a));
	ck_assert_int_eq(ss_alias_need_transport(a, &err), -1);
	ck_assert_int_eq(err.status, SS_REFUSED);
	ck_assert_msg(strstr(err.msg, "alias '@t.local' is reached with docker (") &&
		      strstr(err.msg, "t.site.yml:1), which sitesync does not speak yet; refusing "
			     "to act on this machine instead"), "%s", err.msg);
	ck_assert_int_eq(ss_alias_resolve(set, "@t.k", &a, &err), 0);
	ck_assert_str_eq(ss_alias_transport(a), "kubectl");
	ck_assert_int_eq(ss_alias_resolve(set, "@t.s", &a, &err), 0);
	ck_assert_str_eq(ss_alias_transport(a), "skpr");
	ck_assert_int_eq(ss_alias_resolve(set, "@t.v", &a, &err), 0);
	ck_assert_str_eq(ss_alias_transport(a), "vagrant");
	ck_assert_int_eq(ss_alias_resolve(set, "@t.both", &a, &err), 0);
	ck_assert_ptr_null(ss_alias_transport(a));
	ck_assert_int_eq(ss_alias_need_transport(a, &err), 0);
	ck_assert_int_eq(ss_alias_resolve(set, "@t.plain", &a, &err), 0);
	ck_assert_ptr_null(ss_alias_transport(a));
	ss_aliases_free(set);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("alias");
	TCase *t = tcase_create("alias");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, yaml_tree_with_positions);
	tcase_add_test(t, yaml_errors_have_positions);
	tcase_add_test(t, yaml_depth_is_bounded);
	tcase_add_test(t, yaml_billion_laughs_refused_fast);
	tcase_add_test(t, yaml_sane_anchors_and_merges);
	tcase_add_test(t, entry_errors_name_file_line_col);
	tcase_add_test(t, entry_full);
	tcase_add_test(t, interpolation);
	tcase_add_test(t, db_url_table);
	tcase_add_test(t, role_inference);
	tcase_add_test(t, names_and_suggestions);
	tcase_add_test(t, all_sorted_with_default);
	tcase_add_test(t, lazy_loading);
	tcase_add_test(t, search_path_order_and_checks);
	tcase_add_test(t, search_path_defaults_and_dedup);
	tcase_add_test(t, big_file_refused);
	tcase_add_test(t, unsafe_files_refused);
	tcase_add_test(t, dotenv_parsing);
	tcase_add_test(t, default_from_environment);
	tcase_add_test(t, default_from_environment_errors);
	tcase_add_test(t, passwords);
	tcase_add_test(t, explicit_password_source_drops_url_password);
	tcase_add_test(t, relative_password_file_is_next_to_the_alias_file);
	tcase_add_test(t, remote_or_not);
	tcase_add_test(t, example_files_load);
	tcase_add_test(t, names_are_not_paths);
	tcase_add_test(t, mutations_are_survived);
	tcase_add_test(t, scalar_types_as_drush_reads_them);
	tcase_add_test(t, yaml_keeps_scalar_types);
	tcase_add_test(t, common_merges_under_the_entry);
	tcase_add_test(t, interpolation_of_env_name_and_own_values);
	tcase_add_test(t, wildcards_defaults_and_single_files);
	tcase_add_test(t, self_wildcard_and_single_self);
	tcase_add_test(t, locations_and_groups);
	tcase_add_test(t, skipped_files_told_once);
	tcase_add_test(t, transports_not_spoken);
	tcase_set_timeout(t, 60);
	suite_add_tcase(s, t);
	return s;
}

SS_UNIT_MAIN(suite)

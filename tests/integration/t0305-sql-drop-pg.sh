#!/bin/bash
# sql-drop on PostgreSQL: the user's schemas dropped with everything in them,
# an empty public recreated as it was, other owners' schemas left alone,
# --schemas, production refused, a held lock makes it busy.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

[ -x "$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | tail -n 1)" ] ||
	test_skip_all "PostgreSQL is not installed"
sitesync help sql-drop >/dev/null 2>&1 || test_skip_all "the sql-drop plugin is not built"
sitesync help sa >/dev/null 2>&1 || test_skip_all "needs the alias loader (branch alias)"
. "$abs_top_srcdir/tests/lib/servers.sh"
test_at_exit "touch '$TRASH/go'"

# Relations, routines and types left in schemas other than "keep", plus the
# schemas themselves apart from public and keep, as one number.
count_objects() {
	pg_sql t "$1" "SELECT
		(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname NOT IN ('keep', 'pg_catalog', 'information_schema', 'pg_toast')) +
		(SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
			WHERE n.nspname NOT IN ('keep', 'pg_catalog', 'information_schema')) +
		(SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
			WHERE n.nspname NOT IN ('keep', 'pg_catalog', 'information_schema', 'pg_toast')) +
		(SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%'
			AND nspname NOT IN ('information_schema', 'public', 'keep'))"
}

# fill DB as user app: tables with a foreign key, views on views, a
# materialized view, a function, a procedure, a trigger, types, a second
# schema; and a schema "keep" owned by postgres that must stay.
fill() {
	pg_sql t postgres "CREATE DATABASE $1 OWNER app" &&
	pg_sql t "$1" "CREATE SCHEMA keep; CREATE TABLE keep.t (x int);
		GRANT USAGE ON SCHEMA keep TO app" &&
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_t_SOCKDIR" -p "$PG_t_PORT" -U app -d "$1" <<-SQL
	CREATE TABLE parent (id int PRIMARY KEY);
	CREATE TABLE child (id serial PRIMARY KEY, pid int REFERENCES parent (id));
	CREATE TABLE "odd""name; DROP SCHEMA keep CASCADE" (x int);
	INSERT INTO parent VALUES (1); INSERT INTO child (pid) VALUES (1);
	CREATE VIEW v1 AS SELECT id FROM parent;
	CREATE VIEW v2 AS SELECT id FROM v1;
	CREATE VIEW v3 AS SELECT v2.id FROM v2 JOIN child ON child.pid = v2.id;
	CREATE MATERIALIZED VIEW mv AS SELECT * FROM v3;
	CREATE FUNCTION f1(a int, b text) RETURNS int LANGUAGE sql AS 'SELECT 1';
	CREATE PROCEDURE p1() LANGUAGE sql AS 'SELECT 1';
	CREATE FUNCTION trg_fn() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
	CREATE TRIGGER trg BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION trg_fn();
	CREATE TYPE mood AS ENUM ('ok', 'meh');
	CREATE DOMAIN posint AS int CHECK (VALUE > 0);
	CREATE SCHEMA extra;
	CREATE TABLE extra.e (id int REFERENCES public.parent (id));
	CREATE VIEW extra.ev AS SELECT * FROM public.v2;
	SQL
	pg_sql t "$1" "CREATE VIEW keep.kv AS SELECT id FROM public.parent;
		CREATE TABLE keep.r (pid int CONSTRAINT r_parent REFERENCES public.parent (id))"
}

test_expect_success 'start PostgreSQL with the databases and the aliases' '
	start_postgres t &&
	pg_sql t postgres "CREATE ROLE app LOGIN; CREATE ROLE reader" &&
	fill drupal && fill prodcopy && fill devdb &&
	pg_sql t drupal "GRANT USAGE ON SCHEMA public TO reader; COMMENT ON SCHEMA public IS '"'"'the public one'"'"'" &&
	mkdir -p aliases &&
	cat >aliases/self.site.yml <<-YML &&
	default:
	  role: local
	  db: { driver: pgsql, socket: $PG_t_SOCKDIR, port: $PG_t_PORT, name: drupal, user: app }
	prod:
	  role: production
	  db: { driver: pgsql, socket: $PG_t_SOCKDIR, port: $PG_t_PORT, name: prodcopy, user: app }
	dev:
	  role: development
	  db: { driver: pgsql, socket: $PG_t_SOCKDIR, port: $PG_t_PORT, name: devdb, user: app }
	  hooks:
	    pre-sql-drop: ["touch $TRASH/in-hook; while [ ! -e $TRASH/go ]; do sleep 0.1; done"]
	YML
	chmod 700 aliases &&
	export SITESYNC_ALIAS_PATH="$TRASH/aliases" &&
	count_objects drupal >before &&
	test "$(cat before)" -gt 20
'

test_expect_success '-s lists the schemas and objects, changes nothing' '
	sitesync sql-drop default -s >out &&
	test_grep "^would drop 4 tables, 5 views, 1 materialized view, 1 sequence, 3 routines, 2 types, 1 trigger, 1 foreign key in default (localhost/drupal)" out &&
	test_grep "^  view  *keep.kv (outside the schemas, depends on public.parent: dropped with them)$" out &&
	test_grep "^  foreign key keep.r.r_parent (outside the schemas, depends on public.parent: dropped with them)$" out &&
	test_grep "^  schema extra$" out &&
	test_grep "^  schema public (recreated empty)$" out &&
	test_grep "^  routine  *public.f1(a integer, b text) (function)$" out &&
	test_grep "^  view  *extra.ev$" out &&
	! grep "keep" out | grep -v "odd\|outside the schemas" &&
	test "$(count_objects drupal)" = "$(cat before)"
'

test_expect_success 'without -y and without a terminal nothing is dropped (exit 3)' '
	test_must_fail --status=3 setsid -w "$SITESYNC_BIN" sql-drop default 2>err </dev/null &&
	test_grep "not confirmed: no terminal to ask on" err &&
	test "$(count_objects drupal)" = "$(cat before)"
'

test_expect_success 'a production target is refused (exit 3), nothing dropped' '
	test_must_fail --status=3 sitesync -y sql-drop @prod 2>err &&
	test_grep "refusing to sql-drop .@[a-z.]*prod.: it is a production environment" err &&
	test "$(count_objects prodcopy)" = "$(cat before)"
'

test_expect_success 'a second sql-drop while one runs is busy (exit 4) and names the first' '
	rm -f in-hook go &&
	{ "$SITESYNC_BIN" -y sql-drop @dev >first.out 2>first.err & } &&
	first=$! &&
	ss_wait_for 20 test -e in-hook &&
	test_must_fail --status=4 sitesync -y sql-drop @dev 2>err;
	rc=$?; touch go; wait $first && test $rc = 0 &&
	test_grep "target .@[a-z.]*dev. (localhost/devdb) is busy: sitesync sql-drop held since [0-9][0-9]:[0-9][0-9] by [^ ]*@[^ ]* pid $first$" err
'

test_expect_success 'an advisory lock on the documented key makes it busy (exit 4)' '
	# ss_lock_key("drupal"): FNV-1a 64 of "sitesync:drupal", pinned in test_safety
	{ psql -X -q -h "$PG_t_SOCKDIR" -p "$PG_t_PORT" -U app -d drupal -At \
		-c "SELECT pg_backend_pid(), pg_advisory_lock(-2006561311984538117)" \
		-c "SELECT pg_sleep(600)" >holder.out 2>&1 & } &&
	holder=$! &&
	ss_wait_for 10 grep -q "|" holder.out &&
	test_must_fail --status=4 sitesync -y sql-drop default 2>err;
	rc=$?; pg_sql t postgres "SELECT pg_terminate_backend($(cut -d"|" -f1 holder.out))" >/dev/null;
	wait $holder; test $rc = 0 &&
	test_grep "target .default. (localhost/drupal) is busy: the sitesync lock is held since [0-9][0-9]:[0-9][0-9] by connection $(cut -d"|" -f1 holder.out) of app@local (psql)$" err &&
	test "$(count_objects drupal)" = "$(cat before)"
'

test_expect_success '--schemas=extra drops that schema only' '
	sitesync -y sql-drop default --schemas=extra 2>err &&
	test_grep "^drop 1 table, 1 view (schema extra) in default (localhost/drupal)? (y/N) yes$" err &&
	test -z "$(pg_sql t drupal "SELECT 1 FROM pg_namespace WHERE nspname = '"'"'extra'"'"'")" &&
	test "$(pg_sql t drupal "SELECT count(*) FROM pg_class WHERE relname = '"'"'parent'"'"'")" = 1
'

test_expect_success '--schemas refuses system schemas and unknown ones' '
	test_must_fail --status=2 sitesync -y sql-drop default --schemas=pg_catalog 2>err &&
	test_grep "schema .pg_catalog. is a system schema" err &&
	test_must_fail --status=1 sitesync -y sql-drop default --schemas=public,nosuch 2>err &&
	test_grep "schema .nosuch. not found" err &&
	test "$(pg_sql t drupal "SELECT count(*) FROM pg_class WHERE relname = '"'"'parent'"'"'")" = 1
'

test_expect_success '-y drops everything; public is back, empty, as it was; keep stays' '
	pg_sql t drupal "SELECT pg_get_userbyid(nspowner), array_to_string(nspacl, '"'"','"'"'), obj_description(oid, '"'"'pg_namespace'"'"') FROM pg_namespace WHERE nspname = '"'"'public'"'"'" >public.before &&
	sitesync -y sql-drop default 2>err &&
	test "$(count_objects drupal)" = 0 &&
	pg_sql t drupal "SELECT pg_get_userbyid(nspowner), array_to_string(nspacl, '"'"','"'"'), obj_description(oid, '"'"'pg_namespace'"'"') FROM pg_namespace WHERE nspname = '"'"'public'"'"'" >public.after &&
	test_cmp public.before public.after &&
	test_grep "reader=U" public.after &&
	test "$(pg_sql t drupal "SELECT count(*) FROM keep.t")" = 0 &&
	test "$(pg_sql t drupal "SELECT count(*) FROM keep.r")" = 0 &&
	test -z "$(pg_sql t drupal "SELECT 1 FROM pg_class WHERE relname = '"'"'kv'"'"'")" &&
	test "$(pg_sql t devdb "SELECT count(*) FROM keep.t")" = 0
'

test_expect_success 'the history has every run' '
	sitesync history --limit=0 >out &&
	test_grep "sql-drop  *default  *simulated " out &&
	test_grep "sql-drop  *@[a-z.]*prod  *refused " out &&
	test_grep "sql-drop  *@[a-z.]*dev  *busy .*is busy" out &&
	test_grep "sql-drop  *default  *ok " out
'

test_done

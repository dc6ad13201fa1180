#!/bin/bash
# PostgreSQL sql-sync keeps owners: each object gets the owner it has on the
# source when the target has that role, else the target's previous owner of
# the same object, else the connecting role; what is not kept is said once
# (text and JSON) and never fails the sync.  A sync user that is not a
# superuser gives objects only to the roles it is a member of.
# --restore-backup brings the previous owners back.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

psql_on() {
	local s=$1
	shift
	eval "psql -X -q -v ON_ERROR_STOP=1 -h \"\$PG_${s}_SOCKDIR\" -p \"\$PG_${s}_PORT\" -U postgres -At -d \"\$@\""
}

# The owners of the objects of schema app: kind name owner.
owners() {
	psql_on dst "$1" -c "SELECT 'schema ' || nspname || ' ' || pg_get_userbyid(nspowner)
			FROM pg_namespace WHERE nspname = 'app'
		UNION ALL SELECT c.relkind::text || ' ' || c.relname || ' ' || pg_get_userbyid(c.relowner)
			FROM pg_class c WHERE c.relnamespace = 'app'::regnamespace
		UNION ALL SELECT 'f ' || proname || ' ' || pg_get_userbyid(proowner)
			FROM pg_proc WHERE pronamespace = 'app'::regnamespace
		UNION ALL SELECT 't ' || typname || ' ' || pg_get_userbyid(typowner)
			FROM pg_type WHERE typnamespace = 'app'::regnamespace AND typtype IN ('e', 'd')
		ORDER BY 1"
}

test_expect_success 'start a source and a target server, roles, aliases' '
	start_postgres src &&
	start_postgres dst &&
	pg_sql src postgres "CREATE DATABASE prod" &&
	pg_sql src postgres "ALTER USER postgres PASSWORD '\''pw'\'';
		CREATE ROLE alice; CREATE ROLE bob; CREATE ROLE carol" &&
	pg_sql dst postgres "CREATE DATABASE stage" &&
	pg_sql dst postgres "ALTER USER postgres PASSWORD '\''pw'\'';
		CREATE ROLE alice; CREATE ROLE carol;
		CREATE ROLE syncer LOGIN PASSWORD '\''pw'\''; GRANT alice TO syncer" &&
	pg_sql dst postgres "CREATE DATABASE stage2 OWNER syncer" &&
	mkdir -p drush/sites &&
	cat >drush/sites/app.site.yml <<-YML &&
	prod:
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_src_PORT, name: prod, user: postgres, password-env: APP_DB_PASSWORD }
	  role: production
	stage:
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_dst_PORT, name: stage, user: postgres, password-env: APP_DB_PASSWORD }
	  role: staging
	stage2:
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_dst_PORT, name: stage2, user: syncer, password-env: APP_DB_PASSWORD }
	  role: staging
	YML
	chmod -R go-w drush &&
	export APP_DB_PASSWORD=pw
'

test_expect_success 'fixtures: objects of alice, bob and carol in prod; older ones in stage' '
	psql_on src prod -c "CREATE SCHEMA app AUTHORIZATION alice;
		CREATE TABLE app.a (id serial PRIMARY KEY, v text);
		CREATE TABLE app.b (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a_id int REFERENCES app.a);
		CREATE TABLE app.c (x int);
		CREATE VIEW app.v AS SELECT * FROM app.a;
		CREATE MATERIALIZED VIEW app.mv AS SELECT count(*) AS n FROM app.a;
		CREATE SEQUENCE app.free_seq;
		CREATE FUNCTION app.f(int) RETURNS int LANGUAGE sql AS '\''SELECT \$1'\'';
		CREATE PROCEDURE app.p() LANGUAGE sql AS '\''SELECT 1'\'';
		CREATE TYPE app.mood AS ENUM ('\''ok'\'');
		CREATE DOMAIN app.posint AS int CHECK (VALUE > 0);
		CREATE TYPE app.pair AS (x int, y int);
		INSERT INTO app.a (v) VALUES ('\''one'\''), ('\''two'\''); INSERT INTO app.b (a_id) VALUES (1);
		ALTER TABLE app.a OWNER TO alice; ALTER TABLE app.b OWNER TO bob; ALTER TABLE app.c OWNER TO carol;
		ALTER VIEW app.v OWNER TO bob; ALTER MATERIALIZED VIEW app.mv OWNER TO alice;
		ALTER SEQUENCE app.free_seq OWNER TO bob; ALTER FUNCTION app.f(int) OWNER TO bob;
		ALTER PROCEDURE app.p() OWNER TO alice; ALTER TYPE app.mood OWNER TO bob;
		ALTER DOMAIN app.posint OWNER TO alice; ALTER TYPE app.pair OWNER TO carol" &&
	psql_on dst stage -c "CREATE SCHEMA app AUTHORIZATION carol;
		CREATE TABLE app.b (id int); ALTER TABLE app.b OWNER TO carol;
		CREATE FUNCTION app.f(int) RETURNS int LANGUAGE sql AS '\''SELECT 0'\'';
		ALTER FUNCTION app.f(int) OWNER TO alice" &&
	owners stage >before
'

test_expect_success 'sync as a superuser: source owners, else the previous ones, else the sync user' '
	sitesync -v sql-sync @app.prod @app.stage -y --schemas=app 2>err &&
	cat >expect <<-EOF &&
	S a_id_seq alice
	S b_id_seq carol
	S free_seq postgres
	c pair carol
	f f alice
	f p alice
	i a_pkey alice
	i b_pkey carol
	m mv alice
	r a alice
	r b carol
	r c carol
	schema app alice
	t mood postgres
	t posint alice
	v v postgres
	EOF
	owners stage >actual &&
	test_cmp expect actual
'

test_expect_success 'the owners not kept are said once, with the reason' '
	test_grep "warning: owner \"bob\" not kept on .*table app.b.*: no role of that name on the target" err &&
	test_grep "function app.f(integer)" err &&
	test "$(grep -c "owner \"bob\"" err)" = 1 &&
	! grep -q "owner \"alice\"\|owner \"carol\"" err
'

test_expect_success 'the rows arrived and the objects work for their owners' '
	test "$(psql_on dst stage -c "SELECT count(*) FROM app.v")" = 2 &&
	test "$(psql_on dst stage -c "SELECT n FROM app.mv")" = 2 &&
	test "$(psql_on dst stage -c "SELECT app.f(5)")" = 5 &&
	psql_on dst stage -c "INSERT INTO app.a (v) VALUES ('\''three'\'')" &&
	test "$(psql_on dst stage -c "SELECT max(id) FROM app.a")" = 3
'

test_expect_success '--restore-backup brings back the previous owners, twice undoes it' '
	sitesync sql-sync --restore-backup @app.stage -y &&
	owners stage >actual &&
	test_cmp before actual &&
	test "$(psql_on dst stage -c "SELECT app.f(5)")" = 0 &&
	sitesync sql-sync --restore-backup @app.stage -y &&
	owners stage >actual &&
	test_cmp expect actual
'

test_expect_success 'JSON output lists the owners not kept' '
	sitesync sql-sync @app.prod @app.stage -y --schemas=app --format=json >out 2>err &&
	test_grep "\"owners_not_kept\":\[\"owner \\\\\"bob\\\\\" not kept on " out &&
	owners stage >actual &&
	test_cmp expect actual
'

test_expect_success 'a sync user that is no superuser, member of alice only' '
	psql_on dst stage2 -c "SET ROLE syncer; CREATE SCHEMA app; CREATE TABLE app.c (x int)" &&
	sitesync -v sql-sync @app.prod @app.stage2 -y --schemas=app 2>err &&
	cat >expect <<-EOF &&
	S a_id_seq alice
	S b_id_seq syncer
	S free_seq syncer
	c pair syncer
	f f syncer
	f p alice
	i a_pkey alice
	i b_pkey syncer
	m mv alice
	r a alice
	r b syncer
	r c syncer
	schema app alice
	t mood syncer
	t posint alice
	v v syncer
	EOF
	owners stage2 >actual &&
	test_cmp expect actual &&
	test_grep "warning: owner \"bob\" not kept on .*: no role of that name on the target" err &&
	test_grep "warning: owner \"carol\" not kept on .*table app.c.*: must be" err &&
	test_grep "type app.pair" err &&
	test "$(grep -c "owner \"carol\"" err)" = 1
'

test_expect_success 'the non-superuser sync left no CREATE grant behind, and restores' '
	test "$(psql_on dst stage2 -c "SELECT has_schema_privilege('\''carol'\'', '\''app'\'', '\''CREATE'\'')")" = f &&
	test "$(psql_on dst stage2 -c "SELECT nspacl IS NULL OR nspacl::text NOT LIKE '\''%carol%'\'' FROM pg_namespace WHERE nspname = '\''app'\''")" = t &&
	test "$(psql_on dst stage2 -c "SELECT count(*) FROM app.a")" = 2 &&
	sitesync sql-sync --restore-backup @app.stage2 -y &&
	test "$(owners stage2)" = "$(printf "r c syncer\nschema app syncer")"
'

test_expect_success 'a member without alice'\''s privileges (NOINHERIT) keeps the schema it must rename' '
	psql_on dst stage2 -c "SET client_min_messages = warning; DROP SCHEMA app__sitesync_backup CASCADE;
		ALTER ROLE syncer NOINHERIT" &&
	sitesync sql-sync @app.prod @app.stage2 -y --schemas=app 2>err &&
	test_grep "warning: owner \"alice\" not kept on schema app: the sync'\''s role does not have its privileges" err &&
	test "$(owners stage2 | grep "^schema\|^r a ")" = "$(printf "r a alice\nschema app syncer")" &&
	sitesync sql-sync @app.prod @app.stage2 -y --schemas=app 2>err &&
	test "$(owners stage2 | grep "^schema")" = "schema app syncer"
'

test_expect_success 'grants and policies naming a role the target lacks: made for the roles it has, the other named' '
	psql_on src prod -c "GRANT USAGE ON SCHEMA app TO bob, carol; GRANT SELECT ON app.c TO bob;
		GRANT SELECT, UPDATE ON app.c TO carol; ALTER TABLE app.c ENABLE ROW LEVEL SECURITY;
		CREATE POLICY both_roles ON app.c FOR SELECT TO bob, carol USING (x > 0);
		CREATE POLICY bob_only ON app.c TO bob USING (true)" &&
	sitesync sql-sync @app.prod @app.stage -y --schemas=app --no-backup 2>err &&
	test_grep "warning: privileges of role bob not kept (4 statements): no role of that name on the target" err &&
	test "$(psql_on dst stage -c "SELECT polname || ''' ''' || array_to_string(polroles::regrole[], ''',''')
		FROM pg_policy ORDER BY 1")" = "both_roles carol" &&
	test "$(psql_on dst stage -c "SELECT has_table_privilege('''carol''', '''app.c''', '''UPDATE''')")" = t &&
	test "$(psql_on dst stage -c "SELECT has_schema_privilege('''carol''', '''app''', '''USAGE''')")" = t &&
	test "$(psql_on dst stage -c "SELECT relrowsecurity FROM pg_class WHERE oid = '''app.c'''::regclass")" = t
'

test_done

#!/bin/bash
# PostgreSQL --restore-backup after a sync into an EMPTY target (a database
# with only its public schema, or empty schemas and a view): the synced
# tables leave, the schemas the sync created go, the old schemas and their
# comments come back; after a sync into a database --create-db made it
# refuses (exit 3) and names sql-drop.  A second restore undoes the first.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

# tables DB: "schema.table" of every table of DB's own schemas (not the backup's)
tables() {
	pg_sql pg "$1" "SELECT table_schema || '.' || table_name FROM information_schema.tables
		WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'
		AND table_schema NOT LIKE '%sitesync%' ORDER BY 1"
}

# schemas DB: "name comment" of DB's own schemas (the comment's lines joined by " | ")
schemas() {
	pg_sql pg "$1" "SELECT nspname || ' ' || replace(coalesce(obj_description(oid, 'pg_namespace'), '-'), E'\n', ' | ')
		FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 1"
}

test_expect_success 'a source with two schemas; an empty database; one with an empty schema and a view' '
	start_postgres pg &&
	pg_sql pg postgres "ALTER USER postgres PASSWORD '\''pw'\''" &&
	for db in prod empty objs; do pg_sql pg postgres "CREATE DATABASE $db" || return 1; done &&
	pg_sql pg prod "CREATE SCHEMA shop; CREATE TABLE shop.orders (id int PRIMARY KEY, v text);
		INSERT INTO shop.orders VALUES (1, '\''new'\''), (2, '\''new'\'');
		CREATE TABLE public.t (id int); INSERT INTO public.t VALUES (1);
		CREATE VIEW shop.v AS SELECT id FROM shop.orders" &&
	pg_sql pg objs "CREATE SCHEMA shop; COMMENT ON SCHEMA shop IS '\''the shop'\'';
		CREATE VIEW public.v_old AS SELECT 1 AS one" &&
	mkdir -p drush/sites &&
	for env in prod:production empty:development objs:development fresh:development; do
		name=${env%%:*} role=${env#*:}
		cat >>drush/sites/shop.site.yml <<-YML || return 1
		$name:
		  db: { driver: pgsql, host: 127.0.0.1, port: $PG_pg_PORT, name: $name, user: postgres, password-env: SHOP_DB_PASSWORD }
		  role: $role
		YML
	done &&
	chmod -R go-w drush &&
	export SHOP_DB_PASSWORD=pw &&
	schemas empty >empty_schemas &&
	schemas objs >objs_schemas
'

test_expect_success 'restoring the backup of an empty database empties it again and says so' '
	sitesync sql-sync @shop.prod @shop.empty -y &&
	test "$(tables empty | wc -l)" = 2 &&
	sitesync sql-sync --restore-backup @shop.empty -y >out &&
	test_grep "^restore @shop.empty: the backup of 20[0-9-]* [0-9:]* is an empty database; the 2 synced tables moved to the backup$" out &&
	test -z "$(tables empty)" &&
	schemas empty >actual &&
	sed "/__sitesync_backup/d" actual >live &&
	test_cmp empty_schemas live &&
	test "$(tail -n 1 "$SITESYNC_HISTORY" | grep -c "\"status\":\"ok\"")" = 1
'

test_expect_success 'a second restore undoes the first, a third empties it again' '
	sitesync -v sql-sync --restore-backup @shop.empty -y 2>err &&
	test_grep "2 schemas restored" err &&
	test "$(pg_sql pg empty "SELECT count(*) FROM shop.orders")" = 2 &&
	test "$(pg_sql pg empty "SELECT count(*) FROM shop.v")" = 2 &&
	sitesync sql-sync --restore-backup @shop.empty -y >out &&
	test_grep "is an empty database; the 2 synced tables" out &&
	test -z "$(tables empty)"
'

test_expect_success 'an empty schema and a view come back as they were, comments too' '
	sitesync sql-sync @shop.prod @shop.objs -y &&
	test "$(pg_sql pg objs "SELECT count(*) FROM shop.orders")" = 2 &&
	sitesync sql-sync --restore-backup @shop.objs -y >out &&
	test_grep "is an empty database; the 2 synced tables" out &&
	test -z "$(tables objs)" &&
	test "$(pg_sql pg objs "SELECT one FROM public.v_old")" = 1 &&
	schemas objs >actual &&
	sed "/__sitesync_backup/d" actual >live &&
	test_cmp objs_schemas live
'

test_expect_success 'it asks first (no terminal, no -y: exit 3) and --no-backup leaves nothing to restore' '
	sitesync sql-sync @shop.prod @shop.objs -y &&
	test_must_fail --status=3 setsid "$SITESYNC_BIN" sql-sync --restore-backup @shop.objs </dev/null &&
	test "$(tables objs | wc -l)" = 2 &&
	sitesync sql-sync @shop.prod @shop.objs -y --no-backup &&
	test -z "$(pg_sql pg objs "SELECT nspname FROM pg_namespace WHERE nspname LIKE '\''%sitesync%'\''")" &&
	test_must_fail --status=1 sitesync sql-sync --restore-backup @shop.objs -y 2>err &&
	test_grep "no backup of a previous sql-sync" err
'

test_expect_success 'a database created by --create-db is not restored: exit 3, sql-drop named' '
	sitesync sql-sync @shop.prod @shop.fresh -y --create-db &&
	test_must_fail --status=3 sitesync sql-sync --restore-backup @shop.fresh -y 2>err &&
	test_grep "database .fresh. did not exist before the sql-sync of 20[0-9-]* [0-9:]*, which created it: nothing to restore; .sitesync sql-drop @shop.fresh. drops it" err &&
	test "$(grep -c error err)" = 1 &&
	test "$(tables fresh | wc -l)" = 2 &&
	test "$(tail -n 1 "$SITESYNC_HISTORY" | grep -c "\"status\":\"refused\"")" = 1
'

test_expect_success 'a later sync into it keeps a real backup, which restores' '
	pg_sql pg prod "INSERT INTO shop.orders VALUES (3, '\''newer'\'')" &&
	sitesync sql-sync @shop.prod @shop.fresh -y &&
	sitesync sql-sync --restore-backup @shop.fresh -y &&
	test "$(pg_sql pg fresh "SELECT count(*) FROM shop.orders")" = 2
'

test_expect_success 'a backup made before marks, of an empty database, restores as empty' '
	sitesync sql-sync @shop.prod @shop.empty -y &&
	pg_sql pg empty "COMMENT ON SCHEMA public__sitesync_backup IS NULL;
		DROP SCHEMA shop__sitesync_backup CASCADE" &&
	sitesync sql-sync --restore-backup @shop.empty -y >out &&
	test_grep "^restore @shop.empty: the backup is an empty database; the 1 synced table moved to the backup$" out &&
	test "$(tables empty)" = shop.orders
'

test_done

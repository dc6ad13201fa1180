#!/bin/bash
# PostgreSQL sql-sync between two databases of one server: every row and
# object arrives (a type zoo, identity and serial, circular foreign keys, a
# partitioned table, views on views, triggers and functions, two schemas
# that reference each other), the swap keeps a backup, --restore-backup.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

psql_db() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -At -d "$@"
}

# One line per table of the synced schemas: name, row count, md5 of the rows in order.
checksums() {
	psql_db "$1" -c "SELECT table_schema || '.' || table_name FROM information_schema.tables
		WHERE table_schema IN ('shop', 'audit') AND table_type = 'BASE TABLE' ORDER BY 1" >tables.$1 &&
	while read -r t; do
		psql_db "$1" -c "SELECT '$t', count(*), md5(coalesce(string_agg(x::text, '' ORDER BY x::text), ''))
			FROM $t x" || return 1
	done <tables.$1
}

# The objects of the synced schemas, as pg_dump prints them.
objects() {
	pg_dump -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -s -n shop -n audit "$1" |
		grep -v '^--\|^\\restrict\|^\\unrestrict' | grep -v '^SET \|^SELECT pg_catalog.set_config' | sed '/^$/d'
}

test_expect_success 'start postgres, databases prod, stage and dev, aliases' '
	start_postgres pg &&
	pg_sql pg postgres "ALTER USER postgres PASSWORD '\''pw'\''" &&
	for db in prod stage; do pg_sql pg postgres "CREATE DATABASE $db" || return 1; done &&
	mkdir -p drush/sites &&
	for env in prod:production stage:staging dev:development fresh:development; do
		name=${env%%:*} role=${env#*:}
		cat >>drush/sites/shop.site.yml <<-YML || return 1
		$name:
		  db:
		    driver: pgsql
		    host: 127.0.0.1
		    port: $PG_pg_PORT
		    name: $name
		    user: postgres
		    password-env: SHOP_DB_PASSWORD
		  role: $role
		YML
	done &&
	chmod -R go-w drush &&
	export SHOP_DB_PASSWORD=pw
'

test_expect_success 'fixtures: the zoo in prod, older tables in stage' '
	psql_db prod -f "$abs_top_srcdir/tests/integration/pg-zoo.sql" >/dev/null &&
	psql_db stage -c "CREATE SCHEMA shop; CREATE TABLE shop.orders (id int PRIMARY KEY, customer text);
		INSERT INTO shop.orders VALUES (1, '\''old'\'');
		CREATE TABLE shop.only_in_target (x int); INSERT INTO shop.only_in_target VALUES (1)"
'

test_expect_success '-s shows the plan and changes nothing' '
	sitesync -s sql-sync @shop.prod @shop.stage >out &&
	test_grep "would replace 9 tables in 3 schemas" out &&
	test_grep "shop.orders" out &&
	test_grep "shop.only_in_target .*only in the target" out &&
	test "$(psql_db stage -c "SELECT customer FROM shop.orders")" = old
'

test_expect_success 'sync prod to stage' '
	sitesync sql-sync @shop.prod @shop.stage -y -v --jobs 2 >out 2>err &&
	test_grep "table shop.orders: 20000 rows" err &&
	test_grep "previous schemas kept in public__sitesync_backup, shop__sitesync_backup" err
'

test_expect_success 'every row of every table is equal' '
	checksums prod >expect &&
	checksums stage >actual &&
	test_cmp expect actual &&
	test_grep "shop.zoo|3|" actual
'

test_expect_success 'the objects are the same as in the source' '
	objects prod >expect &&
	objects stage >actual &&
	test_cmp expect actual
'

test_expect_success 'the type zoo survives byte for byte' '
	test "$(psql_db stage -c "SELECT encode(blob, '\''hex'\'') FROM shop.zoo ORDER BY id LIMIT 1")" = 00ff00 &&
	test "$(psql_db stage -c "SELECT t FROM shop.zoo WHERE id = 1")" = "$(printf "tab\there\nnew line\\\\back slash")" &&
	test "$(psql_db stage -c "SELECT doubled FROM shop.zoo WHERE id = 1")" = 14
'

test_expect_success 'identity and serial columns continue at the right value' '
	psql_db stage -c "INSERT INTO shop.zoo (t) VALUES ('\''new'\'')" &&
	test "$(psql_db stage -c "SELECT max(id) FROM shop.zoo")" = 4 &&
	psql_db stage -c "INSERT INTO shop.counter (label) VALUES ('\''new'\'')" &&
	test "$(psql_db stage -c "SELECT max(n) FROM shop.counter")" = 42 &&
	test "$(psql_db stage -c "SELECT nextval('\''shop.free_seq'\'')")" = 102 &&
	psql_db stage -c "INSERT INTO shop.always_id (v) VALUES ('\''d'\'')" &&
	test "$(psql_db stage -c "SELECT max(id) FROM shop.always_id")" = 25
'

test_expect_success 'triggers, functions and views work on the real names' '
	psql_db stage -c "INSERT INTO shop.orders VALUES (20001, '\''zed'\'', 950, 1)" &&
	test "$(psql_db stage -c "SELECT note FROM audit.log WHERE order_id = 20001")" = "new order of zed" &&
	test "$(psql_db stage -c "SELECT shop.order_count('\''zed'\'')")" = 1 &&
	test "$(psql_db stage -c "SELECT shop.double_it(21)")" = 42 &&
	test "$(psql_db stage -c "SELECT count(*) FROM shop.big_orders WHERE customer = '\''zed'\''")" = 1 &&
	test "$(psql_db stage -c "SELECT count(*) > 0 FROM audit.summary")" = t &&
	test "$(psql_db stage -c "SELECT count(*) FROM shop.totals")" = 98
'

test_expect_success 'foreign keys, checks and the partitioned index are enforced' '
	test_must_fail psql_db stage -c "INSERT INTO shop.orders VALUES (30000, '\''x'\'', -1, 1)" &&
	test_must_fail psql_db stage -c "INSERT INTO shop.orders VALUES (30000, repeat('\''x'\'', 30), 1, 1)" &&
	test "$(psql_db stage -c "SELECT convalidated FROM pg_constraint WHERE conname = '\''customer_short'\''")" = f &&
	test_must_fail psql_db stage -c "INSERT INTO audit.log (order_id) VALUES (999999)" &&
	test_must_fail psql_db stage -c "INSERT INTO shop.b VALUES (3, 99)" &&
	test_must_fail psql_db stage -c "INSERT INTO shop.events VALUES (1, '\''2023-06-04'\'', '\''dup'\'')"
'

test_expect_success 'the previous tables are in the backup schema, target-only tables too' '
	test "$(psql_db stage -c "SELECT customer FROM shop__sitesync_backup.orders")" = old &&
	test "$(psql_db stage -c "SELECT count(*) FROM shop__sitesync_backup.only_in_target")" = 1 &&
	test_must_fail psql_db stage -c "SELECT 1 FROM shop.only_in_target" &&
	test -z "$(psql_db stage -c "SELECT nspname FROM pg_namespace WHERE nspname LIKE '\''%shadow'\''")"
'

test_expect_success 'the history records the sync, without the password' '
	test_grep "\"command\":\"sql-sync\"" "$SITESYNC_HISTORY" &&
	test_grep "\"status\":\"ok\"" "$SITESYNC_HISTORY" &&
	! grep -q "\"pw\"" "$SITESYNC_HISTORY"
'

test_expect_success '--restore-backup swaps the previous schemas back, twice undoes it' '
	sitesync -v sql-sync --restore-backup @shop.stage -y 2>err &&
	test_grep "2 schemas restored" err &&
	test "$(psql_db stage -c "SELECT customer FROM shop.orders")" = old &&
	sitesync sql-sync --restore-backup @shop.stage -y &&
	test "$(psql_db stage -c "SELECT count(*) FROM shop.orders")" = 20001
'

test_expect_success '--keep-extra-tables keeps tables only the target has' '
	psql_db stage -c "CREATE TABLE shop.local_notes (x int); INSERT INTO shop.local_notes VALUES (7)" &&
	sitesync sql-sync @shop.prod @shop.stage -y --keep-extra-tables &&
	test "$(psql_db stage -c "SELECT x FROM shop.local_notes")" = 7 &&
	test "$(psql_db stage -c "SELECT count(*) FROM shop.orders")" = 20000
'

test_expect_success 'grants of other roles on the schemas and relations stay' '
	psql_db stage -c "CREATE ROLE webuser; GRANT USAGE ON SCHEMA shop TO webuser;
		GRANT SELECT, INSERT ON shop.orders TO webuser; GRANT SELECT ON shop.big_orders TO webuser;
		GRANT USAGE ON SEQUENCE shop.counter_n_seq TO webuser WITH GRANT OPTION" &&
	sitesync sql-sync @shop.prod @shop.stage -y --keep-extra-tables &&
	test "$(psql_db stage -c "SELECT has_schema_privilege('\''webuser'\'', '\''shop'\'', '\''USAGE'\'')")" = t &&
	test "$(psql_db stage -c "SELECT has_table_privilege('\''webuser'\'', '\''shop.orders'\'', '\''INSERT'\'')")" = t &&
	test "$(psql_db stage -c "SELECT has_table_privilege('\''webuser'\'', '\''shop.big_orders'\'', '\''SELECT'\'')")" = t &&
	test "$(psql_db stage -c "SELECT has_sequence_privilege('\''webuser'\'', '\''shop.counter_n_seq'\'', '\''USAGE WITH GRANT OPTION'\'')")" = t &&
	test "$(psql_db stage -c "SELECT has_table_privilege('\''webuser'\'', '\''shop.zoo'\'', '\''SELECT'\'')")" = f
'

test_expect_success 'a second sync drops the previous backup and keeps one' '
	sitesync sql-sync @shop.prod @shop.stage -y --format=json >out &&
	test_grep "\"status\":\"ok\"" out &&
	test_grep "\"backup\":\"audit__sitesync_backup, public__sitesync_backup, shop__sitesync_backup\"" out &&
	test_must_fail psql_db stage -c "SELECT 1 FROM shop.local_notes" &&
	test "$(psql_db stage -c "SELECT x FROM shop__sitesync_backup.local_notes")" = 7
'

test_expect_success '--no-backup leaves no backup schema' '
	sitesync sql-sync @shop.prod @shop.stage -y --no-backup &&
	test -z "$(psql_db stage -c "SELECT nspname FROM pg_namespace WHERE nspname LIKE '\''%sitesync%'\''")" &&
	checksums prod >expect &&
	checksums stage >actual &&
	test_cmp expect actual
'

test_expect_success '--restore-backup without a backup is an error' '
	test_must_fail --status=1 sitesync sql-sync --restore-backup @shop.stage -y 2>err &&
	test_grep "no backup of a previous sql-sync" err
'

test_expect_success '--schemas copies only those schemas; views of the others follow, foreign keys refuse' '
	psql_db prod -c "INSERT INTO audit.log (order_id, note) VALUES (3, '\''only in prod'\'');
		UPDATE shop.counter SET label = '\''renamed'\'' WHERE n = 1" &&
	test_must_fail --status=3 sitesync sql-sync @shop.prod @shop.stage -y --schemas=shop 2>err &&
	test_grep "log_order_fk on audit.log. outside the synced schemas depends on them" err &&
	test "$(psql_db stage -c "SELECT label FROM shop.counter WHERE n = 1")" != renamed &&
	psql_db stage -c "ALTER TABLE audit.log DROP CONSTRAINT log_order_fk" &&
	sitesync sql-sync @shop.prod @shop.stage -y --schemas=shop --format=json >out &&
	test "$(psql_db stage -c "SELECT count(*) FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
		JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE r.ev_class = '\''audit.summary'\''::regclass AND n.nspname LIKE '\''%sitesync%'\''")" = 0 &&
	test "$(psql_db stage -c "SELECT count(*) > 0 FROM audit.summary")" = t &&
	test_grep "\"schemas\":1," out &&
	test "$(psql_db stage -c "SELECT label FROM shop.counter WHERE n = 1")" = renamed &&
	test "$(psql_db stage -c "SELECT count(*) FROM audit.log WHERE note = '\''only in prod'\''")" = 0 &&
	test "$(psql_db stage -c "SELECT nspname FROM pg_namespace WHERE nspname LIKE '\''%backup'\''")" = shop__sitesync_backup
'

test_expect_success 'an unknown schema is an error, nothing changes' '
	test_must_fail --status=1 sitesync sql-sync @shop.prod @shop.stage -y --schemas=shop,nope 2>err &&
	test_grep "schema \"nope\" does not exist" err &&
	test "$(psql_db stage -c "SELECT nspname FROM pg_namespace WHERE nspname LIKE '\''%backup'\''")" = shop__sitesync_backup
'

test_expect_success 'a PostgreSQL source and a MySQL target are refused' '
	cat >drush/sites/my.site.yml <<-YML &&
	db:
	  db: { driver: mysql, host: 127.0.0.1, name: x, user: x }
	  role: development
	YML
	chmod go-w drush/sites/my.site.yml &&
	test_must_fail --status=1 sitesync sql-sync @shop.prod @my.db -y 2>err &&
	test_grep "cannot sync between" err
'

test_expect_success 'a missing target database is an error without --create-db' '
	test_must_fail --status=1 sitesync sql-sync @shop.prod @shop.fresh -y 2>err &&
	test_grep "target database .fresh. does not exist.*--create-db" err
'

test_expect_success '--create-db creates it and copies into it' '
	sitesync sql-sync @shop.prod @shop.fresh -y --create-db &&
	checksums prod >expect &&
	checksums fresh >actual &&
	test_cmp expect actual
'

test_expect_success 'production is never a target: exit 3, nothing changes' '
	checksums prod >before &&
	test_must_fail --status=3 sitesync sql-sync @shop.stage @shop.prod -y 2>err &&
	test_grep -i "production" err &&
	checksums prod >after &&
	test_cmp before after &&
	test_grep "\"status\":\"refused\"" "$SITESYNC_HISTORY"
'

test_expect_success 'without -y and without a terminal nothing is confirmed (exit 3)' '
	test_must_fail --status=3 sitesync sql-sync @shop.prod @shop.stage 2>err &&
	test_grep "not confirmed" err
'

test_done

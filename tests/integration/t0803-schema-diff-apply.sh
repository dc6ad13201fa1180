#!/bin/bash
# schema-diff with aliases, and --apply: one transaction, verified by a
# second diff, under the role policy, the lock, the confirmation and the
# history.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

psql_db() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -At -d "$@"
}

test_expect_success 'start postgres, databases prod, stage and dev, aliases' '
	start_postgres pg &&
	pg_sql pg postgres "ALTER USER postgres PASSWORD '\''pw'\''" &&
	for db in prod stage dev; do pg_sql pg postgres "CREATE DATABASE $db" || return 1; done &&
	mkdir -p drush/sites &&
	for env in prod:production stage:staging dev:development; do
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
	cat >drush/sites/my.site.yml <<-YML &&
	db:
	  db:
	    driver: mysql
	    host: 127.0.0.1
	    name: x
	    user: x
	YML
	chmod -R go-w drush &&
	export SHOP_DB_PASSWORD=pw
'

test_expect_success 'fixtures: prod is ahead of stage and dev' '
	for db in prod stage dev; do
		psql_db $db -c "CREATE TABLE items (id int PRIMARY KEY, price integer)" || return 1
	done &&
	psql_db prod -c "ALTER TABLE items ADD COLUMN name text; CREATE INDEX items_name ON items (name);
		CREATE VIEW cheap AS SELECT id FROM items WHERE price < 10"
'

test_expect_success 'two aliases: the script names both in its header' '
	sitesync schema-diff @shop.prod @shop.stage --dry-run >out &&
	test_grep "^-- source: @shop.prod (127.0.0.1:$PG_pg_PORT/prod)" out &&
	test_grep "^-- target: @shop.stage (127.0.0.1:$PG_pg_PORT/stage)" out &&
	test_grep "ADD COLUMN \"name\" text" out
'

test_expect_success 'an alias that is not PostgreSQL is refused' '
	test_must_fail --status=2 sitesync schema-diff @shop.prod @my.db --dry-run 2>err &&
	test_grep "target alias .@my.db. is not a PostgreSQL database" err
'

test_expect_success 'an unknown alias is reported' '
	test_must_fail sitesync schema-diff @shop.prod @shop.nope --dry-run 2>err &&
	test_grep "@shop.nope" err
'

test_expect_success '--apply never targets production (exit 3), nothing changes' '
	psql_db stage -c "ALTER TABLE items ADD COLUMN extra int" &&
	test_must_fail --status=3 sitesync schema-diff @shop.stage @shop.prod --apply -y 2>err &&
	test_grep -i "production" err &&
	test "$(psql_db prod -c "SELECT count(*) FROM pg_attribute WHERE attrelid = '\''items'\''::regclass AND attname = '\''extra'\''")" = 0 &&
	test_grep "\"status\":\"refused\"" "$SITESYNC_HISTORY" &&
	psql_db stage -c "ALTER TABLE items DROP COLUMN extra"
'

test_expect_success '--apply without -y and without a terminal is not confirmed (exit 3)' '
	test_must_fail --status=3 sitesync schema-diff @shop.prod @shop.stage --apply 2>err &&
	test_grep "not confirmed" err &&
	sitesync schema-diff @shop.prod @shop.stage --dry-run --exit-code >/dev/null 2>&1;
	test $? = 1
'

test_expect_success '--apply -y: one transaction, verified, recorded' '
	sitesync schema-diff @shop.prod @shop.stage --apply -y >out 2>err &&
	test_grep "the target now matches the source" out &&
	sitesync schema-diff @shop.prod @shop.stage --dry-run --exit-code >/dev/null &&
	test_grep "\"command\":\"schema-diff --apply\".*\"status\":\"ok\"" "$SITESYNC_HISTORY"
'

test_expect_success '--apply refuses lossy changes unless --allow-lossy' '
	psql_db dev -c "ALTER TABLE items ALTER COLUMN price TYPE bigint; INSERT INTO items VALUES (1, 5)" &&
	test_must_fail --status=3 sitesync schema-diff @shop.stage @shop.dev --apply -y 2>err &&
	test_grep "may lose data.*--allow-lossy" err &&
	test "$(psql_db dev -c "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '\''items'\''::regclass AND attname = '\''price'\''")" = bigint &&
	sitesync schema-diff @shop.stage @shop.dev --apply -y --allow-lossy >out &&
	sitesync schema-diff @shop.stage @shop.dev --dry-run --exit-code >/dev/null &&
	test "$(psql_db dev -c "SELECT price FROM items")" = 5
'

test_expect_success 'a failing change rolls everything back' '
	psql_db prod -c "ALTER TABLE items ADD COLUMN sku text NOT NULL DEFAULT '\''x'\''; CREATE TABLE extra (a int)" &&
	psql_db dev -c "ALTER TABLE items ADD COLUMN sku text; INSERT INTO items VALUES (2, 1, NULL, NULL)" &&
	test_must_fail --status=1 sitesync schema-diff @shop.prod @shop.dev --apply -y 2>err &&
	test_grep "applying .*items.sku.* failed: .*null values" err &&
	test "$(psql_db dev -c "SELECT count(*) FROM pg_class WHERE relname = '\''extra'\''")" = 0 &&
	test_grep "\"status\":\"failed\"" "$SITESYNC_HISTORY"
'

# ss_lock_key: FNV-1a 64 of "sitesync:<db>" (bash arithmetic wraps like uint64)
lock_key() {
	local s="sitesync:$1" h=-3750763034362895579 i c
	for ((i = 0; i < ${#s}; i++)); do
		printf -v c '%d' "'${s:i:1}"
		h=$(( (h ^ c) * 1099511628211 ))
	done
	echo $h
}

# advisory_held: an advisory lock is held on the server of dev
advisory_held() {
	test "$(psql_db dev -Atc "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" -gt 0
}

test_expect_success 'a second --apply on a locked target is busy (exit 4)' '
	psql_db dev -c "DELETE FROM items WHERE id = 2" &&
	{ psql_db dev -c "SELECT pg_advisory_lock($(lock_key dev)), pg_sleep(600)" >/dev/null 2>&1 & } &&
	holder=$! &&
	test_wait_for 60 "the lock held" advisory_held &&
	test_must_fail --status=4 sitesync schema-diff @shop.prod @shop.dev --apply -y 2>err;
	rc=$?;
	psql_db dev -c "SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = '\''advisory'\'' AND granted" >/dev/null;
	wait $holder;
	test $rc = 0 &&
	test_grep "busy" err &&
	test_grep "\"status\":\"busy\"" "$SITESYNC_HISTORY"
'

test_done

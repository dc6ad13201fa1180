#!/bin/bash
# PostgreSQL sql-sync between two servers: key ranges of a big table, table
# lists, refusals of what cannot be copied, the lock (exit 4), hooks, and
# failures (SIGINT, the source server dying) that leave the target as it was.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

src() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_src_SOCKDIR" -p "$PG_src_PORT" -U postgres -At -d shop "$@"; }
tgt() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_tgt_SOCKDIR" -p "$PG_tgt_PORT" -U postgres -At -d shop "$@"; }

# name, rows and md5 of every table of schema shop
checksums() {
	"$1" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'shop' ORDER BY 1" >tables &&
	while read -r t; do
		"$1" -c "SELECT '$t', count(*), md5(coalesce(string_agg(x::text, '' ORDER BY x::text), ''))
			FROM shop.$t x" || return 1
	done <tables
}

schemas() { tgt -c "SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' ORDER BY 1"; }

# copying: a COPY into the target runs (the copy is under way)
copying() {
	test "$(tgt -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY %FROM STDIN%'
		AND pid <> pg_backend_pid()")" -gt 0
}
wait_for_copy() { test_wait_for 30 "a COPY into the target" copying; }

test_expect_success 'start two servers, aliases' '
	start_postgres src &&
	start_postgres tgt &&
	for s in src tgt; do
		pg_sql $s postgres "ALTER USER postgres PASSWORD '\''pw'\''" &&
		pg_sql $s postgres "CREATE DATABASE shop" || return 1
	done &&
	mkdir -p drush/sites &&
	cat >drush/sites/shop.site.yml <<-YML &&
	prod:
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_src_PORT, name: shop, user: postgres, password-env: PW }
	  role: production
	stage:
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_tgt_PORT, name: shop, user: postgres, password-env: PW }
	  role: staging
	slow:
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_tgt_PORT, name: shop, user: postgres, password-env: PW }
	  role: staging
	  hooks:
	    pre-sql-sync: ["touch hook-started && while [ ! -e hook-go ]; do sleep 0.1; done"]
	    post-sql-sync: ["echo done >hook-post"]
	YML
	chmod -R go-w drush &&
	export PW=pw
'

test_expect_success 'fixtures: a big table, caches, a target with its own rows' '
	src -c "CREATE SCHEMA shop;
		CREATE TABLE shop.big (id bigint, v text, n numeric, at timestamptz,
			lang text NOT NULL DEFAULT '\''en'\'', PRIMARY KEY (id, lang));
		INSERT INTO shop.big SELECT g, md5(g::text), g / 7.0, now() - g * interval '\''1 s'\''
			FROM generate_series(1, 400000) g;
		CREATE TABLE shop.nokey (v text, w text);
		INSERT INTO shop.nokey SELECT md5(g::text), md5((-g)::text) FROM generate_series(1, 250000) g;
		CREATE TABLE shop.cache_page (cid text PRIMARY KEY, data bytea);
		INSERT INTO shop.cache_page SELECT '\''c'\'' || g, '\''\x0001'\'' FROM generate_series(1, 50) g;
		CREATE TABLE shop.users (uid int PRIMARY KEY, name text UNIQUE);
		INSERT INTO shop.users VALUES (1, '\''ann'\''), (2, '\''bob'\'');
		CREATE TABLE shop.watchdog (wid serial PRIMARY KEY, uid int REFERENCES shop.users);
		INSERT INTO shop.watchdog (uid) VALUES (1), (2), (2);
		ANALYZE" &&
	tgt -c "CREATE SCHEMA shop; CREATE TABLE shop.users (uid int PRIMARY KEY, name text);
		INSERT INTO shop.users VALUES (9, '\''local'\'')"
'

test_expect_success '-s --format=json: big tables are split in ranges, with a key or without' '
	sitesync -s --format=json sql-sync @shop.prod @shop.stage --jobs 2 >out &&
	test_grep "\"name\":\"shop.big\",\"rows\":400000,\"bytes\":[0-9]*,\"structure_only\":false,\"ranges\":[2-9]" out &&
	test_grep "\"name\":\"shop.nokey\",\"rows\":250000,\"bytes\":[0-9]*,\"structure_only\":false,\"ranges\":[2-9]" out
'

test_expect_success 'sync with two workers: every row is equal' '
	sitesync -v sql-sync @shop.prod @shop.stage -y --jobs 2 2>err &&
	test_grep "table shop.big: 400000 rows" err &&
	checksums src >expect &&
	checksums tgt >actual &&
	test_cmp expect actual
'

test_expect_success 'one worker gives the same rows' '
	sitesync sql-sync @shop.prod @shop.stage -y --jobs 1 &&
	checksums tgt >actual &&
	test_cmp expect actual
'

test_expect_success '--structure-tables-list copies the table without rows, keys included' '
	sitesync sql-sync @shop.prod @shop.stage -y --structure-tables-list="cache_*" &&
	test "$(tgt -c "SELECT count(*) FROM shop.cache_page")" = 0 &&
	test "$(tgt -c "SELECT contype FROM pg_constraint WHERE conrelid = '\''shop.cache_page'\''::regclass")" = p
'

test_expect_success '--skip-tables-list leaves a table out and keeps the target'"'"'s' '
	tgt -c "CREATE TABLE shop.mine (x int); INSERT INTO shop.mine VALUES (5); DROP TABLE shop.watchdog;
		UPDATE shop.users SET name = '\''changed'\'' WHERE uid = 1" &&
	sitesync -s sql-sync @shop.prod @shop.stage --skip-tables-list="watch*,users" >out &&
	test_grep "shop.mine .*only in the target: kept" out &&
	sitesync sql-sync @shop.prod @shop.stage -y --skip-tables-list="watch*,users" &&
	test "$(tgt -c "SELECT count(*) FROM shop.big")" = 400000 &&
	test "$(tgt -c "SELECT x FROM shop.mine")" = 5 &&
	test "$(tgt -c "SELECT name FROM shop.users WHERE uid = 1")" = changed &&
	test_must_fail tgt -c "SELECT 1 FROM shop.watchdog"
'

test_expect_success '--tables-list copies only those tables' '
	src -c "UPDATE shop.cache_page SET data = '\''\x02'\'' WHERE cid = '\''c1'\''" &&
	sitesync sql-sync @shop.prod @shop.stage -y --tables-list="shop.cache_*" &&
	test "$(tgt -c "SELECT encode(data, '\''hex'\'') FROM shop.cache_page WHERE cid = '\''c1'\''")" = 02 &&
	test "$(tgt -c "SELECT count(*) FROM shop.big")" = 400000
'

test_expect_success 'what cannot be copied is refused up front, naming it' '
	src -c "CREATE FUNCTION shop.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS \$\$BEGIN END\$\$;
		CREATE EVENT TRIGGER ddl_watch ON ddl_command_end EXECUTE FUNCTION shop.on_ddl();
		SELECT lo_create(4242);
		CREATE OPERATOR CLASS shop.int4_rev_ops FOR TYPE integer USING btree AS
		OPERATOR 1 > , OPERATOR 2 >= , OPERATOR 3 = , OPERATOR 4 <= , OPERATOR 5 < ,
		FUNCTION 1 btint4cmp(integer, integer);
		CREATE INDEX users_rev ON shop.users (uid shop.int4_rev_ops)" >/dev/null &&
	schemas >before &&
	test_must_fail --status=1 sitesync sql-sync @shop.prod @shop.stage -y 2>err &&
	test_grep "cannot copy .*event trigger ddl_watch" err &&
	test_grep "large objects 1" err &&
	test_grep "operator class shop.int4_rev_ops using btree" err &&
	test_grep "index shop.users_rev (it needs operator class shop.int4_rev_ops using btree)" err &&
	test_grep "skip-unsupported" err &&
	schemas >after &&
	test_cmp before after
'

test_expect_success '--skip-unsupported leaves them out and copies the rest' '
	sitesync sql-sync @shop.prod @shop.stage -y --skip-unsupported &&
	checksums src >expect &&
	checksums tgt >actual &&
	test_cmp expect actual &&
	src -c "DROP EVENT TRIGGER ddl_watch; SELECT lo_unlink(4242); DROP INDEX shop.users_rev;
		DROP OPERATOR FAMILY shop.int4_rev_ops USING btree" >/dev/null
'

test_expect_success 'a second sync while one runs exits 4; hooks run around the sync' '
	rm -f hook-started hook-go hook-post &&
	{ sitesync sql-sync @shop.prod @shop.slow -y >slow.out 2>&1 & } &&
	pid=$! &&
	test_wait_for 60 "the pre-sql-sync hook" test -f hook-started &&
	test_must_fail --status=4 sitesync sql-sync @shop.prod @shop.stage -y 2>err;
	rc=$?; touch hook-go;
	wait $pid && test $rc = 0 &&
	test_grep -i "busy\|running\|lock" err &&
	test "$(cat hook-post)" = done &&
	test_grep "\"status\":\"busy\"" "$SITESYNC_HISTORY"
'

test_expect_success 'on a terminal a progress line shows rows, tables and the table being copied' '
	script -qec "$SITESYNC_BIN sql-sync @shop.prod @shop.stage -y --jobs 1" /dev/null >tty.out &&
	tr "\r" "\n" <tty.out >progress &&
	test_grep "of ~.*rows, [0-9]*/[0-9]* tables" progress
'

test_expect_success 'SIGINT in the middle of the copy leaves the target as it was' '
	src -c "INSERT INTO shop.big SELECT g, md5(g::text), g, now() FROM generate_series(400001, 1500000) g" &&
	checksums tgt >before &&
	schemas >schemas_before &&
	{ env --default-signal=INT "$SITESYNC_BIN" sql-sync @shop.prod @shop.stage -y --jobs 2 >out 2>&1 & } &&
	pid=$! &&
	wait_for_copy &&
	kill -INT $pid &&
	test_must_fail wait $pid &&
	test_grep "interrupted" out &&
	test_grep "is unchanged" out &&
	checksums tgt >after &&
	test_cmp before after &&
	schemas >schemas_after &&
	test_cmp schemas_before schemas_after &&
	tail -n 1 "$SITESYNC_HISTORY" | test_grep "\"status\":\"interrupted\""
'

test_expect_success 'the source server dying mid-copy leaves the target as it was' '
	{ sitesync sql-sync @shop.prod @shop.stage -y --jobs 2 >out 2>&1 & } &&
	pid=$! &&
	wait_for_copy &&
	kill -QUIT $PG_src_PID &&
	test_must_fail wait $pid &&
	test_grep "is unchanged" out &&
	checksums tgt >after &&
	test_cmp before after &&
	schemas >schemas_after &&
	test_cmp schemas_before schemas_after
'

test_done

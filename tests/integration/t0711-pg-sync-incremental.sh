#!/bin/bash
# PostgreSQL sql-sync --incremental: after inserts, updates, deletes, key
# changes, NULLs, bytea and unicode on the source, local edits on the
# target, a table truncated, one changed in structure, one new and one only
# on the target, an incremental re-sync leaves the target exactly as a full
# sync does (every row, the schema as pg_dump prints it, the sequences),
# moves only what differs and says so; SIGINT or kill -9 during one leaves
# the target unchanged.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

command -v python3 >/dev/null || test_skip_all "python3 not installed"
test -x "$(ss_pg_bindir)/postgres" || test_skip_all "PostgreSQL is not installed"

psql_db() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -At -d "$@"
}

# One line per table of the synced schemas: name, row count, md5 of the rows in order.
checksums() {
	psql_db "$1" -c "SELECT table_schema || '.' || table_name FROM information_schema.tables
		WHERE table_schema IN ('shop', 'audit', 'public') AND table_type = 'BASE TABLE'
		ORDER BY 1" >tables.$1 &&
	while read -r t; do
		psql_db "$1" -c "SELECT '$t', count(*), md5(coalesce(string_agg(x::text, '' ORDER BY x::text), ''))
			FROM $t x" || return 1
	done <tables.$1 &&
	psql_db "$1" -c "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences
		WHERE schemaname IN ('shop', 'audit', 'public') ORDER BY 1"
}

# The objects of the synced schemas, as pg_dump prints them.
objects() {
	PATH="$(ss_pg_bindir):$PATH" pg_dump -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -s \
		-n shop -n audit -n public "$1" |
		grep -v '^--\|^\\restrict\|^\\unrestrict' | grep -v '^SET \|^SELECT pg_catalog.set_config' |
		sed '/^$/d'
}

json_get() { python3 -c "import json, sys; s = json.load(open(sys.argv[1])); print($2)" "$1"; }
table_field() {
	json_get "$1" "[t['$3'] for t in s['incremental']['tables'] if t['name'] == '$2'][0]"
}

test_expect_success 'a server, databases prod, stage and full, aliases' '
	start_postgres pg &&
	pg_sql pg postgres "ALTER USER postgres PASSWORD '\''pw'\''" &&
	pg_sql pg postgres "CREATE DATABASE prod" &&
	mkdir -p drush/sites &&
	for env in prod:production stage:staging full:development; do
		name=${env%%:*} role=${env#*:}
		cat >>drush/sites/shop.site.yml <<-YML || return 1
		$name:
		  db: { driver: pgsql, host: 127.0.0.1, port: $PG_pg_PORT, name: $name, user: postgres, password-env: PW }
		  role: $role
		YML
	done &&
	chmod -R go-w drush &&
	export PW=pw
'

test_expect_success 'the source: the zoo and tables of every key shape' '
	psql_db prod -f "$abs_top_srcdir/tests/integration/pg-zoo.sql" >/dev/null &&
	psql_db prod -c "
		CREATE TABLE public.items (id int PRIMARY KEY, v text, n int, b bytea);
		INSERT INTO public.items SELECT g, '\''item '\'' || g, g,
			CASE WHEN g % 3 > 0 THEN decode(repeat(md5(g::text), 12), '\''hex'\'') END
			FROM generate_series(1, 6000) g;
		CREATE INDEX items_v ON public.items (v);
		CREATE TABLE public.kv (collection text NOT NULL, name text NOT NULL, value bytea,
			PRIMARY KEY (collection, name));
		INSERT INTO public.kv SELECT '\''c'\'' || g % 7, '\''name.é.'\'' || g, convert_to(repeat('\''v'\'', g % 50), '\''UTF8'\'')
			FROM generate_series(1, 3000) g;
		CREATE TABLE public.neg (id bigint PRIMARY KEY, v text);
		INSERT INTO public.neg SELECT g * 3 - 3000, '\''n'\'' || g FROM generate_series(1, 2000) g;
		CREATE TABLE public.uniq (a int NOT NULL, b text NOT NULL, c text, UNIQUE (a, b));
		INSERT INTO public.uniq SELECT g, chr(65 + g % 26), CASE WHEN g % 2 = 1 THEN '\'''\'' END
			FROM generate_series(1, 800) g;
		CREATE TABLE public.nokey (a int, b text);
		INSERT INTO public.nokey SELECT g, '\''x'\'' FROM generate_series(1, 50) g;
		CREATE TABLE public.gone (id int PRIMARY KEY, v text);
		INSERT INTO public.gone SELECT g, '\''bye'\'' FROM generate_series(1, 300) g;
		CREATE TABLE public.shape (id int PRIMARY KEY, v int);
		INSERT INTO public.shape SELECT g, g FROM generate_series(1, 100) g;
		CREATE TABLE public.dt (d timestamptz NOT NULL, s char(3) NOT NULL, v int, PRIMARY KEY (d, s));
		INSERT INTO public.dt SELECT '\''2024-01-01'\''::timestamptz + g * interval '\''1 minute 1 microsecond'\'',
			'\''a'\'', g FROM generate_series(1, 400) g;
		CREATE TABLE public.small (id int PRIMARY KEY, v int);
		INSERT INTO public.small SELECT g, g FROM generate_series(1, 10) g;
		ANALYZE"
'

test_expect_success 'a first --incremental sync into a new database copies every table whole' '
	sitesync sql-sync @shop.prod @shop.stage -y --incremental --create-db --format=json >out &&
	test "$(json_get out "s[\"incremental\"][\"tables_compared\"]")" = 0 &&
	test "$(table_field out public.items why)" = "new on the source" &&
	checksums prod >expect &&
	checksums stage >actual &&
	test_cmp expect actual
'

test_expect_success 'the source changes: inserts, updates, deletes, key changes, NULLs, bytea, unicode' '
	psql_db prod -c "
		INSERT INTO public.items SELECT g, '\''new '\'' || g, g, '\''\\x00'\''::bytea FROM generate_series(6001, 6050) g;
		UPDATE public.items SET v = v || '\'' é😀'\'' WHERE id % 211 = 0;
		UPDATE public.items SET b = NULL WHERE id % 307 = 0;
		UPDATE public.items SET b = '\'''\'' WHERE id % 401 = 0;
		DELETE FROM public.items WHERE id BETWEEN 3000 AND 3040 OR id % 997 = 0;
		UPDATE public.items SET id = id + 100000 WHERE id % 503 = 0;
		UPDATE public.kv SET value = NULL WHERE name IN ('\''name.é.17'\'', '\''name.é.1700'\'');
		UPDATE public.kv SET name = name || '\''-renamed'\'' WHERE name = '\''name.é.29'\'';
		DELETE FROM public.kv WHERE name IN ('\''name.é.31'\'', '\''name.é.2031'\'');
		UPDATE public.neg SET v = '\''changed'\'' WHERE id IN (-3000, -3, 0, 3000);
		UPDATE public.uniq SET c = NULL WHERE a = 101;
		UPDATE public.uniq SET c = '\'''\'' WHERE a = 102;
		UPDATE public.dt SET v = v + 1 WHERE v IN (40, 400);
		UPDATE shop.zoo SET t = '\''emoji 😀 changed'\'', doc = NULL WHERE id = 2;
		INSERT INTO shop.counter (label) VALUES ('\''c-new'\'');
		TRUNCATE public.gone;
		ALTER TABLE public.shape ADD COLUMN w int DEFAULT 7;
		CREATE TABLE public.fresh (id int PRIMARY KEY); INSERT INTO public.fresh VALUES (1), (2)"
'

test_expect_success 'the target changes too: local edits, a table only there' '
	psql_db stage -c "
		UPDATE public.items SET v = '\''local edit'\'' WHERE id = 5;
		DELETE FROM public.kv WHERE name = '\''name.é.33'\'';
		INSERT INTO public.neg VALUES (-999999, '\''below'\''), (999999, '\''above'\'');
		CREATE TABLE public.only_tgt (id int PRIMARY KEY); INSERT INTO public.only_tgt VALUES (1)"
'

test_expect_success 'an incremental sync makes the target exactly what a full sync makes' '
	sitesync sql-sync @shop.prod @shop.stage -y --incremental --format=json >out &&
	sitesync sql-sync @shop.prod @shop.full -y --create-db >/dev/null &&
	checksums prod >expect &&
	checksums stage >actual &&
	test_cmp expect actual &&
	checksums full >actual &&
	test_cmp expect actual &&
	objects full >expect &&
	objects stage >actual &&
	test_cmp expect actual &&
	test "$(psql_db stage -c "SELECT count(*) FROM public__sitesync_backup.only_tgt")" = 1
'

test_expect_success 'the report says which tables were compared, what differed and moved' '
	python3 -m json.tool out &&
	for t in public.items public.kv public.neg public.uniq public.dt public.gone shop.zoo; do
		test "$(table_field out $t incremental)" = compared || return 1
	done &&
	test "$(table_field out public.shape why)" = "its structure differs" &&
	test "$(table_field out public.nokey why)" = "it has no primary or not-null unique key" &&
	test "$(table_field out public.fresh why)" = "new on the source" &&
	test "$(table_field out public.gone rows_deleted)" = 300 &&
	test "$(table_field out public.items chunks_differing)" -gt 0 &&
	moved=$(table_field out public.items rows_moved) &&
	test "$moved" -gt 50 && test "$moved" -lt 600 &&
	test "$(table_field out shop.a chunks_differing)" = 0 &&
	test "$(table_field out shop.a rows_moved)" = 0
'

test_expect_success 'a second incremental sync with nothing changed moves no row' '
	sitesync sql-sync @shop.prod @shop.stage -y --incremental --format=json >out &&
	test "$(json_get out "sum(t[\"rows_moved\"] for t in s[\"incremental\"][\"tables\"]
		if t[\"incremental\"] == \"compared\")")" = 0 &&
	test "$(json_get out "s[\"incremental\"][\"chunks_differing\"]")" = 0 &&
	checksums prod >expect &&
	checksums stage >actual &&
	test_cmp expect actual
'

test_expect_success 'SIGINT during an incremental sync leaves the target unchanged' '
	psql_db prod -c "UPDATE public.items SET n = n + 7 WHERE id % 97 = 0;
		UPDATE public.kv SET value = '\''\\x00'\'' WHERE name = '\''name.é.5'\''" &&
	checksums stage >before &&
	test_stop_at copy "$SITESYNC_BIN" sql-sync @shop.prod @shop.stage -y --incremental \
		--jobs 2 &&
	kill -INT $pid && kill -CONT $pid &&
	test_must_fail --status=1 wait $pid &&
	test_grep "^sitesync: error: sql-sync failed, .@shop.stage. is unchanged: interrupted$" stop.err &&
	checksums stage >after &&
	test_cmp before after &&
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"status\":\"interrupted\"" last
'

test_expect_success 'kill -9 during an incremental sync leaves the target unchanged' '
	psql_db prod -c "UPDATE public.items SET n = n + 1 WHERE id % 50 = 0; UPDATE public.small SET v = -v" &&
	checksums stage >before &&
	{ psql_db stage -c "BEGIN; LOCK TABLE public.small IN ACCESS EXCLUSIVE MODE;
		SELECT pg_sleep(600)" >/dev/null 2>&1 & } &&
	locker() { psql_db stage -c "SELECT pid FROM pg_stat_activity
		WHERE query LIKE '\''%pg_sleep(600)%'\'' AND pid <> pg_backend_pid()"; } &&
	locked() { test -n "$(locker)"; } &&
	ss_wait_for 60 locked &&
	{ "$SITESYNC_BIN" sql-sync @shop.prod @shop.stage -y --incremental --jobs 2 >sync.out 2>&1 & } &&
	pid=$! &&
	waiting() { test -n "$(psql_db stage -c "SELECT pid FROM pg_stat_activity
		WHERE wait_event_type = '\''Lock'\'' AND query LIKE '\''INSERT INTO %small%'\''")"; } &&
	ss_wait_for 120 waiting &&
	kill -9 $pid && { wait $pid; true; } &&
	psql_db stage -c "SELECT pg_terminate_backend($(locker))" >/dev/null &&
	checksums stage >after &&
	test_cmp before after &&
	sitesync sql-sync @shop.prod @shop.stage -y --incremental >/dev/null &&
	checksums prod >expect &&
	checksums stage >actual &&
	test_cmp expect actual
'

test_done

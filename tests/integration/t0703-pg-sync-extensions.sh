#!/bin/bash
# PostgreSQL sql-sync with extensions in the synced schema: created in the
# shadow when the target lacks them, kept live (moved into the new schema
# by the swap, and by --restore-backup) when it has them; refused when the
# target has one in another schema.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

psql_db() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -At -d "$@"
}

checksums() {
	for t in docs tags; do
		psql_db "$1" -c "SELECT '$t', count(*), md5(string_agg(x::text, '' ORDER BY x::text)) FROM public.$t x" ||
			return 1
	done
}

ext_schema() {
	psql_db "$1" -c "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
		WHERE e.extname = '$2'"
}

test_expect_success 'start postgres, databases, aliases' '
	start_postgres pg &&
	for db in prod stage other empty; do pg_sql pg postgres "CREATE DATABASE $db" || return 1; done &&
	mkdir -p drush/sites &&
	cat >drush/sites/x.site.yml <<-YML &&
	prod:
	  db: { driver: pgsql, socket: "$PG_pg_SOCKDIR", port: $PG_pg_PORT, name: prod, user: postgres }
	  role: staging
	stage:
	  db: { driver: pgsql, socket: "$PG_pg_SOCKDIR", port: $PG_pg_PORT, name: stage, user: postgres }
	  role: development
	other:
	  db: { driver: pgsql, socket: "$PG_pg_SOCKDIR", port: $PG_pg_PORT, name: other, user: postgres }
	  role: development
	empty:
	  db: { driver: pgsql, socket: "$PG_pg_SOCKDIR", port: $PG_pg_PORT, name: empty, user: postgres }
	  role: staging
	YML
	chmod -R go-w drush
'

test_expect_success 'fixtures: hstore, pg_trgm and citext in public' '
	psql_db prod -c "CREATE EXTENSION hstore; CREATE EXTENSION pg_trgm; CREATE EXTENSION citext;
		CREATE TABLE docs (id int PRIMARY KEY, attrs hstore, title citext UNIQUE, body text);
		CREATE INDEX docs_trgm ON docs USING gin (body gin_trgm_ops);
		CREATE INDEX docs_attrs ON docs USING gist (attrs);
		CREATE TABLE tags (id serial PRIMARY KEY, doc int REFERENCES docs, t text
			CHECK (t OPERATOR(public.%) t OR t = '\'''\''));
		CREATE VIEW similar_docs AS SELECT id, similarity(body, '\''lorem'\'') AS s FROM docs;
		INSERT INTO docs SELECT g, hstore('\''k'\'', g::text), '\''Title '\'' || g,
			'\''lorem ipsum '\'' || md5(g::text) FROM generate_series(1, 2000) g;
		INSERT INTO tags (doc, t) SELECT g, '\''tag'\'' || g FROM generate_series(1, 500) g"
'

test_expect_success 'a target without the extensions gets them from the shadow' '
	sitesync sql-sync @x.prod @x.stage -y &&
	checksums prod >expect &&
	checksums stage >actual &&
	test_cmp expect actual &&
	test "$(ext_schema stage hstore)" = public &&
	test "$(ext_schema stage pg_trgm)" = public &&
	test "$(psql_db stage -c "SELECT count(*) FROM docs WHERE title = '\''TITLE 7'\''")" = 1 &&
	test "$(psql_db stage -c "SELECT attrs -> '\''k'\'' FROM docs WHERE id = 9")" = 9
'

test_expect_success 'a target with them keeps them live: the swap moves them into the new schema' '
	psql_db prod -c "UPDATE docs SET body = '\''changed'\'' WHERE id = 1" &&
	sitesync sql-sync @x.prod @x.stage -y &&
	checksums prod >expect &&
	checksums stage >actual &&
	test_cmp expect actual &&
	for e in hstore pg_trgm citext; do test "$(ext_schema stage $e)" = public || return 1; done &&
	test "$(psql_db stage -c "SELECT count(*) FROM similar_docs WHERE s > 0")" = 1999 &&
	psql_db stage -c "SET enable_seqscan = off; EXPLAIN SELECT id FROM docs WHERE body % '\''lorem'\''" >plan &&
	test_grep "docs_trgm" plan &&
	test_must_fail psql_db stage -c "INSERT INTO docs VALUES (9999, NULL, '\''title 7'\'', NULL)"
'

test_expect_success '--restore-backup keeps the extensions in the live schema' '
	sitesync sql-sync --restore-backup @x.stage -y &&
	for e in hstore pg_trgm citext; do test "$(ext_schema stage $e)" = public || return 1; done &&
	test "$(psql_db stage -c "SELECT body FROM docs WHERE id = 1")" != changed &&
	test "$(psql_db stage -c "SELECT attrs -> '\''k'\'' FROM docs WHERE id = 9")" = 9 &&
	sitesync sql-sync --restore-backup @x.stage -y &&
	test "$(psql_db stage -c "SELECT body FROM docs WHERE id = 1")" = changed
'

test_expect_success '--no-backup: the extensions survive the dropped backup' '
	sitesync sql-sync @x.prod @x.stage -y --no-backup &&
	for e in hstore pg_trgm citext; do test "$(ext_schema stage $e)" = public || return 1; done &&
	checksums stage >actual &&
	test_cmp expect actual
'

test_expect_success 'an extension the target has in another schema is refused, naming it' '
	psql_db other -c "CREATE SCHEMA ext; CREATE EXTENSION citext SCHEMA ext" &&
	test_must_fail --status=1 sitesync sql-sync @x.prod @x.other -y 2>err &&
	test_grep "extension citext in schema public (the target has it in schema ext)" err &&
	test "$(ext_schema other citext)" = ext &&
	test -z "$(psql_db other -c "SELECT nspname FROM pg_namespace WHERE nspname LIKE '\''%sitesync%'\''")"
'

test_expect_success 'an empty source empties the target'"'"'s public schema, other schemas stay' '
	psql_db other -c "CREATE TABLE public.t (x int); INSERT INTO public.t VALUES (1)" &&
	sitesync sql-sync @x.empty @x.other -y --format=json >out &&
	test_grep "\"tables\":0,\"rows\":0" out &&
	test_must_fail psql_db other -c "SELECT 1 FROM public.t" &&
	test "$(psql_db other -c "SELECT count(*) FROM public__sitesync_backup.t")" = 1 &&
	test "$(ext_schema other citext)" = ext
'

test_done

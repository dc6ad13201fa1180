#!/bin/bash
# PostgreSQL sql-sync of a pagila-like database holding every kind of object
# the catalog model covers (tests/integration/pg-pagila-like.sql): the
# target's pg_dump --schema-only is the source's, line by line, owners and
# privileges included (grants on public too); a second sync over it gives
# the same.  What is still not covered is refused up front, naming it and
# what needs it; --skip-unsupported leaves both out and names them.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

pg_major=$(basename "$(dirname "$(ss_pg_bindir)")")
[ -f "/usr/share/postgresql/$pg_major/extension/postgres_fdw.control" ] ||
	test_skip_all "postgres_fdw (PostgreSQL $pg_major contrib) is not installed"

psql_db() {
	local db=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -d "$db" "$@"
}

# dump DB: its schema as pg_dump prints it, without the engine's backup schemas
dump() {
	pg_dump --schema-only -N "*__sitesync_backup" -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" \
		-U postgres "$1" | grep -v "^\\\\restrict\|^\\\\unrestrict"
}

test_expect_success 'a pagila-like source with every kind of object; aliases' '
	start_postgres pg &&
	pg_sql pg postgres "ALTER USER postgres PASSWORD '\''pw'\''" &&
	pg_sql pg postgres "CREATE ROLE app_reader" &&
	pg_sql pg postgres "CREATE ROLE app_writer" &&
	pg_sql pg postgres "CREATE DATABASE prod" &&
	psql_db prod -f "$abs_top_srcdir/tests/integration/pg-pagila-like.sql" &&
	mkdir -p drush/sites &&
	cat >drush/sites/film.site.yml <<-YML &&
	prod:
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_pg_PORT, name: prod, user: postgres, password-env: FILM_PW }
	  role: production
	dev:
	  db: { driver: pgsql, host: 127.0.0.1, port: $PG_pg_PORT, name: dev, user: postgres, password-env: FILM_PW }
	  role: development
	YML
	chmod -R go-w drush &&
	export FILM_PW=pw
'

test_expect_success 'a sync into a new database: its schema is the source'"'"'s, line by line' '
	sitesync sql-sync @film.prod @film.dev -y --create-db --no-backup &&
	dump prod >expect &&
	dump dev >actual &&
	test_cmp expect actual
'

test_expect_success 'the data came, the triggers, policies, aggregates and views work on it' '
	test "$(psql_db dev -Atc "SELECT film_info FROM public.actor_info WHERE actor_id = 2")" = "ACADEMY DINOSAUR, ACE GOLDFINGER" &&
	test "$(psql_db dev -Atc "SELECT count(*) FROM public.payment")" = 3 &&
	psql_db dev -c "UPDATE public.film SET description = '\''A Fanciful Documentary'\'' WHERE film_id = 1" &&
	test "$(psql_db dev -Atc "SELECT fulltext @@ to_tsquery('\''public.film_cfg'\'', '\''fanciful'\'') FROM public.film WHERE film_id = 1")" = t &&
	test "$(psql_db dev -Atc "SET ROLE app_reader; SELECT count(*) FROM public.customer")" = 1 &&
	test "$(psql_db dev -Atc "SELECT total_sales FROM public.rental_by_category WHERE category = '\''Action'\''")" = 0.9801 &&
	psql_db dev -c "INSERT INTO public.cheap_films (title, rental_rate) VALUES ('\''NEW ONE'\'', 0.99)" &&
	test "$(psql_db dev -Atc "SELECT count(*) FROM public.cheap_films")" = 2
'

test_expect_success 'a second sync over it: the same schema again' '
	sitesync sql-sync @film.prod @film.dev -y --no-backup &&
	dump dev >actual &&
	test_cmp expect actual &&
	test "$(psql_db dev -Atc "SELECT has_schema_privilege('\''app_reader'\'', '\''public'\'', '\''USAGE'\'')")" = t
'

test_expect_success 'what the model does not cover is refused up front, naming it and what needs it' '
	psql_db prod -c "CREATE OPERATOR CLASS public.int4_rev_ops FOR TYPE integer USING btree AS
		OPERATOR 1 > , OPERATOR 2 >= , OPERATOR 3 = , OPERATOR 4 <= , OPERATOR 5 < ,
		FUNCTION 1 btint4cmp(integer, integer);
		CREATE INDEX payment_rev ON public.payment_p2022_01 (customer_id public.int4_rev_ops)" &&
	dump dev >before &&
	test_must_fail sitesync sql-sync @film.prod @film.dev -y 2>err &&
	test_grep "cannot copy .*operator class public.int4_rev_ops using btree" err &&
	test_grep "index public.payment_rev (it needs operator class public.int4_rev_ops using btree)" err &&
	test_grep "skip-unsupported" err &&
	dump dev >after &&
	test_cmp before after
'

test_expect_success '--skip-unsupported leaves them out, names them, copies the rest' '
	sitesync sql-sync @film.prod @film.dev -y --skip-unsupported --no-backup 2>err &&
	test_grep "left out (--skip-unsupported): operator class public.int4_rev_ops using btree" err &&
	test_grep "left out (--skip-unsupported): index public.payment_rev (it needs" err &&
	test "$(psql_db dev -Atc "SELECT count(*) FROM public.payment")" = 3 &&
	test "$(psql_db dev -Atc "SELECT count(*) FROM pg_class WHERE relname = '\''payment_rev'\''")" = 0 &&
	psql_db prod -c "DROP INDEX public.payment_rev; DROP OPERATOR FAMILY public.int4_rev_ops USING btree"
'

test_expect_success 'schema-diff finds nothing between source and target, privileges included' '
	sitesync schema-diff @film.prod @film.dev --with-privileges --dry-run --exit-code >diff.sql ||
		{ cat diff.sql; false; }
'

test_done

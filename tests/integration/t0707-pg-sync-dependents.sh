#!/bin/bash
# PostgreSQL sql-sync and the objects of schemas it does not sync that depend
# on the schemas it does: DROP SCHEMA ... CASCADE of a backup never takes
# them (a sync, --no-backup and a restore refuse, exit 3, naming them, the
# target unchanged); views and materialized views follow the new tables
# (and the restored ones), foreign keys are refused up front.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

dev() { pg_sql pg dev "$@"; }

# rows of public.node in dev, "id:v" joined by spaces
nodes() { dev "SELECT string_agg(id || ':' || v, ' ' ORDER BY id) FROM public.node"; }

test_expect_success 'a source with public.node; a target with old rows and a reports schema' '
	start_postgres pg &&
	pg_sql pg postgres "ALTER USER postgres PASSWORD '\''pw'\''" &&
	for db in prod dev; do pg_sql pg postgres "CREATE DATABASE $db" || return 1; done &&
	pg_sql pg prod "CREATE TABLE public.node (id int PRIMARY KEY, v text);
		INSERT INTO public.node VALUES (1, '\''new'\''), (2, '\''new'\''), (3, '\''new'\'')" &&
	dev "CREATE TABLE public.node (id int PRIMARY KEY, v text);
		INSERT INTO public.node VALUES (1, '\''old'\'');
		CREATE SCHEMA reports; CREATE TABLE reports.keep (id int); INSERT INTO reports.keep VALUES (7)" &&
	mkdir -p drush/sites &&
	for env in prod:production dev:development; do
		name=${env%%:*} role=${env#*:}
		cat >>drush/sites/shop.site.yml <<-YML || return 1
		$name:
		  db: { driver: pgsql, host: 127.0.0.1, port: $PG_pg_PORT, name: $name, user: postgres, password-env: SHOP_DB_PASSWORD }
		  role: $role
		YML
	done &&
	chmod -R go-w drush &&
	export SHOP_DB_PASSWORD=pw &&
	sitesync sql-sync @shop.prod @shop.dev --schemas public -y &&
	test "$(nodes)" = "1:new 2:new 3:new"
'

test_expect_success 'a view made by hand over the backup: the next sync refuses, exit 3, nothing changes' '
	dev "CREATE VIEW reports.old_nodes AS SELECT id FROM public__sitesync_backup.node" &&
	dev "UPDATE public.node SET v = '\''edited'\'' WHERE id = 1" &&
	test_must_fail --status=3 sitesync sql-sync @shop.prod @shop.dev --schemas public -y 2>err &&
	test_grep "error: target .@shop.dev.: view .reports.old_nodes. outside .public__sitesync_backup. depends on it, which the sync drops: drop or re-point it first, or add its schema to --schemas$" err &&
	test_grep "re-point" err &&
	test "$(grep -c . err)" = 1 &&
	test "$(nodes)" = "1:edited 2:new 3:new" &&
	test "$(dev "SELECT count(*) FROM reports.old_nodes")" = 1 &&
	test_grep "\"status\":\"refused\"" "$SITESYNC_HISTORY"
'

test_expect_success 'a foreign key made by hand into the backup: refused the same, named' '
	dev "CREATE TABLE reports.ref (id int REFERENCES public__sitesync_backup.node (id))" &&
	test_must_fail --status=3 sitesync sql-sync @shop.prod @shop.dev --schemas public --no-backup -y 2>err &&
	test_grep "reports.old_nodes" err &&
	test_grep "ref_id_fkey on reports.ref" err &&
	test "$(dev "SELECT count(*) FROM pg_constraint WHERE conname = '\''ref_id_fkey'\''")" = 1
'

test_expect_success 'a restore that drops a schema refuses when something outside depends on it' '
	dev "DROP VIEW reports.old_nodes; DROP TABLE reports.ref;
		CREATE SCHEMA extra__sitesync_backup; COMMENT ON SCHEMA extra__sitesync_backup IS
		'\''sitesync-backup absent 2026-01-01 00:00:00'\''; CREATE SCHEMA extra;
		CREATE TABLE extra.x (id int PRIMARY KEY);
		CREATE TABLE extra__sitesync_backup.y (id int PRIMARY KEY);
		CREATE VIEW reports.y AS SELECT id FROM extra__sitesync_backup.y" &&
	test_must_fail --status=3 sitesync sql-sync --restore-backup @shop.dev -y 2>err &&
	test_grep "view .reports.y. outside .extra__sitesync_backup. depends on it, which the restore drops: drop or re-point it first" err &&
	test "$(nodes)" = "1:edited 2:new 3:new" &&
	test "$(dev "SELECT count(*) FROM reports.y")" = 0 &&
	dev "DROP VIEW reports.y; DROP SCHEMA extra__sitesync_backup CASCADE; DROP SCHEMA extra CASCADE"
'

test_expect_success 'nothing outside depends on the backup any more: the sync goes on' '
	sitesync sql-sync @shop.prod @shop.dev --schemas public --no-backup -y &&
	test "$(nodes)" = "1:new 2:new 3:new" &&
	test "$(dev "SELECT count(*) FROM reports.keep")" = 1
'

# rows of reports.v; "n v" of reports.mv
view() { dev "SELECT string_agg(id || ':' || v, ' ' ORDER BY id) FROM reports.v"; }
mview() { dev "SELECT n || ' ' || v FROM reports.mv"; }

test_expect_success 'a view and a materialized view in reports over public show the new rows after a sync' '
	dev "UPDATE public.node SET v = '\''edited'\'' WHERE id = 1;
		CREATE VIEW reports.v AS SELECT id, v FROM public.node;
		CREATE VIEW reports.v2 AS SELECT count(*) AS n FROM reports.v;
		CREATE MATERIALIZED VIEW reports.mv AS SELECT count(*) AS n, min(v) AS v FROM public.node;
		CREATE UNIQUE INDEX mv_n ON reports.mv (n); CREATE ROLE reader;
		GRANT SELECT ON reports.mv TO reader; ALTER MATERIALIZED VIEW reports.mv OWNER TO reader;
		GRANT SELECT ON public.node TO reader; GRANT USAGE ON SCHEMA reports TO reader; COMMENT ON MATERIALIZED VIEW reports.mv IS '\''counts'\''" &&
	pg_sql pg prod "UPDATE public.node SET v = '\''newer'\'' WHERE id = 2; INSERT INTO public.node VALUES (4, '\''new'\'')" &&
	test "$(view)" = "1:edited 2:new 3:new" &&
	test "$(mview)" = "3 edited" &&
	sitesync sql-sync @shop.prod @shop.dev --schemas public -y &&
	test "$(view)" = "1:new 2:newer 3:new 4:new" &&
	test "$(dev "SELECT n FROM reports.v2")" = 4 &&
	test "$(mview)" = "4 new" &&
	test "$(dev "SELECT indexname FROM pg_indexes WHERE schemaname = '\''reports'\''")" = mv_n &&
	test "$(dev "SELECT has_table_privilege('\''reader'\'', '\''reports.mv'\'', '\''SELECT'\'')")" = t &&
	test "$(dev "SELECT obj_description('\''reports.mv'\''::regclass, '\''pg_class'\'')")" = counts &&
	test "$(dev "SELECT matviewowner FROM pg_matviews WHERE matviewname = '\''mv'\''")" = reader
'

test_expect_success '--restore-backup points them back at the restored tables' '
	sitesync sql-sync --restore-backup @shop.dev -y &&
	test "$(view)" = "1:edited 2:new 3:new" &&
	test "$(mview)" = "3 edited" &&
	test "$(dev "SELECT indexname FROM pg_indexes WHERE schemaname = '\''reports'\''")" = mv_n
'

test_expect_success 'two more syncs, the last without backup, keep them' '
	sitesync sql-sync @shop.prod @shop.dev --schemas public -y &&
	sitesync sql-sync @shop.prod @shop.dev --schemas public -y --no-backup &&
	test "$(view)" = "1:new 2:newer 3:new 4:new" &&
	test "$(mview)" = "4 new" &&
	test "$(dev "SELECT n FROM reports.v2")" = 4 &&
	test "$(dev "SELECT count(*) FROM reports.keep")" = 1
'

test_expect_success 'a trigger over a public function, a view over the materialized view, a function body: refused up front' '
	dev "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN RETURN NEW; END\$\$;
		CREATE TRIGGER keep_touch BEFORE INSERT ON reports.keep FOR EACH ROW EXECUTE FUNCTION public.touch();
		CREATE VIEW reports.mv_top AS SELECT n FROM reports.mv;
		CREATE FUNCTION reports.count_nodes() RETURNS bigint LANGUAGE sql
		BEGIN ATOMIC SELECT count(*) FROM public.node; END" &&
	test_must_fail --status=3 sitesync sql-sync @shop.prod @shop.dev --schemas public -y 2>err &&
	test_grep "trigger .keep_touch on reports.keep., function .reports.count_nodes()., materialized view .reports.mv. (other views select from it) outside the synced schemas depend on them" err &&
	test "$(grep -c . err)" = 1 &&
	test "$(mview)" = "4 new" &&
	dev "DROP TRIGGER keep_touch ON reports.keep; DROP VIEW reports.mv_top; DROP FUNCTION public.touch();
		DROP FUNCTION reports.count_nodes()"
'

test_expect_success 'columns of reports of an extension type of public: the extension stays, the sync goes on' '
	pg_sql pg prod "CREATE EXTENSION citext" &&
	dev "CREATE EXTENSION citext; CREATE TABLE reports.tags (t public.citext, ts public.citext[]);
		INSERT INTO reports.tags VALUES ('\''A'\'', '\''{b}'\'')" &&
	sitesync sql-sync @shop.prod @shop.dev --schemas public -y &&
	test "$(dev "SELECT count(*) FROM reports.tags WHERE t = '\''a'\'' AND ts = '\''{B}'\''")" = 1 &&
	test "$(view)" = "1:new 2:newer 3:new 4:new"
'

test_expect_success 'a foreign key from reports to public: the sync refuses up front, exit 3, nothing changes' '
	dev "UPDATE public.node SET v = '\''mine'\'' WHERE id = 4;
		CREATE TABLE reports.ref (id int REFERENCES public.node (id)); INSERT INTO reports.ref VALUES (4)" &&
	test_must_fail --status=3 sitesync sql-sync @shop.prod @shop.dev --schemas public -y 2>err &&
	test_grep "error: target .@shop.dev.: table constraint .ref_id_fkey on reports.ref. outside the synced schemas depends on them and would follow them to the backup: drop it, or add its schema to --schemas$" err &&
	test "$(nodes)" = "1:new 2:newer 3:new 4:mine" &&
	test -z "$(dev "SELECT nspname FROM pg_namespace WHERE nspname LIKE '\''%shadow'\''")" &&
	test "$(dev "SELECT count(*) FROM public__sitesync_backup.node")" = 4 &&
	dev "ALTER TABLE reports.ref DROP CONSTRAINT ref_id_fkey" &&
	sitesync sql-sync @shop.prod @shop.dev --schemas public -y &&
	test "$(nodes)" = "1:new 2:newer 3:new 4:new" &&
	test "$(dev "SELECT id FROM reports.ref")" = 4

'

test_expect_success 'a view over a schema the sync created: the restore, which moves it away, refuses' '
	pg_sql pg prod "CREATE SCHEMA fresh; CREATE TABLE fresh.t (id int); INSERT INTO fresh.t VALUES (1)" &&
	sitesync sql-sync @shop.prod @shop.dev --schemas fresh -y &&
	dev "CREATE VIEW reports.fv AS SELECT id FROM fresh.t" &&
	test_must_fail --status=3 sitesync sql-sync --restore-backup @shop.dev -y 2>err &&
	test_grep "view .reports.fv. outside .fresh. depends on it, which the restore moves to the backup (the sync created it)" err &&
	test "$(dev "SELECT id FROM reports.fv")" = 1 &&
	test "$(nodes)" = "1:new 2:newer 3:new 4:new"
'

test_done

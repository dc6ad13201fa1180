#!/bin/bash
# A PostgreSQL sync killed with SIGKILL at the stop points of its swap (one
# transaction: before it, before its COMMIT, after it), and the target or
# source server killed mid-copy and mid-swap: the target is exactly its old
# self or exactly the new one, by the md5 of every table's ordered rows and
# the definitions of every view, function and trigger.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/faults.sh"

[ -x "$(ss_pg_bindir)/postgres" ] || test_skip_all "postgres is not installed"

tgt() { pg_sql tgt shop "$@"; }

# state: every table of schema shop (md5 of its ordered rows), every view,
# function and trigger there (its definition), and the database's schemas
# (not sitesync's own: shadow, backup)
state() {
	local t
	for t in $(tgt "SELECT tablename FROM pg_tables WHERE schemaname = 'shop' ORDER BY 1"); do
		tgt "SELECT '$t', count(*), md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), ''))
			FROM shop.$t x" || return 1
	done
	tgt "SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = 'shop'
		UNION ALL SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p
		JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'shop'
		UNION ALL SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t
		JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'shop' AND NOT t.tgisinternal
		UNION ALL SELECT 'schema ' || nspname FROM pg_namespace
		WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
		AND nspname NOT LIKE '%sitesync%' ORDER BY 1"
}

# old_target: the target database as it was before any sync
old_target() {
	pg_sql tgt postgres "DROP DATABASE IF EXISTS shop WITH (FORCE)" &&
	pg_sql tgt postgres "CREATE DATABASE shop" &&
	tgt "CREATE SCHEMA shop; CREATE TABLE shop.orders (id int PRIMARY KEY, v text);
		INSERT INTO shop.orders VALUES (1, 'old');
		CREATE TABLE shop.mine (id int); INSERT INTO shop.mine VALUES (7);
		CREATE VIEW shop.v_old AS SELECT id FROM shop.mine"
}

# aliases: @shop.prod on src, @shop.stage on tgt
aliases() {
	local e name role server port
	mkdir -p drush/sites &&
	for e in prod:production:src stage:staging:tgt; do
		IFS=: read -r name role server <<<"$e"
		eval "port=\$PG_${server}_PORT"
		printf '%s:\n  role: %s\n  db: { driver: pgsql, host: 127.0.0.1, port: %s, name: shop, user: postgres, password-env: PW }\n' \
			"$name" "$role" "$port"
	done >drush/sites/shop.site.yml &&
	chmod -R go-w drush
}

sync_stopped() { run_stopped "$1" sql-sync @shop.prod @shop.stage -y --jobs "${2:-2}"; }

# is STATE: the target is exactly old or new
is() { state >actual && test_cmp "$1" actual; }

test_expect_success 'a source with a table, a view, a function and a trigger; a target of its own' '
	start_postgres src &&
	start_postgres tgt &&
	for s in src tgt; do
		pg_sql $s postgres "ALTER USER postgres PASSWORD '\''pw'\''" || return 1
	done &&
	pg_sql src postgres "CREATE DATABASE shop" &&
	pg_sql src shop "CREATE SCHEMA shop;
		CREATE TABLE shop.orders (id int PRIMARY KEY, v text, n int);
		INSERT INTO shop.orders SELECT g, md5(g::text), g FROM generate_series(1, 1000) g;
		CREATE TABLE shop.items (id serial PRIMARY KEY, order_id int REFERENCES shop.orders);
		INSERT INTO shop.items (order_id) SELECT g FROM generate_series(1, 500) g;
		CREATE VIEW shop.v_orders AS SELECT id, v FROM shop.orders WHERE n > 10;
		CREATE FUNCTION shop.bump() RETURNS trigger LANGUAGE plpgsql
			AS \$\$ BEGIN NEW.n := NEW.n + 1; RETURN NEW; END \$\$;
		CREATE TRIGGER tr_bump BEFORE INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.bump()" &&
	export PW=pw &&
	aliases &&
	old_target &&
	state >old &&
	sitesync sql-sync @shop.prod @shop.stage -y &&
	state >new &&
	! test_cmp old new >/dev/null
'

test_expect_success 'killed before its swap transaction: the old target' '
	old_target &&
	sync_stopped pg-swap:swap &&
	kill_stopped &&
	is old
'

test_expect_success 'killed with every rename done but not committed: the old target' '
	old_target &&
	sync_stopped pg-swap:swap:commit &&
	kill_stopped &&
	is old &&
	sitesync sql-sync @shop.prod @shop.stage -y &&
	is new
'

test_expect_success 'killed right after its COMMIT: the new target' '
	old_target &&
	sync_stopped pg-swap:swap:done &&
	kill_stopped &&
	is new
'

test_expect_success 'the target server killed mid-copy: the old target' '
	old_target &&
	sync_stopped copy:loaded 1 &&
	kill_postgres tgt &&
	go_on &&
	finished 1 &&
	restart_postgres tgt &&
	is old
'

test_expect_success 'the target server killed mid-swap: the old target' '
	old_target &&
	sync_stopped pg-swap:swap:commit &&
	kill_postgres tgt &&
	go_on &&
	finished 1 &&
	restart_postgres tgt &&
	is old
'

test_expect_success 'the source server killed mid-copy: the old target' '
	old_target &&
	sync_stopped copy:loaded 1 &&
	kill_postgres src &&
	go_on &&
	finished 1 &&
	test_grep source err &&
	is old &&
	restart_postgres src &&
	sitesync sql-sync @shop.prod @shop.stage -y &&
	is new
'

test_done

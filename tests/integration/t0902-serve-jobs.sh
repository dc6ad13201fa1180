#!/bin/bash
# sitesync serve's jobs against real PostgreSQL servers, each state reached
# by holding the source's data stream in the middle of the copy (a proxy,
# tests/lib/holdproxy.py), never by the clock: a cancel mid-copy leaves the
# target as it was; two jobs on different targets run at once; serve killed
# mid-job (-9) and started again marks that job failed, the target
# unchanged, and runs the job that was pending; the source server lost
# mid-copy fails the job and leaves the target unchanged.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/serve.sh"

[ -x "$(ss_pg_bindir)/postgres" ] || test_skip_all "postgres not installed"
command -v curl >/dev/null && command -v jq >/dev/null || test_skip_all "curl and jq needed"

PW=Pg-db-secret-7731

tgt_sql() { pg_sql tgt "$@"; }

# state DB: every row of the synced schema, and the schemas of DB
state_of() {
	tgt_sql "$1" "SELECT count(*), md5(coalesce(string_agg(id || ':' || pad, ',' ORDER BY id), ''))
		FROM shop.big" &&
	tgt_sql "$1" "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'
		AND nspname <> 'information_schema' ORDER BY 1"
}

# shadows DB: the shadow schemas a copy into DB has now
shadows() { tgt_sql "$1" "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%sitesync_shadow'"; }

# no_sync_clients: no sitesync connection is left on the target server
no_sync_clients() {
	test "$(tgt_sql postgres "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sitesync'")" = 0
}

# hold / release: freeze the source's data in the middle of the next copy, or let it go
hold() { rm -f proxy/held && touch proxy/hold; }
release() { rm -f proxy/hold; }
held() { ss_wait_for $SERVE_WAIT test -e proxy/held; }

test_expect_success 'PostgreSQL: shop on src (~5 MB), stage and dev on tgt; the source behind a proxy' '
	start_postgres src && start_postgres tgt &&
	pg_sql src postgres "ALTER USER postgres PASSWORD '\''$PW'\''" &&
	pg_sql src postgres "CREATE DATABASE shop" &&
	tgt_sql postgres "ALTER USER postgres PASSWORD '\''$PW'\''" &&
	tgt_sql postgres "CREATE DATABASE stage" && tgt_sql postgres "CREATE DATABASE dev" &&
	pg_sql src shop "CREATE SCHEMA shop; CREATE TABLE shop.big (id int PRIMARY KEY, pad text);
		INSERT INTO shop.big SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 50000) g;
		CREATE TABLE shop.small (id int PRIMARY KEY); INSERT INTO shop.small VALUES (1)" &&
	for db in stage dev; do
		tgt_sql $db "CREATE SCHEMA shop; CREATE TABLE shop.big (id int PRIMARY KEY, pad text);
			INSERT INTO shop.big VALUES (1, '\''old $db'\'')" || return 1
	done &&
	mkdir proxy && pport=$(ss_free_port) &&
	{ /usr/bin/python3 "$abs_top_srcdir/tests/lib/holdproxy.py" $pport $PG_src_PORT "$TRASH/proxy" & } &&
	test_at_exit "kill $!" &&
	ss_wait_for 60 test -e proxy/port-ready &&
	mkdir aliases &&
	for e in prod:production:$pport:shop stage:staging:$PG_tgt_PORT:stage dev:development:$PG_tgt_PORT:dev; do
		IFS=: read -r name role port db <<-E || return 1
		$e
		E
		printf "%s:\n  role: %s\n  db: { driver: pgsql, host: 127.0.0.1, port: %s, name: %s, user: postgres, password-env: SHOP_PW }\n" \
			$name $role $port $db >>aliases/shop.site.yml
	done &&
	chmod -R go-w aliases &&
	export SHOP_PW=$PW &&
	new_token ci --sites=shop && TOKEN=$TOKEN_ci &&
	serve_start --jobs 2
'

test_expect_success 'cancel mid-copy: the job is cancelled, the target as it was' '
	state_of stage >before &&
	hold &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"stage\"}")" = 202 &&
	id=$(jbody .id) &&
	held && wait_stage $id "^copying$" &&
	test "$(shadows stage)" -ge 1 &&
	test "$(api DELETE /api/v1/jobs/$id)" = 202 &&
	test "$(jbody .cancel_requested)" = true &&
	release &&
	wait_job $id cancelled &&
	job_field $id .error >error &&
	test_grep "^cancelled: .*interrupted" error &&
	state_of stage >after &&
	test_cmp before after &&
	test "$(shadows stage)" = 0 &&
	tail -n 1 "$SITESYNC_HISTORY" >last &&
	test_grep "\"status\":\"interrupted\"" last
'

test_expect_success 'jobs on two targets run at once, then both complete' '
	hold &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"stage\"}")" = 202 &&
	a=$(jbody .id) &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"dev\"}")" = 202 &&
	b=$(jbody .id) &&
	wait_stage $a "^copying$" && wait_stage $b "^copying$" &&
	test "$(job_field $a .state)" = running && test "$(job_field $b .state)" = running &&
	release &&
	wait_job $a completed && wait_job $b completed &&
	test "$(tgt_sql stage "SELECT count(*) FROM shop.big")" = 50000 &&
	test "$(tgt_sql dev "SELECT count(*) FROM shop.small")" = 1 &&
	test "$(job_field $a .progress.percent)" = 100
'

test_expect_success 'serve killed mid-job and started again: that job failed, the target unchanged, the pending one runs' '
	serve_stop TERM && serve_start --jobs 1 &&
	tgt_sql stage "INSERT INTO shop.big VALUES (900000, '\''written on stage'\'')" &&
	state_of stage >before &&
	hold &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"stage\"}")" = 202 &&
	a=$(jbody .id) &&
	held && wait_stage $a "^copying$" &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"dev\"}")" = 202 &&
	b=$(jbody .id) &&
	test "$(job_field $b .state)" = pending &&
	serve_stop KILL &&
	release &&
	ss_wait_for $SERVE_WAIT no_sync_clients &&
	state_of stage >after &&
	test_cmp before after &&
	test "$(shadows stage)" = 0 &&
	serve_start --jobs 1 &&
	test_grep "1 job that ran when serve stopped marked failed" serve.err &&
	test "$(job_field $a .state)" = failed &&
	test "$(job_field $a .error)" = "serve stopped while the job ran" &&
	wait_job $b completed &&
	test "$(tgt_sql dev "SELECT count(*) FROM shop.big")" = 50000
'

test_expect_success 'the source server lost mid-copy: the job fails, the target unchanged' '
	tgt_sql dev "UPDATE shop.big SET pad = '\''changed on dev'\'' WHERE id = 1" &&
	state_of dev >before &&
	hold &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"dev\"}")" = 202 &&
	id=$(jbody .id) &&
	held && wait_stage $id "^copying$" &&
	ss_stop_pid $PG_src_PID INT &&
	release &&
	wait_job $id failed &&
	job_field $id .error >error &&
	test_grep "unchanged" error &&
	state_of dev >after &&
	test_cmp before after &&
	test "$(shadows dev)" = 0
'

test_expect_success 'serve stops cleanly' '
	serve_stop TERM
'

test_done

#!/bin/bash
# sitesync serve against real MariaDB servers: the API's answers (202, 409,
# 403, 400, 404, 401, 422, 429), a database job and a files job that
# complete (hooks as stages, their output in the log), a job that fails
# with the source server stopped and leaves the target unchanged, webhooks
# signed with HMAC-SHA256 at a local receiver, TLS, and no secret in any
# reply, log or job record.  Also the --progress-fd stream it reads.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"
. "$abs_top_srcdir/tests/lib/serve.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"
command -v curl >/dev/null && command -v jq >/dev/null || test_skip_all "curl and jq needed"

PW=Sh0p-db-secret-0451
HOOKSECRET=hook-secret-8f3a1c

# env NAME ROLE SERVER DB [HOOKS]: an environment of site shop, with files
env_entry() {
	local port
	eval "port=\$MY_$3_PORT"
	mkdir -p "$TRASH/$1/files"
	printf '%s:\n  role: %s\n  root: %s\n  paths: { files: %s }\n' "$1" "$2" "$TRASH/$1" "$TRASH/$1/files"
	printf '  db: { driver: mysql, host: 127.0.0.1, port: %s, name: %s, user: %s, password-env: SHOP_PW }\n' \
		"$port" "$4" "$3"
	[ -z "${5:-}" ] || printf '  hooks:\n%s\n' "$5"
}

test_expect_success 'MariaDB servers: shop on src; stage, dev and loc on tgt' '
	start_mariadb src && start_mariadb tgt &&
	for s in src tgt; do
		my_sql $s "CREATE USER $s@127.0.0.1 IDENTIFIED BY \"$PW\"; GRANT ALL ON *.* TO $s@127.0.0.1" || return 1
	done &&
	my_sql src "CREATE DATABASE shop; USE shop;
		CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(40), total DECIMAL(10,2));
		INSERT INTO orders SELECT seq, CONCAT(\"customer \", seq), seq * 1.5 FROM seq_1_to_5000;
		CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40)); INSERT INTO users VALUES (1, \"ann\")" &&
	for db in stage dev loc; do
		my_sql tgt "CREATE DATABASE $db; USE $db; CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(40));
			INSERT INTO orders VALUES (1, \"old $db\")" || return 1
	done &&
	export SHOP_PW=$PW
'

test_expect_success 'aliases: prod, stage (its hook waits for ./go), dev (hooks), loc; site blog' '
	mkdir -p aliases &&
	{
		env_entry prod production src shop &&
		env_entry stage staging tgt stage "    pre-sql-sync: \"while [ ! -e $TRASH/go ]; do sleep 0.1; done; echo stage may go\"" &&
		env_entry dev development tgt dev "    pre-sql-sync: echo maintenance mode on
    post-sql-sync: [echo cache rebuilt, echo maintenance mode off]" &&
		env_entry loc local tgt loc
	} >aliases/shop.site.yml &&
	printf "live:\n  root: %s\n  role: production\n" "$TRASH/blog" >aliases/blog.site.yml &&
	echo "file of prod" >prod/files/a.txt && mkdir -p prod/files/img && echo png >prod/files/img/b.png &&
	chmod -R go-w aliases
'

test_expect_success '--progress-fd: stages (hooks too), progress and the result as JSON lines' '
	sitesync --alias-path=aliases --progress-fd=3 sql-sync @shop.prod @shop.loc -y 3>events &&
	test_grep "^{\"event\":\"stage\",\"stage\":\"planning\"" events &&
	test_grep "\"stage\":\"copying\"" events &&
	test_grep "\"stage\":\"swapping\"" events &&
	test_grep "^{\"event\":\"result\",.*\"command\":\"sql-sync\",.*\"status\":\"ok\",\"rows\":5001" events &&
	sitesync --alias-path=aliases --progress-fd=3 sql-sync @shop.prod @shop.dev -y 3>events >/dev/null &&
	test_grep "\"stage\":\"hook\",\"detail\":\"pre-sql-sync: echo maintenance mode on\"" events &&
	test_grep "\"detail\":\"post-sql-sync: echo cache rebuilt\"" events &&
	test_must_fail --status=2 sitesync --progress-fd=1 help 2>err &&
	test_grep "above 2" err &&
	test_must_fail --status=2 sitesync --progress-fd=9 help 2>err &&
	test_grep "not an open descriptor" err
'

test_expect_success 'serve token: needs --sites; adds a hash, prints the token once' '
	test_must_fail --status=2 sitesync serve token ci --state=state 2>err &&
	test_grep "needs --sites" err &&
	new_token ci --sites="*" &&
	new_token blogger --sites=blog &&
	new_token devonly --sites=shop --roles=development,local &&
	test_grep "^ci sha256:[0-9a-f]\{64\} sites=\*$" state/tokens &&
	! grep -F "$TOKEN_ci" state/tokens &&
	test_must_fail --status=2 sitesync serve token ci --sites=shop --state=state 2>err &&
	test_grep "already" err &&
	TOKEN=$TOKEN_ci
'

test_expect_success 'plain HTTP off loopback is refused; TLS works' '
	test_must_fail --status=3 sitesync --alias-path=aliases serve --state=state2 \
		--listen=0.0.0.0:$(ss_free_port) 2>err &&
	test_grep "not a loopback address" err &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
		-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 &&
	cp state/tokens tokens.tls &&
	port=$(ss_free_port) &&
	{ "$SITESYNC_BIN" --alias-path=aliases serve --state=state2 --tokens=tokens.tls --listen=127.0.0.1:$port \
		--tls-cert=cert.pem --tls-key=key.pem >tls.out 2>&1 & } && tls_pid=$! &&
	test_at_exit "kill $tls_pid" &&
	ss_wait_for 60 grep -q "listening on https" tls.out &&
	curl -sS --cacert cert.pem -H "Authorization: Bearer $TOKEN_ci" https://127.0.0.1:$port/api/v1/sites >sites.json &&
	test "$(jq -r ".sites[0].name" sites.json)" = blog &&
	kill $tls_pid && wait $tls_pid
'

test_expect_success 'webhook receiver and serve.yml; serve starts' '
	mkdir hooks &&
	{ /usr/bin/python3 "$abs_top_srcdir/tests/lib/webhook-receiver.py" "$TRASH/hooks" & } &&
	test_at_exit "kill $!" &&
	ss_wait_for 60 test -s hooks/port &&
	(umask 077 && echo "$HOOKSECRET" >state/hook-secret) &&
	printf "sites:\n  shop:\n    webhooks:\n      - url: http://127.0.0.1:%s/sitesync?key=abc\n        secret-file: hook-secret\n        events: [completed, failed, cancelled]\n" \
		"$(cat hooks/port)" >state/serve.yml &&
	serve_start --jobs 1 --queue-max 1 &&
	test_grep "listening on http://127.0.0.1:" serve.out
'

test_expect_success '401: no token, an unknown token' '
	test "$(api -t "" GET /api/v1/sites)" = 401 &&
	test_grep -i "^WWW-Authenticate: Bearer" headers &&
	test "$(api -t sst_not_a_token GET /api/v1/sites)" = 401 &&
	test "$(jbody .error)" = "unknown or revoked token"
'

test_expect_success 'the sites: environments, roles, only downward directions' '
	test "$(api GET /api/v1/sites)" = 200 &&
	jbody ".sites[] | select(.name == \"shop\") | .directions.database[] | \"\(.from)>\(.to)\"" | sort >dirs &&
	printf "dev>loc\nprod>dev\nprod>loc\nprod>stage\nstage>dev\nstage>loc\n" >expect &&
	test_cmp expect dirs &&
	test "$(jbody ".sites[] | select(.name == \"shop\") | .environments[] | select(.name == \"prod\") | .role")" = production &&
	test "$(api -t "$TOKEN_devonly" GET /api/v1/sites)" = 200 &&
	test "$(jbody ".sites | length")" = 1 &&
	jbody ".sites[0].directions.files[] | .to" | sort -u >to &&
	printf "dev\nloc\n" >expect && test_cmp expect to
'

test_expect_success '404: unknown site, environment, job, path' '
	test "$(api POST /api/v1/sites/nosuch/database/sync "{\"from\":\"prod\",\"to\":\"dev\"}")" = 404 &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"qa\"}")" = 404 &&
	test "$(jbody .field)" = to &&
	test_grep "no environment .qa." body &&
	test "$(api GET /api/v1/jobs/999)" = 404 &&
	test "$(api GET /api/v1/jobs/abc)" = 404 &&
	test "$(api GET /api/v2/sites)" = 404
'

test_expect_success '403: another site, upward, production target, the token limit' '
	test "$(api -t "$TOKEN_blogger" POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"dev\"}")" = 403 &&
	test_grep "may not use site .shop." body &&
	test "$(api -t "$TOKEN_blogger" GET /api/v1/sites/shop/history)" = 403 &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"dev\",\"to\":\"stage\"}")" = 403 &&
	test_grep "data only flows down" body &&
	test "$(api POST /api/v1/sites/shop/files/sync "{\"from\":\"stage\",\"to\":\"prod\"}")" = 403 &&
	test_grep "production environment" body &&
	test "$(api -t "$TOKEN_devonly" POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"stage\"}")" = 403 &&
	test_grep "may not sync .prod. into .stage. (staging)" body &&
	test "$(api GET /api/v1/sites/shop/history)" = 200 &&
	test "$(jbody ".jobs | length")" = 0
'

test_expect_success '400: not JSON, a missing or wrong field, an unknown field' '
	test "$(api POST /api/v1/sites/shop/database/sync "{nope")" = 400 &&
	test "$(jbody .field)" = body &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"to\":\"dev\"}")" = 400 &&
	test "$(jbody .field)" = from &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":7,\"to\":\"dev\"}")" = 400 &&
	test "$(jbody .field)" = from &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"dev\",\"force\":true}")" = 400 &&
	test "$(jbody .field)" = force &&
	test "$(api GET /api/v1/sites/shop/history?limit=0)" = 400 &&
	test "$(api PUT /api/v1/jobs/1)" = 405
'

test_expect_success '202: a database job completes; hooks are stages with their output in the log' '
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"dev\"}")" = 202 &&
	id=$(jbody .id) &&
	test_grep -i "^Location: /api/v1/jobs/$id" headers &&
	wait_job $id completed &&
	test "$(my_sql tgt "SELECT COUNT(*) FROM dev.orders")" = 5000 &&
	test "$(job_field $id .progress.rows)" = 5001 &&
	job_field $id ".stages[] | \"\(.name)|\(.detail // \"\")\"" >stages &&
	test_grep "^hook|pre-sql-sync: echo maintenance mode on$" stages &&
	test_grep "^copying|$" stages &&
	test_grep "^hook|post-sql-sync: echo maintenance mode off$" stages &&
	curl -sS -H "Authorization: Bearer $TOKEN" "$SERVE_URL/api/v1/jobs/$id/log" >log &&
	sed -n "/^stage: hook: pre-sql-sync: echo maintenance mode on$/,\$p" log >after_stage &&
	test_grep -x "maintenance mode on" after_stage &&
	test_grep "^cache rebuilt$" log &&
	test_grep "\"command\":\"sql-sync\",\"source\":\"@shop.prod\",\"target\":\"@shop.dev\",\"status\":\"ok\"" "$SITESYNC_HISTORY"
'

test_expect_success 'the log as Server-Sent Events: lines, then the end with the job' '
	curl -sS -N -H "Accept: text/event-stream" -H "Authorization: Bearer $TOKEN" \
		"$SERVE_URL/api/v1/jobs/$id/log" >sse &&
	test_grep "^event: log$" sse &&
	test_grep "^id: 1$" sse &&
	test_grep "^data: {\"stream\":\"serve\",\"text\":\"running: sitesync" sse &&
	tail -n 3 sse | head -n 1 >last && test_grep "^event: end$" last &&
	curl -sS -N -H "Accept: text/event-stream" -H "Last-Event-ID: 3" -H "Authorization: Bearer $TOKEN" \
		"$SERVE_URL/api/v1/jobs/$id/log" >sse2 &&
	! grep -q "^id: [123]$" sse2 && test_grep "^id: 4$" sse2
'

test_expect_success 'a files job completes' '
	test "$(api POST /api/v1/sites/shop/files/sync "{\"from\":\"prod\",\"to\":\"dev\"}")" = 202 &&
	fid=$(jbody .id) &&
	wait_job $fid completed &&
	test_cmp prod/files/img/b.png dev/files/img/b.png &&
	test "$(job_field $fid .kind)" = files
'

test_expect_success '409 while the target is busy; Idempotency-Key; 429 when the queue is full' '
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"stage\"}" "Idempotency-Key: k1")" = 202 &&
	busy=$(jbody .id) &&
	wait_stage $busy "^hook$" &&
	test "$(api POST /api/v1/sites/shop/files/sync "{\"from\":\"prod\",\"to\":\"stage\"}")" = 409 &&
	test "$(jbody .id)" = $busy &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"stage\"}" "Idempotency-Key: k1")" = 202 &&
	test "$(jbody .id)" = $busy &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"dev\"}" "Idempotency-Key: k1")" = 422 &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"dev\"}")" = 202 &&
	queued=$(jbody .id) &&
	test "$(job_field $queued .state)" = pending &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"loc\"}")" = 429 &&
	test_grep -i "^Retry-After:" headers &&
	touch go &&
	wait_job $busy completed && wait_job $queued completed &&
	test "$(my_sql tgt "SELECT COUNT(*) FROM stage.orders")" = 5000
'

test_expect_success 'cancel a pending job: cancelled at once; an ended one: 409' '
	rm -f go &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"stage\"}")" = 202 &&
	busy=$(jbody .id) &&
	wait_stage $busy "^hook$" &&
	test "$(api POST /api/v1/sites/shop/files/sync "{\"from\":\"prod\",\"to\":\"loc\"}")" = 202 &&
	queued=$(jbody .id) &&
	test "$(api DELETE /api/v1/jobs/$queued)" = 200 &&
	test "$(jbody .state)" = cancelled &&
	touch go &&
	wait_job $busy completed &&
	test "$(api DELETE /api/v1/jobs/$busy)" = 409 &&
	test ! -e loc/files/a.txt
'

test_expect_success 'the source server stopped: the job fails, the target is unchanged' '
	checksums tgt dev >before &&
	ss_stop_pid $MY_src_PID TERM &&
	test "$(api POST /api/v1/sites/shop/database/sync "{\"from\":\"prod\",\"to\":\"dev\"}")" = 202 &&
	failed=$(jbody .id) &&
	wait_job $failed failed &&
	job_field $failed .error >error &&
	test_grep "@shop.prod\|source" error &&
	checksums tgt dev >after &&
	test_cmp before after
'

test_expect_success 'history: newest first, paginated, with size, duration and error' '
	test "$(api GET "/api/v1/sites/shop/history?limit=2")" = 200 &&
	test "$(jbody ".jobs[0].id")" = $failed &&
	test "$(jbody ".jobs[0].state")" = failed &&
	test "$(jbody ".jobs | length")" = 2 &&
	next=$(jbody .next_before) &&
	test "$(api GET "/api/v1/sites/shop/history?limit=100&before=$next")" = 200 &&
	test "$(jbody ".jobs[0].id")" -lt $next &&
	jbody ".jobs[] | select(.id == $id) | .progress.bytes" >size && test "$(cat size)" -gt 0 &&
	jbody ".jobs[] | select(.id == $id) | .duration_seconds" >dur && test -n "$(cat dur)"
'

# delivery N: the body and headers of the receiver'\''s Nth delivery for job ID
delivery_for() {
	local f
	for f in hooks/*.body; do
		jq -e ".job.id == $1" "$f" >/dev/null && { echo "${f%.body}"; return 0; }
	done
	return 1
}

test_expect_success 'webhooks: completed and failed, signed with HMAC-SHA256 of the body' '
	ss_wait_for $SERVE_WAIT delivery_for $failed &&
	d=$(delivery_for $failed) && ss_wait_for 30 test -e $d.headers &&
	test "$(jq -r .event $d.body)" = job.failed &&
	test_grep -i "^X-Sitesync-Event: job.failed" $d.headers &&
	sig=$(sed -n "s/^[Xx]-[Ss]itesync-[Ss]ignature: //p" $d.headers | tr -d "\r") &&
	want=$(openssl dgst -sha256 -hmac "$HOOKSECRET" -r <$d.body | cut -d" " -f1) &&
	test "$sig" = "sha256=$want" &&
	d=$(delivery_for $id) &&
	test "$(jq -r .event $d.body)" = job.completed &&
	test "$(jq -r .job.state $d.body)" = completed &&
	curl -sS -H "Authorization: Bearer $TOKEN" "$SERVE_URL/api/v1/jobs/$id/log" >log &&
	test_grep "webhook http://127.0.0.1:[0-9]*/sitesync: delivered (HTTP 204)" log &&
	! grep -q "key=abc" log
'

test_expect_success 'no secret in any reply, log or job record' '
	for t in "$TOKEN_ci" "$TOKEN_blogger" "$TOKEN_devonly" "$PW" "$HOOKSECRET"; do
		for f in body log sse state/jobs.sqlite* hooks/*.body serve.out serve.err; do
			! grep -qF -- "$t" $f || { echo "secret in $f" >&2; return 1; }
		done
	done
'

test_expect_success 'SIGTERM stops serve' '
	serve_stop TERM &&
	test_grep "stopping" serve.err
'

test_done

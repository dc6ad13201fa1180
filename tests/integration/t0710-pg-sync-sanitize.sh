#!/bin/bash
# sql-sync --sanitize (PostgreSQL): personal data is rewritten in
# COPY (SELECT ...) on the source, every value cast to its column's type so
# that the binary COPY still fits: the drupal profile on a Drupal-like
# database (pg_dump of the target, shadow and backup schemas included,
# holds no source e-mail, password hash, session id, name or IP address),
# every rule type, a partitioned table under its parent's rule, hashes
# equal to MySQL's (HMAC-SHA256), refusals before anything changes,
# `sanitize: required`, kill -9 at moments chosen by the state of the
# copy, and --incremental: the rewritten tables copied whole, the others
# compared, exactly.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sanitize.sh"

[ -x "$(ss_pg_bindir)/postgres" ] || test_skip_all "postgres not installed"
command -v python3 >/dev/null || test_skip_all "python3 not installed"

psql_db() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres -At -d "$@"
}
# q DB SQL: the result
q() { psql_db "$1" -c "$2"; }

# Every personal value of the source database "prod", one a line, in 'secrets'.
list_secrets() {
	q prod "SELECT mail FROM users_field_data UNION SELECT init FROM users_field_data
		UNION SELECT pass FROM users_field_data UNION SELECT name FROM users_field_data WHERE uid > 0
		UNION SELECT sid FROM sessions UNION SELECT hostname FROM sessions
		UNION SELECT mail FROM comment_field_data UNION SELECT homepage FROM comment_field_data
		UNION SELECT hostname FROM comment_field_data UNION SELECT field_phone_value FROM user__field_phone
		UNION SELECT field_bio_value FROM user__field_bio UNION SELECT hostname FROM watchdog
		UNION SELECT identifier FROM flood UNION SELECT email FROM people UNION SELECT nick FROM people
		UNION SELECT sender FROM letters UNION SELECT email FROM shop.events" >all-secrets &&
	secrets_from all-secrets
}

# dump_target DB: all of DB (its shadow and backup schemas too) in 'dump.sql'
dump_target() {
	pg_dump -h "$PG_pg_SOCKDIR" -p "$PG_pg_PORT" -U postgres "$1" >dump.sql
}

# alias NAME ROLE DB: an alias entry for DB
alias_entry() {
	printf '%s:\n  role: %s\n  db: {driver: pgsql, host: 127.0.0.1, port: %s, name: %s, user: postgres, password-env: PW}\n' \
		"$1" "$2" "$PG_pg_PORT" "$3"
}

test_expect_success 'a server with a Drupal-like database, more tables and the aliases' '
	start_postgres pg &&
	pg_sql pg postgres "ALTER USER postgres PASSWORD '\''pw'\''" &&
	pg_sql pg postgres "CREATE DATABASE prod" &&
	psql_db prod -f "$abs_top_srcdir/tests/integration/sanitize-drupal.pg.sql" >/dev/null &&
	q prod "CREATE TABLE people (id int PRIMARY KEY, email varchar(100) UNIQUE, nick varchar(40) NOT NULL,
			token bytea, born date, score integer, bio text, note varchar(50), city varchar(40),
			active smallint NOT NULL, ref uuid);
		INSERT INTO people SELECT s, '\''person'\'' || s || '\''@home'\'' || s % 3 || '\''.example.org'\'',
			'\''nick-'\'' || s || '\''-'\'' || md5(s::text), sha256(convert_to(s::text, '\''UTF8'\'')),
			DATE '\''1980-05-17'\'' + s, 10000 + s, '\''About person '\'' || s, '\''a note'\'',
			CASE WHEN s % 2 = 1 THEN '\''Zürich'\'' ELSE '\''Köln'\'' END, (s % 4 > 0)::int, md5(s::text)::uuid
			FROM generate_series(1, 40) s;
		CREATE TABLE audit (id int PRIMARY KEY, who varchar(100));
		INSERT INTO audit SELECT s, '\''person'\'' || s || '\''@home'\'' || s % 3 || '\''.example.org'\''
			FROM generate_series(1, 5) s;
		CREATE TABLE letters (id int PRIMARY KEY, sender varchar(100), body text);
		INSERT INTO letters SELECT s, '\''writer'\'' || s || '\''@post'\'' || s % 5 || '\''.example.org'\'',
			repeat('\''Dear friend, '\'' || s || '\''. '\'', 150) FROM generate_series(1, 200) s;
		CREATE SCHEMA shop;
		CREATE TABLE shop.events (id int, email text, at date NOT NULL) PARTITION BY RANGE (at);
		CREATE TABLE shop.events_2023 PARTITION OF shop.events FOR VALUES FROM ('\''2023-01-01'\'') TO ('\''2024-01-01'\'');
		CREATE TABLE shop.events_2024 PARTITION OF shop.events FOR VALUES FROM ('\''2024-01-01'\'') TO ('\''2025-01-01'\'');
		INSERT INTO shop.events SELECT s, '\''buyer'\'' || s || '\''@shop.example.org'\'',
			DATE '\''2023-06-01'\'' + s * 10 FROM generate_series(1, 40) s;
		ANALYZE" &&
	mkdir -p aliases &&
	{
		alias_entry prod production prod &&
		alias_entry default local local &&
		alias_entry dev development dev &&
		printf "  sanitize: {required: true, profile: drupal}\n" &&
		alias_entry rules local rules &&
		rules_yaml &&
		printf "      shop.events: {columns: {email: hash}}\n"
	} >aliases/self.site.yml &&
	export PW=pw SAN_KEY=k3y-of-the-team &&
	list_secrets &&
	test_line_count -gt 1000 secrets
'

test_expect_success '-s shows the rules each table gets and changes nothing' '
	sitesync --alias-path=aliases -s sql-sync @prod default --sanitize=drupal --create-db >out &&
	shows_drupal_rules out public. &&
	test -z "$(q postgres "SELECT 1 FROM pg_database WHERE datname = '\''local'\''")"
'

test_expect_success 'drupal profile: no source e-mail, password hash, session id, name or IP lands on the target' '
	sitesync --alias-path=aliases -y -v sql-sync @prod default --sanitize=drupal --create-db \
		--skip-tables-list=people,audit,letters,shop.* 2>err &&
	sitesync --alias-path=aliases -y sql-sync @prod default --sanitize=drupal \
		--skip-tables-list=people,audit,letters,shop.* &&
	dump_target local &&
	grep -q "^CREATE SCHEMA public__sitesync_backup" dump.sql &&
	no_secrets dump.sql secrets &&
	test "$(q local "SELECT count(*) FROM users_field_data")" = 201 &&
	test "$(q local "SELECT uid || '\'':'\'' || name || '\'':'\'' || coalesce(mail, '\''-'\'') FROM users_field_data WHERE uid = 0")" = "0::-" &&
	test "$(q local "SELECT mail FROM users_field_data WHERE uid = 7")" = "user+7@localhost.localdomain" &&
	test "$(q local "SELECT count(*) FROM users_field_data WHERE uid > 0 AND pass IS NULL AND init = mail")" = 200 &&
	test "$(q local "SELECT count(*) FROM sessions")" = 0 &&
	test "$(q local "SELECT count(*) FROM comment_field_data WHERE hostname = '\''127.0.0.1'\''")" = 400 &&
	test "$(q local "SELECT count(*) FROM node_field_data")" = 50 &&
	test_grep "sanitized: [0-9]* values by 16 rules" err
'

test_expect_success 'every rule type, a partitioned table under its parent, the counts in the history' '
	sitesync --alias-path=aliases -y --format=json sql-sync @prod @rules --create-db \
		--tables-list=people,audit,users,users_field_data,comment_field_data,shop.* >out.json &&
	test "$(q rules "SELECT count(*) FROM people")" = 30 &&
	test "$(q rules "SELECT count(*) FROM audit")" = 0 &&
	test "$(q rules "SELECT email FROM people WHERE id = 5")" = "email+5@localhost.localdomain" &&
	nick=$(q prod "SELECT nick FROM people WHERE id = 5") &&
	test "$(q rules "SELECT nick FROM people WHERE id = 5")" = \
		"$(printf %s "$nick" | openssl dgst -sha256 -hmac "$SAN_KEY" | sed "s/.* //" | cut -c 1-40)" &&
	test "$(q rules "SELECT encode(token, '\''hex'\'') FROM people WHERE id = 5")" = \
		"$(printf 5 | openssl dgst -sha256 -binary | openssl dgst -sha256 -hmac "$SAN_KEY" | sed "s/.* //")" &&
	test "$(q rules "SELECT count(*) FROM people WHERE born BETWEEN '\''1970-01-01'\'' AND '\''2030-01-01'\''
		AND score < 100000 AND ref IS NOT NULL AND bio IS NULL")" = 30 &&
	test "$(q rules "SELECT count(*) FROM people WHERE born = DATE '\''1980-05-17'\'' + id OR score = 10000 + id
		OR ref = md5(id::text)::uuid")" = 0 &&
	test "$(q rules "SELECT DISTINCT note FROM people")" = "l'\''été \\ fini" &&
	test "$(q rules "SELECT string_agg(DISTINCT city, '\'','\'' ORDER BY city) FROM people")" = "KÖLN,ZÜRICH" &&
	test "$(q rules "SELECT count(*) FROM shop.events WHERE email LIKE '\''%@%'\''")" = 0 &&
	test "$(q rules "SELECT count(*) FROM shop.events_2024 WHERE length(email) = 64")" -gt 0 &&
	test "$(json_get out.json "[u[\"values\"] for u in d[\"sanitize\"] if u[\"rule\"] == \"where\"][0]")" = 10 &&
	test "$(json_get out.json "sum(u[\"values\"] for u in d[\"sanitize\"] if u[\"table\"].startswith(\"shop.\"))")" = 40 &&
	history_last &&
	test "$(json_get last.json "[u[\"values\"] for u in d[\"sanitize\"] if u[\"rule\"] == \"truncate\"][0]")" = 5
'

test_expect_success 'hash keeps joins: the same name hashes the same in every table' '
	test "$(q rules "SELECT count(*) FROM comment_field_data c JOIN users_field_data u ON u.name = c.name")" = 400 &&
	test "$(q rules "SELECT count(*) FROM users_field_data WHERE name LIKE '\''%.%'\''")" = 0
'

test_expect_success 'refused before anything changes: unique index, NOT NULL, unknown table or column' '
	pg_sql pg postgres "CREATE DATABASE untouched" &&
	mkdir -p bad &&
	ok=1 &&
	for rule in "users_field_data: {columns: {name: {static: x}}}:unique index .users_field_data__user__name__key." \
		"users_field_data: {columns: {created: null}}:the column is NOT NULL" \
		"userz_field_data: truncate:no table .userz_field_data. in the source" \
		"users_field_data: {columns: {mial: hash}}:has no column .mial." \
		"people: {columns: {score: hash}}:hash needs a text or binary column, not integer"; do
		{ alias_entry prod production prod && alias_entry default local untouched &&
		  printf "  sanitize:\n    tables:\n      %s\n" "${rule%:*}"; } >bad/self.site.yml &&
		test_must_fail --status=1 sitesync --alias-path=bad -y sql-sync @prod default 2>err &&
		test_grep "${rule##*:}" err &&
		test "$(q untouched "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '\''public\_\_%'\''")" = 0 &&
		test "$(q untouched "SELECT count(*) FROM pg_tables WHERE schemaname = '\''public'\''")" = 0 ||
		{ ok=0; break; }
	done &&
	test $ok = 1
'

test_expect_success 'sanitize: required: --no-sanitize is refused, a plain sync sanitizes' '
	test_must_fail --status=3 sitesync --alias-path=aliases -y sql-sync @prod @dev --create-db --no-sanitize 2>err &&
	test_grep "sanitizing is required by .*self.site.yml:[0-9]*:[0-9]*: --no-sanitize is refused" err &&
	test -z "$(q postgres "SELECT 1 FROM pg_database WHERE datname = '\''dev'\''")" &&
	sitesync --alias-path=aliases -y sql-sync @prod @dev --create-db --skip-tables-list=people,audit,letters,shop.* &&
	test "$(q dev "SELECT count(*) FROM sessions")" = 0 &&
	dump_target dev &&
	no_secrets dump.sql secrets
'

# A sync into @slow (started in the background: $pid) whose letters each
# take 10 ms on the source, so that it can be caught in the middle of them.
slow_aliases() {
	mkdir -p slow &&
	{ alias_entry prod production prod && alias_entry default local slow &&
	  slow_yaml "pg_sleep(0.01) IS NOT NULL" &&
	  printf "      shop.events: {columns: {email: hash}}\n"; } >slow/self.site.yml
}
start_slow() {
	{ "$SITESYNC_BIN" --alias-path=slow -y sql-sync @prod default --create-db --jobs 2 \
		>slow.out 2>&1 & } &&
	pid=$!
}

# The states a kill -9 is chosen at.
shadow_exists() {
	test "$(q slow "SELECT count(*) FROM pg_namespace WHERE nspname = 'public__sitesync_shadow'" 2>/dev/null)" = 1
}
users_in_shadow() {
	test "$(q slow "SELECT count(*) FROM public__sitesync_shadow.users_field_data" 2>/dev/null)" = 201
}
# the target's COPY of letters has taken at least $1 rows (not committed yet)
letters_in_flight() {
	local n
	n=$(q slow "SELECT tuples_processed FROM pg_stat_progress_copy p JOIN pg_class c ON c.oid = p.relid
		WHERE c.relname = 'letters' AND p.command = 'COPY FROM'" 2>/dev/null) &&
	test -n "$n" && test "$n" -ge "$1" && test "$n" -lt 200
}

test_expect_success 'kill -9 at moments chosen by the state of the copy: never a source value on the target' '
	slow_aliases &&
	kill_at_states shadow_exists users_in_shadow "letters_in_flight $((RANDOM % 100 + 1))" &&
	test "$(q slow "SELECT count(*) FROM letters WHERE sender LIKE '\''writer+%@localhost.localdomain'\''")" = 200 &&
	! shadow_exists
'

# sums DB: count and md5 of the rows of the tables no drupal rule touches
sums() {
	for t in users node_field_data; do
		q "$1" "SELECT '$t', count(*), md5(string_agg(x::text, '' ORDER BY x::text)) FROM $t x" ||
			return 1
	done
}

test_expect_success '--incremental --sanitize: rewritten tables copied whole, the others compared and exact, no source value' '
	mkdir -p inc &&
	{ alias_entry prod production prod && alias_entry default local inc; } >inc/self.site.yml &&
	incsync() { sitesync --alias-path=inc sql-sync @prod default -y --sanitize=drupal \
		--incremental --skip-tables-list=people,audit,letters,shop.* "$@"; } &&
	incsync --create-db >/dev/null &&
	q prod "UPDATE node_field_data SET title = title || '\'' (edited)'\'' WHERE nid IN (3, 5);
		DELETE FROM users WHERE uid = 200; INSERT INTO users VALUES (201, '\''uuid-201'\'', '\''en'\'');
		UPDATE users_field_data SET mail = '\''$INC_MAIL'\'' WHERE uid = 9;
		UPDATE comment_field_data SET hostname = '\''$INC_IP'\'' WHERE cid = 4" &&
	printf "%s\n" "$INC_MAIL" "$INC_IP" >>secrets &&
	incsync --format=json >inc.json &&
	incremental_reported public. &&
	sums prod >expect && sums inc >actual && test_cmp expect actual &&
	test "$(q inc "SELECT mail FROM users_field_data WHERE uid = 9")" = "user+9@localhost.localdomain" &&
	test "$(q inc "SELECT count(*) FROM comment_field_data WHERE hostname <> '\''127.0.0.1'\''")" = 0 &&
	dump_target inc &&
	no_secrets dump.sql secrets &&
	incsync -s >plan &&
	incsync -v >out 2>&1 &&
	incremental_said public.
'

test_done

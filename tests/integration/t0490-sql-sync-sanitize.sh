#!/bin/bash
# sql-sync --sanitize (MySQL/MariaDB): personal data is rewritten in the
# source SELECT, so no source value ever reaches the target: the drupal
# profile on a Drupal-like database (a full dump of the target holds no
# source e-mail, password hash, session id, name or IP address), every rule
# type, hashes that still join, refusals before anything changes (unique
# index, NOT NULL, unknown table or column), `sanitize: required` that
# --no-sanitize cannot bypass, the counts in the summary, JSON and history,
# kill -9 at moments chosen by the state of the copy: the shadow never
# holds a source value either; with --incremental the rewritten tables are
# copied whole and the others compared, exactly.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"
. "$abs_top_srcdir/tests/lib/sanitize.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"
command -v python3 >/dev/null || test_skip_all "python3 not installed"

# Every personal value of the source database "drupal", one a line, in 'secrets'.
list_secrets() {
	my_sql db "USE drupal;
		SELECT mail FROM users_field_data UNION SELECT init FROM users_field_data
		UNION SELECT pass FROM users_field_data UNION SELECT name FROM users_field_data WHERE uid > 0
		UNION SELECT sid FROM sessions UNION SELECT hostname FROM sessions
		UNION SELECT mail FROM comment_field_data UNION SELECT homepage FROM comment_field_data
		UNION SELECT hostname FROM comment_field_data UNION SELECT field_phone_value FROM user__field_phone
		UNION SELECT field_bio_value FROM user__field_bio UNION SELECT hostname FROM watchdog
		UNION SELECT identifier FROM flood UNION SELECT email FROM people
		UNION SELECT nick FROM people UNION SELECT sender FROM letters" >all-secrets &&
	secrets_from all-secrets
}

# dump_target DB: DB and its shadow and backup, one row a line, in 'dump.sql'
dump_target() {
	local dbs
	dbs=$(my_sql db "SELECT schema_name FROM information_schema.schemata
		WHERE schema_name = '$1' OR schema_name LIKE '$1\\_\\_sitesync\\_%'") &&
	mysqldump --no-defaults -S "$MY_db_SOCK" -uroot --skip-extended-insert --skip-comments \
		--databases $dbs >dump.sql
}

# q SQL: one value
q() { my_sql db "$1"; }

test_expect_success 'a server with a Drupal-like database, more tables and the aliases' '
	start_mariadb db &&
	my_sql db "CREATE DATABASE drupal; CREATE USER sync@127.0.0.1 IDENTIFIED BY \"pw\";
		GRANT ALL ON *.* TO sync@127.0.0.1" &&
	mariadb --no-defaults -S "$MY_db_SOCK" -uroot drupal \
		<"$abs_top_srcdir/tests/integration/sanitize-drupal.mysql.sql" &&
	my_sql db "USE drupal;
		CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(100) CHARACTER SET latin1,
			nick VARCHAR(40) NOT NULL, token VARBINARY(32), born DATE, score INT, bio TEXT,
			note VARCHAR(50), city VARCHAR(40), active TINYINT NOT NULL, ref CHAR(36),
			UNIQUE KEY people_email (email))
			DEFAULT CHARSET=utf8mb4;
		INSERT INTO people SELECT seq, CONCAT(\"person\", seq, \"@home\", seq % 3, \".example.org\"),
			CONCAT(\"nick-\", seq, \"-\", MD5(seq)), UNHEX(SHA2(seq, 256)), \"1980-05-17\" + INTERVAL seq DAY,
			10000 + seq, CONCAT(\"About person \", seq), \"a note\", IF(seq % 2, \"Zürich\", \"Köln\"), seq % 4 > 0,
			UUID() FROM seq_1_to_40;
		CREATE TABLE audit (id INT PRIMARY KEY, who VARCHAR(100));
		INSERT INTO audit SELECT seq, CONCAT(\"person\", seq, \"@home\", seq % 3, \".example.org\") FROM seq_1_to_5;
		CREATE TABLE letters (id INT PRIMARY KEY, sender VARCHAR(100), body TEXT);
		INSERT INTO letters SELECT seq, CONCAT(\"writer\", seq, \"@post\", seq % 5, \".example.org\"),
			REPEAT(CONCAT(\"Dear friend, \", seq, \". \"), 150) FROM seq_1_to_200;
		ANALYZE TABLE people, audit, letters, sessions, watchdog, flood, cache_entity" >/dev/null &&
	mkdir -p aliases &&
	{
		my_alias prod production db drupal sync &&
		my_alias default local db local sync &&
		my_alias dev development db dev sync &&
		printf "  sanitize: {required: true, profile: drupal}\n" &&
		my_alias rules local db rules sync &&
		rules_yaml
	} >aliases/self.site.yml &&
	export PW=pw SAN_KEY=k3y-of-the-team &&
	list_secrets &&
	test_line_count -gt 1000 secrets
'

test_expect_success '-s shows the rules each table gets and changes nothing' '
	sitesync --alias-path=aliases -s sql-sync @prod default --sanitize=drupal --create-db >out &&
	shows_drupal_rules out "" &&
	test -z "$(q "SHOW DATABASES LIKE \"local%\"")"
'

test_expect_success 'drupal profile: no source e-mail, password hash, session id, name or IP lands on the target' '
	sitesync --alias-path=aliases -y -v sql-sync @prod default --sanitize=drupal --create-db \
		--skip-tables-list=people,audit,letters >out 2>err &&
	dump_target local &&
	grep -q "^CREATE DATABASE .*local__sitesync_backup" dump.sql &&
	no_secrets dump.sql secrets &&
	test "$(q "SELECT COUNT(*) FROM local.users_field_data")" = 201 &&
	test "$(q "SELECT CONCAT(uid, \":\", name, \":\", COALESCE(mail, \"-\")) FROM local.users_field_data WHERE uid = 0")" = "0::-" &&
	test "$(q "SELECT mail FROM local.users_field_data WHERE uid = 7")" = "user+7@localhost.localdomain" &&
	test "$(q "SELECT COUNT(*) FROM local.users_field_data WHERE uid > 0 AND pass IS NULL AND init = mail")" = 200 &&
	test "$(q "SELECT COUNT(*) FROM local.sessions")" = 0 &&
	test "$(q "SELECT COUNT(*) FROM local.comment_field_data WHERE hostname = \"127.0.0.1\"")" = 400 &&
	test "$(q "SELECT COUNT(*) FROM local.node_field_data")" = 50 &&
	test "$(q "SELECT COUNT(*) FROM local.user__field_phone p JOIN drupal.user__field_phone s USING (entity_id)
		WHERE CHAR_LENGTH(p.field_phone_value) = CHAR_LENGTH(s.field_phone_value)")" = 200 &&
	test_grep "sanitized: [0-9]* values by 16 rules" err
'

test_expect_success 'wordpress profile: no e-mail, password hash, name, token or IP lands on the target' '
	q "CREATE DATABASE wp" &&
	mariadb --no-defaults -S "$MY_db_SOCK" -uroot wp \
		<"$abs_top_srcdir/tests/integration/sanitize-wordpress.mysql.sql" &&
	q "USE wp; SELECT user_pass FROM wp_users UNION SELECT user_email FROM wp_users
		UNION SELECT user_activation_key FROM wp_users UNION SELECT user_url FROM wp_users
		UNION SELECT display_name FROM wp_users UNION SELECT user_nicename FROM wp_users
		UNION SELECT meta_value FROM wp_usermeta WHERE meta_key <> \"rich_editing\"
		UNION SELECT comment_author FROM wp_comments UNION SELECT comment_author_email FROM wp_comments
		UNION SELECT comment_author_url FROM wp_comments UNION SELECT comment_author_IP FROM wp_comments
		UNION SELECT comment_agent FROM wp_comments
		UNION SELECT option_value FROM wp_options WHERE option_name LIKE \"%admin_email\"" >wp-all &&
	secrets_from wp-all wp-secrets &&
	test_line_count -gt 300 wp-secrets &&
	mkdir -p wpa &&
	{ my_alias prod production db wp sync && my_alias default local db wplocal sync; } >wpa/self.site.yml &&
	sitesync --alias-path=wpa -y sql-sync @prod default --sanitize=wordpress --create-db &&
	dump_target wplocal &&
	no_secrets dump.sql wp-secrets &&
	test "$(q "SELECT user_email FROM wplocal.wp_users WHERE ID = 3")" = "user+3@localhost.localdomain" &&
	test "$(q "SELECT user_login FROM wplocal.wp_users WHERE ID = 3")" = author3 &&
	test "$(q "SELECT COUNT(*) FROM wplocal.wp_usermeta WHERE meta_value = \"true\"")" = 30 &&
	test "$(q "SELECT option_value FROM wplocal.wp_options WHERE option_name = \"siteurl\"")" = https://www.example.com
'

test_expect_success 'the summary, --format=json and the history say what each rule rewrote' '
	sitesync --alias-path=aliases -y --format=json sql-sync @prod default --sanitize=drupal \
		--skip-tables-list=people,audit,letters >out.json &&
	test "$(json_get out.json "[u[\"values\"] for u in d[\"sanitize\"] if u[\"table\"] == \"users_field_data\" and u[\"column\"] == \"mail\"][0]")" = 200 &&
	test "$(json_get out.json "[(u[\"values\"], u[\"estimated\"]) for u in d[\"sanitize\"] if u[\"table\"] == \"sessions\"][0]")" = "(300, True)" &&
	test "$(json_get out.json "[u[\"rule\"] for u in d[\"sanitize\"] if u[\"table\"] == \"sessions\"][0]")" = truncate &&
	history_last &&
	test "$(json_get last.json "d[\"status\"]")" = ok &&
	test "$(json_get last.json "sum(u[\"values\"] for u in d[\"sanitize\"] if not u[\"estimated\"])")" = 2890 &&
	sitesync history --format=json >h.json &&
	test "$(json_get h.json "d[-1][\"sanitize\"][0][\"origin\"]")" = "profile '\''drupal'\''"
'

test_expect_success 'every rule type, in the source SELECT' '
	sitesync --alias-path=aliases -y sql-sync @prod @rules --create-db --tables-list=people,audit,users,users_field_data,comment_field_data &&
	test "$(q "SELECT COUNT(*) FROM rules.people")" = 30 &&
	test "$(q "SELECT COUNT(*) FROM rules.audit")" = 0 &&
	test "$(q "SELECT email FROM rules.people WHERE id = 5")" = "email+5@localhost.localdomain" &&
	test "$(q "SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = \"rules\" AND COLUMN_NAME = \"email\"")" = latin1 &&
	nick=$(q "SELECT nick FROM drupal.people WHERE id = 5") &&
	test "$(q "SELECT nick FROM rules.people WHERE id = 5")" = \
		"$(printf %s "$nick" | openssl dgst -sha256 -hmac "$SAN_KEY" | sed "s/.* //" | cut -c 1-40)" &&
	test "$(q "SELECT HEX(token) FROM rules.people WHERE id = 5")" = \
		"$(q "SELECT SHA2(5, 256)" | xxd -r -p | openssl dgst -sha256 -hmac "$SAN_KEY" | sed "s/.* //" | tr a-f A-F)" &&
	test "$(q "SELECT COUNT(*) FROM rules.people r JOIN drupal.people s USING (id) WHERE r.born = s.born OR r.score = s.score")" = 0 &&
	test "$(q "SELECT COUNT(*) FROM rules.people WHERE born BETWEEN \"1970-01-01\" AND \"2030-01-01\" AND score < 100000")" = 30 &&
	test "$(q "SELECT COUNT(*) FROM rules.people WHERE bio IS NULL")" = 30 &&
	test "$(q "SELECT DISTINCT note FROM rules.people")" = "l'\''été \\\\ fini" &&
	test "$(q "SELECT GROUP_CONCAT(DISTINCT city ORDER BY city) FROM rules.people")" = "KÖLN,ZÜRICH" &&
	history_last &&
	test "$(json_get last.json "[u[\"values\"] for u in d[\"sanitize\"] if u[\"rule\"] == \"where\"][0]")" = 10 &&
	test "$(json_get last.json "[u[\"values\"] for u in d[\"sanitize\"] if u[\"rule\"] == \"truncate\"][0]")" = 5
'

test_expect_success 'hash keeps joins: the same name hashes the same in every table' '
	test "$(q "SELECT COUNT(*) FROM rules.comment_field_data c JOIN rules.users_field_data u ON u.name = c.name")" = 400 &&
	test "$(q "SELECT COUNT(*) FROM rules.users_field_data u JOIN drupal.users_field_data s USING (uid) WHERE u.name = s.name AND u.uid > 0")" = 0
'

test_expect_success 'refused before anything changes: unique index, NOT NULL, unknown table or column' '
	q "CREATE DATABASE IF NOT EXISTS untouched" &&
	mkdir -p bad &&
	ok=1 &&
	for rule in "users_field_data: {columns: {name: {static: x}}}:unique index .user__name." \
		"users_field_data: {columns: {created: null}}:the column is NOT NULL" \
		"userz_field_data: truncate:no table .userz_field_data. in the source" \
		"users_field_data: {columns: {mial: hash}}:has no column .mial." \
		"people: {columns: {email: {static: same@example.org}}}:unique index .people_email."; do
		{ my_alias prod production db drupal sync && my_alias default local db untouched sync &&
		  printf "  sanitize:\n    tables:\n      %s\n" "${rule%:*}"; } >bad/self.site.yml &&
		test_must_fail --status=1 sitesync --alias-path=bad -y sql-sync @prod default 2>err &&
		test_grep "${rule##*:}" err &&
		test -z "$(q "SHOW TABLES FROM untouched")" &&
		test -z "$(q "SHOW DATABASES LIKE \"untouched\\_\\_%\"")" || { ok=0; break; }
	done &&
	test $ok = 1 &&
	{ my_alias prod production db drupal sync && my_alias default local db untouched sync &&
	  printf "  sanitize:\n    tables:\n      userz_field_data: {truncate: true, optional: true}\n      sessions: {columns: {mial: hash}, optional: true}\n"; } >bad/self.site.yml &&
	sitesync --alias-path=bad -y sql-sync @prod default --tables-list=users,sessions &&
	test "$(q "SELECT COUNT(*) FROM untouched.sessions")" = 300 &&
	q "DROP DATABASE untouched; DROP DATABASE untouched__sitesync_backup"
'

test_expect_success 'sanitize: required: --no-sanitize is refused, a plain sync sanitizes, status shows it' '
	test_must_fail --status=3 sitesync --alias-path=aliases -y sql-sync @prod @dev --create-db --no-sanitize 2>err &&
	test_grep "sanitizing is required by .*self.site.yml:[0-9]*:[0-9]*: --no-sanitize is refused" err &&
	history_last &&
	test "$(json_get last.json "d[\"status\"]")" = refused &&
	test -z "$(q "SHOW DATABASES LIKE \"dev\"")" &&
	sitesync --alias-path=aliases -y sql-sync @prod @dev --create-db &&
	test "$(q "SELECT COUNT(*) FROM dev.sessions")" = 0 &&
	test "$(q "SELECT mail FROM dev.users_field_data WHERE uid = 3")" = "user+3@localhost.localdomain" &&
	sitesync --alias-path=aliases status @dev >st &&
	test_grep "^sanitize: required, profile drupal (required by .*self.site.yml:" st &&
	sitesync --alias-path=aliases status default >st &&
	test_grep "^sanitize: *none$" st
'

test_expect_success 'rules from sitesync.yml; required with no rule anywhere fails' '
	mkdir -p yml &&
	{ my_alias prod production db drupal sync && my_alias default local db fromyml sync &&
	  printf "  sanitize: required\n"; } >yml/self.site.yml &&
	test_must_fail --status=1 sitesync --alias-path=yml -y sql-sync @prod default --create-db 2>err &&
	test_grep "sanitizing is required by .*but no profile or rule is given" err &&
	printf "sanitize:\n  tables:\n    sessions: truncate\n" >yml/sitesync.yml &&
	sitesync --alias-path=yml -y sql-sync @prod default --create-db &&
	test "$(q "SELECT COUNT(*) FROM fromyml.sessions")" = 0 &&
	test "$(q "SELECT COUNT(*) FROM fromyml.users_field_data WHERE mail LIKE \"%example.net\"")" = 200
'

# A sync into @slow (started in the background: $pid) whose letters each
# take 10 ms on the source, so that it can be caught in the middle of them.
slow_aliases() {
	mkdir -p slow &&
	{ my_alias prod production db drupal sync && my_alias default local db slow sync &&
	  slow_yaml "SLEEP(0.01) = 0"; } >slow/self.site.yml
}
start_slow() {
	{ "$SITESYNC_BIN" --alias-path=slow -y sql-sync @prod default --create-db --jobs 2 \
		>slow.out 2>&1 & } &&
	pid=$!
}

# The states a kill -9 is chosen at.
shadow_exists() { test -n "$(q "SHOW DATABASES LIKE \"slow\\_\\_sitesync\\_shadow\"")"; }
users_in_shadow() {
	test "$(q "SELECT COUNT(*) FROM slow__sitesync_shadow.users_field_data" 2>/dev/null)" = 201
}
# at least $1 letters in the shadow, not yet committed: as they arrive
letters_in_flight() {
	local n
	n=$(q "SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;
		SELECT COUNT(*) FROM slow__sitesync_shadow.letters" 2>/dev/null) &&
	test -n "$n" && test "$n" -ge "$1" && test "$n" -lt 200 &&
	q "SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;
		SELECT sender FROM slow__sitesync_shadow.letters" >inflight
}

test_expect_success 'kill -9 at moments chosen by the state of the copy: never a source value on the target' '
	slow_aliases &&
	kill_at_states shadow_exists users_in_shadow "letters_in_flight $((RANDOM % 100 + 1))" &&
	test "$(q "SELECT COUNT(*) FROM slow.letters WHERE sender LIKE \"writer+%@localhost.localdomain\"")" = 200 &&
	! shadow_exists
'

# sums DB: CHECKSUM TABLE of the tables no drupal rule touches, the database name left out
sums() { q "CHECKSUM TABLE $1.users, $1.node_field_data" | sed "s/^$1\.//"; }

test_expect_success '--incremental --sanitize: rewritten tables copied whole, the others compared and exact, no source value' '
	mkdir -p inc &&
	{ my_alias prod production db drupal sync && my_alias default local db inc sync; } >inc/self.site.yml &&
	incsync() { sitesync --alias-path=inc sql-sync @prod default -y --sanitize=drupal \
		--incremental --skip-tables-list=people,audit,letters "$@"; } &&
	incsync --create-db >/dev/null &&
	q "USE drupal; UPDATE node_field_data SET title = CONCAT(title, \" (edited)\") WHERE nid IN (3, 5);
		DELETE FROM users WHERE uid = 200; INSERT INTO users VALUES (201, \"uuid-201\", \"en\");
		UPDATE users_field_data SET mail = \"$INC_MAIL\" WHERE uid = 9;
		UPDATE comment_field_data SET hostname = \"$INC_IP\" WHERE cid = 4" &&
	printf "%s\n" "$INC_MAIL" "$INC_IP" >>secrets &&
	incsync --format=json >inc.json &&
	incremental_reported "" &&
	sums drupal >expect && sums inc >actual && test_cmp expect actual &&
	test "$(q "SELECT mail FROM inc.users_field_data WHERE uid = 9")" = "user+9@localhost.localdomain" &&
	test "$(q "SELECT COUNT(*) FROM inc.comment_field_data WHERE hostname <> \"127.0.0.1\"")" = 0 &&
	dump_target inc &&
	no_secrets dump.sql secrets &&
	incsync -s >plan &&
	incsync -v >out 2>&1 &&
	incremental_said ""
'

test_done

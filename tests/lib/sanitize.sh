# tests/lib/sanitize.sh - what the sanitize tests of both engines (t0490,
# t0710) share; source it after tests/lib/test-lib.sh.

# no_secrets DUMP SECRETS: no line of SECRETS (values of the source) appears
# in DUMP (the target, dumped); the first leaks are shown
no_secrets() {
	test -s "$1" || { echo "empty dump '$1'" >&2; return 1; }
	test -s "$2" || { echo "no secrets listed in '$2'" >&2; return 1; }
	if grep -a -n -F -f "$2" "$1" >leaks; then
		echo "source values on the target:" >&2
		cut -c 1-300 leaks | head -n 5 >&2
		return 1
	fi
}

# secrets_from FILE [OUT]: the lines of FILE worth looking for (no NULL,
# none shorter than 6 bytes: a pattern that short matches by chance) into
# OUT ('secrets')
secrets_from() {
	grep -v -e '^NULL$' -e '^\\N$' "$1" | awk 'length($0) >= 6' >"${2:-secrets}"
	test -s "${2:-secrets}"
}

# json_get FILE EXPR: evaluate a python expression over the JSON object d in FILE
json_get() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# history_last: the last record of the history as one JSON object in 'last.json'
history_last() {
	tail -n 1 "$SITESYNC_HISTORY" >last.json
}

# wait_for_state DESCRIPTION CMD...: poll CMD (up to 60 s, 20 times a second)
# until it succeeds
wait_for_state() {
	local what=$1 i
	shift
	for i in $(seq 1200); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	echo "timed out waiting for: $what" >&2
	return 1
}

# rules_yaml: the `sanitize:` of the alias @rules (indented for an entry):
# a rule of each type on the table people (id, email, nick, token, born,
# score, ref, bio, note, city, active), audit truncated, names hashed in
# two tables; more tables may follow at the same indent (6 spaces)
rules_yaml() {
	cat <<-\YML
	  sanitize:
	    key-env: SAN_KEY
	    tables:
	      people:
	        columns:
	          email: email
	          nick: hash
	          token: hash
	          born: random
	          score: random
	          ref: random
	          bio: null
	          note: {static: "l'été \\ fini"}
	          city: {sql: "UPPER(city)"}
	        where: active = 1
	      audit: truncate
	      users_field_data: {columns: {name: hash}}
	      comment_field_data: {columns: {name: hash}}
	YML
}

# slow_yaml SLEEP: the `sanitize:` of the alias @slow: the drupal profile,
# people and audit, and letters whose body each takes the SQL expression
# SLEEP (true after a pause) on the source; more tables may follow
slow_yaml() {
	cat <<-YML
	  sanitize:
	    profile: drupal
	    tables:
	      people: {columns: {email: email, nick: hash}}
	      audit: truncate
	      letters:
	        columns:
	          sender: {email: "writer+{id}@localhost.localdomain"}
	          body: {sql: "CASE WHEN $1 THEN body ELSE '' END"}
	YML
}

# kill_at_states STATE...: for each STATE (a command that succeeds once the
# copy got there; it may leave rows it saw on their way in 'inflight'), a
# sync (start_slow: $pid) is killed with -9 there; then neither those rows
# nor the target (dump_target slow) hold a line of 'secrets'.  A last sync
# runs to its end over what the kills left.
kill_at_states() {
	local state
	for state in "$@"; do
		rm -f inflight
		start_slow &&
		wait_for_state "$state" $state &&
		kill -9 $pid && { wait $pid; true; } &&
		if [ -e inflight ]; then no_secrets inflight secrets; fi &&
		dump_target slow &&
		no_secrets dump.sql secrets || return 1
	done
	start_slow && wait $pid &&
	dump_target slow && no_secrets dump.sql secrets
}

# shows_drupal_rules FILE PREFIX: FILE (sql-sync -s --sanitize=drupal) lists
# the profile's rules under the tables PREFIXusers_field_data and PREFIXsessions
shows_drupal_rules() {
	test_grep "^  sanitizing: on unless --no-sanitize, profile drupal$" "$1" &&
	grep -A 4 "^  $2users_field_data " "$1" >users &&
	test_grep "sanitize pass: null when uid > 0 (profile .drupal.)" users &&
	test_grep "sanitize mail: email .user+{uid}@localhost.localdomain. when uid > 0" users &&
	grep -A 1 "^  $2sessions " "$1" >sessions &&
	test_grep "sanitize truncate (profile .drupal.)" sessions
}

# inc_table FILE TABLE KEY: that member of TABLE in the summary's incremental tables
inc_table() {
	json_get "$1" "[t[\"$3\"] for t in d[\"incremental\"][\"tables\"] if t[\"name\"] == \"$2\"][0]"
}

# The source values the --incremental tests write (users_field_data.mail of
# uid 9, comment_field_data.hostname of cid 4), added to 'secrets'.
INC_MAIL=renamed.person9@mail2.example.net INC_IP=203.0.113.77

# incremental_reported PREFIX: 'inc.json' (an --incremental --sanitize=drupal
# re-sync after node_field_data changed in one chunk, a row of users went
# and one came) compared the tables of no rule, the changes found, and
# copied the tables the rules rewrite whole; PREFIX is "public." or ""
incremental_reported() {
	local t
	test "$(inc_table inc.json "$1node_field_data" incremental)" = compared &&
	test "$(inc_table inc.json "$1node_field_data" chunks_differing)" = 1 &&
	test "$(inc_table inc.json "$1users" rows_deleted)" = 1 || return 1
	for t in users_field_data comment_field_data comment_entity_statistics user__field_phone; do
		test "$(inc_table inc.json "$1$t" why)" = "rewritten on the way (sanitize)" || return 1
	done
}

# incremental_said PREFIX: -s ('plan') and -v ('out') say why each table is
# compared or copied whole, as the JSON does
incremental_said() {
	test_grep "^  $1users_field_data .*, copied whole: rewritten on the way (sanitize)$" plan &&
	test_grep "^  $1node_field_data .*, compared by chunks$" plan &&
	test_grep "table $1comment_field_data: copied whole (rewritten on the way (sanitize)): 400 rows" out &&
	test_grep "table $1users: 0 of [0-9]* chunks differ" out
}

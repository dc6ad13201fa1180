# tests/lib/sanitize.sh - what the sanitize tests of both engines (t0487,
# t0708) share; source it after tests/lib/test-lib.sh.

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

# secrets_from FILE: keep the lines of FILE worth looking for (no NULL, none
# shorter than 6 bytes: a pattern that short matches by chance)
secrets_from() {
	grep -v -e '^NULL$' -e '^\\N$' "$1" | awk 'length($0) >= 6' >secrets
	test -s secrets
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

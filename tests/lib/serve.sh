# tests/lib/serve.sh - what the `sitesync serve` tests share; source it after
# test-lib.sh and servers.sh.
#
#   serve_start [OPTIONS...]    sitesync serve on a free port with ./aliases
#                               and ./state; $SERVE_PID, $SERVE_URL
#   serve_stop [SIGNAL]         stop it (TERM: it interrupts its jobs) and wait
#   api [-t TOKEN] METHOD PATH [BODY] [HEADER...]
#                               a request with $TOKEN (or TOKEN; "" for none):
#                               prints the status; the body is in ./body, the
#                               headers in ./headers
#   jbody FILTER                jq FILTER of ./body (raw)
#   wait_job ID STATE...        poll until job ID is in one of the states
#   wait_stage ID PATTERN       poll until its stage matches PATTERN (grep -E)
#   new_token NAME ARGS...      add a token; its value in $TOKEN_<NAME>

# A generous upper bound on every wait: the machine is shared and loaded.
SERVE_WAIT=${SERVE_WAIT:-180}

serve_start() {
	local port
	port=$(ss_free_port)
	"$SITESYNC_BIN" --alias-path=aliases serve --state=state --listen=127.0.0.1:$port \
		"$@" >serve.out 2>>serve.err &
	SERVE_PID=$!
	test_at_exit "kill -TERM $SERVE_PID"
	SERVE_URL=http://127.0.0.1:$port
	if ! ss_wait_for "$SERVE_WAIT" grep -q "listening on" serve.out; then
		echo "serve did not start:" >&2
		cat serve.out serve.err >&2
		return 1
	fi
}

serve_stop() {
	local i=0
	kill -"${1:-TERM}" "$SERVE_PID" 2>/dev/null || :
	while kill -0 "$SERVE_PID" 2>/dev/null && [ $i -lt $((SERVE_WAIT * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	! kill -0 "$SERVE_PID" 2>/dev/null
}

api() {
	local tok=${TOKEN:-} method path data= auth=()
	if [ "$1" = -t ]; then tok=$2; shift 2; fi
	method=$1 path=$2
	shift 2
	if [ $# -gt 0 ]; then data=$1; shift; fi
	[ -n "$tok" ] && auth=(-H "Authorization: Bearer $tok")
	local args=(-sS -o body -D headers -w '%{http_code}' -X "$method" "${auth[@]}")
	[ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data-binary "$data")
	for h in "$@"; do args+=(-H "$h"); done
	curl "${args[@]}" "$SERVE_URL$path"
}

jbody() { jq -r "$1" body; }

# job_field ID FILTER: one field of job ID now
job_field() {
	api GET "/api/v1/jobs/$1" >/dev/null && jq -r "$2" body
}

# poll_job ID FILTER WHAT TEST...: poll until TEST (a command, given the
# value of FILTER for job ID as its last argument) succeeds
poll_job() {
	local id=$1 filter=$2 what=$3 i=0 v
	shift 3
	while [ $i -lt $((SERVE_WAIT * 5)) ]; do
		v=$(job_field "$id" "$filter")
		"$@" "$v" && return 0
		sleep 0.2
		i=$((i + 1))
	done
	echo "job $id never got $what (last: '$v'):" >&2
	cat body >&2
	return 1
}

one_of() {
	local v=${!#} w
	for w in "${@:1:$#-1}"; do [ "$v" = "$w" ] && return 0; done
	return 1
}

matches() { printf '%s\n' "$2" | grep -Eq "$1"; }

wait_job() { local id=$1; shift; poll_job "$id" .state "a state in: $*" one_of "$@"; }
wait_stage() { poll_job "$1" '.stage // ""' "a stage like '$2'" matches "$2"; }

new_token() {
	local name=$1 t
	shift
	t=$("$SITESYNC_BIN" serve token "$name" --state=state "$@" 2>/dev/null) || return 1
	eval "TOKEN_$(echo "$name" | tr -c 'A-Za-z0-9\n' _)=\$t"
}

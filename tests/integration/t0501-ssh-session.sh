#!/bin/bash
# SSH sessions: key and agent auth, host key checks, auth errors, timeouts,
# ssh.options and ~/.ssh/config.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
export SITESYNC_PLUGIN_PATH="$SITESYNC_PLUGIN_PATH:$abs_top_builddir/tests/plugins/.libs"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "no sshd"

probe() { sitesync ssh-probe --host=127.0.0.1 "$@"; }

test_expect_success 'start sshd' '
	start_sshd r &&
	P=$SSH_r_PORT KEY=$SSH_r_KEY KH=$SSH_r_KNOWN_HOSTS &&
	ssh-keygen -lf "$SSH_r_HOSTKEY_PUB" | cut -d" " -f2 >fingerprint &&
	test_grep "^SHA256:" fingerprint
'

test_expect_success 'key auth with -i reports banner and method' '
	probe --ssh-options="-p $P -i $KEY -o UserKnownHostsFile=$KH" connect >out &&
	test_grep "^banner: SSH-2.0-OpenSSH" out &&
	test_grep "^auth: publickey ($KEY)$" out &&
	test_grep "^where: $(id -un)@127.0.0.1:$P$" out
'

test_expect_success 'every ssh.options form works' '
	probe --ssh-options="-oPort=$P -o \"IdentityFile $KEY\" -l $(id -un) -o UserKnownHostsFile=$KH -o ConnectTimeout=5 -o StrictHostKeyChecking=yes" connect >out &&
	test_grep "^auth: publickey ($KEY)$" out
'

test_expect_success 'agent auth without -i' '
	eval "$(ssh-agent -s)" >/dev/null &&
	test_at_exit "kill $SSH_AGENT_PID" &&
	ssh-add -q "$KEY" 2>/dev/null &&
	probe --ssh-options="-p $P -o UserKnownHostsFile=$KH" connect >out &&
	test_grep "^auth: publickey (agent)$" out &&
	kill "$SSH_AGENT_PID" && unset SSH_AUTH_SOCK SSH_AGENT_PID
'

test_expect_success 'unknown host key is refused with its fingerprint and how to trust it' '
	: >empty_kh &&
	test_must_fail --status=3 probe --ssh-options="-p $P -i $KEY -o UserKnownHostsFile=$TRASH/empty_kh" connect 2>err &&
	test_grep "host .\[127.0.0.1\]:$P. is not in $TRASH/empty_kh (ssh-ed25519 key $(cat fingerprint))" err &&
	test_grep "ssh-keyscan -p $P 127.0.0.1 >> $TRASH/empty_kh" err &&
	test_line_count = 0 empty_kh
'

test_expect_success 'unknown host key is refused with the default known_hosts too' '
	test_must_fail --status=3 probe --ssh-options="-p $P -i $KEY" connect 2>err &&
	test_grep "is not in ~/.ssh/known_hosts" err &&
	test_must_fail test -s "$HOME/.ssh/known_hosts"
'

test_expect_success 'accept-new records the key, then it is known' '
	: >new_kh &&
	probe --ssh-options="-p $P -i $KEY -o UserKnownHostsFile=$TRASH/new_kh -o StrictHostKeyChecking=accept-new" connect >out &&
	test_grep "^auth: " out &&
	test_line_count = 1 new_kh &&
	test_grep "\[127.0.0.1\]:$P ssh-ed25519 " new_kh &&
	probe --ssh-options="-p $P -i $KEY -o UserKnownHostsFile=$TRASH/new_kh" connect >out &&
	test_line_count = 1 new_kh
'

test_expect_success 'changed host key is refused, even with accept-new or no' '
	ssh-keygen -q -t ed25519 -N "" -f other_host &&
	printf "[127.0.0.1]:%s %s\n" "$P" "$(cut -d" " -f1,2 other_host.pub)" >changed_kh &&
	for strict in yes accept-new no; do
		test_must_fail --status=3 probe --ssh-options="-p $P -i $KEY -o UserKnownHostsFile=$TRASH/changed_kh -o StrictHostKeyChecking=$strict" connect 2>err &&
		test_grep "host key of .\[127.0.0.1\]:$P. has CHANGED (now ssh-ed25519 $(cat fingerprint)): refusing" err || return 1
	done &&
	test_line_count = 1 changed_kh
'

test_expect_success 'a known key of another type counts as changed' '
	ssh-keygen -q -t rsa -b 2048 -N "" -f other_rsa &&
	printf "[127.0.0.1]:%s %s\n" "$P" "$(cut -d" " -f1,2 other_rsa.pub)" >other_kh &&
	test_must_fail --status=3 probe --ssh-options="-p $P -i $KEY -o UserKnownHostsFile=$TRASH/other_kh -o StrictHostKeyChecking=accept-new" connect 2>err &&
	test_grep "has CHANGED" err
'

test_expect_success 'wrong key: clear error with the methods offered and tried' '
	ssh-keygen -q -t ed25519 -N "" -f wrong_key &&
	test_must_fail --status=1 probe --ssh-options="-p $P -i $TRASH/wrong_key -o UserKnownHostsFile=$KH" connect 2>err &&
	test_grep "ssh authentication as .$(id -un). on .$(id -un)@127.0.0.1:$P. failed (server offers: publickey; tried: $TRASH/wrong_key, default identity files; password and passphrase prompts need a terminal)" err
'

test_expect_success 'wrong user: clear error' '
	test_must_fail --status=1 probe --user=nosuchuser --ssh-options="-p $P -i $KEY -o UserKnownHostsFile=$KH" connect 2>err &&
	test_grep "ssh authentication as .nosuchuser. on .nosuchuser@127.0.0.1:$P. failed (server offers: publickey" err
'

test_expect_success 'passphrase-protected key without a terminal fails cleanly' '
	ssh-keygen -q -t ed25519 -N "secret phrase" -f locked_key &&
	test_must_fail --status=1 probe --ssh-options="-p $P -i $TRASH/locked_key -o UserKnownHostsFile=$KH" connect 2>err </dev/null &&
	test_grep "tried: $TRASH/locked_key" err
'

test_expect_success 'closed port: connection error names the host' '
	port=$(ss_free_port) &&
	test_must_fail --status=1 probe --ssh-options="-p $port -i $KEY" connect 2>err &&
	test_grep "alias .@probe.: cannot connect to .$(id -un)@127.0.0.1:$port.: " err
'

test_expect_success 'silent server: error within ConnectTimeout' '
	port=$(ss_free_port) &&
	{ python3 -c "import socket,time,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((\"127.0.0.1\", int(sys.argv[1]))); s.listen(5); time.sleep(3600)" "$port" & } &&
	silent=$! && test_at_exit "kill $silent" &&
	ss_wait_for 10 bash -c "</dev/tcp/127.0.0.1/$port" &&
	start=$SECONDS &&
	test_must_fail --status=1 probe --ssh-options="-p $port -i $KEY -o ConnectTimeout=2" connect 2>err &&
	test_within 6 $start &&
	test_grep "cannot connect to .$(id -un)@127.0.0.1:$port." err &&
	kill $silent
'

test_expect_success 'unsupported ssh.options are refused, naming option and alias' '
	test_must_fail --status=2 probe --ssh-options="-p $P -A" connect 2>err &&
	test_grep "alias .@probe.: ssh option .-A. is not supported" err &&
	test_must_fail --status=2 probe --ssh-options="-o ProxyCommand=nc" connect 2>err &&
	test_grep "alias .@probe.: ssh option .-o ProxyCommand=nc. is not supported" err &&
	test_must_fail --status=2 probe --ssh-options="-i \"unterminated" connect 2>err &&
	test_grep "alias .@probe.: ssh.options: unterminated double quote" err
'

test_expect_success '~/.ssh/config is honoured, the alias settings win over it' '
	mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh" &&
	cat >"$HOME/.ssh/config" <<-CONF &&
	Host myremote
	    HostName 127.0.0.1
	    Port $P
	    IdentityFile $KEY
	    UserKnownHostsFile $KH
	Host badport
	    HostName 127.0.0.1
	    Port 1
	    IdentityFile $KEY
	CONF
	sitesync ssh-probe --host=myremote connect >out &&
	test_grep "^where: $(id -un)@127.0.0.1:$P$" out &&
	test_grep "^auth: publickey$" out &&
	sitesync ssh-probe --host=badport --ssh-options="-p $P -o UserKnownHostsFile=$KH" connect >out &&
	test_grep "^where: $(id -un)@127.0.0.1:$P$" out
'

test_done

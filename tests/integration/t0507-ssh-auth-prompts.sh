#!/bin/bash
# Authentication that needs a person: passphrase, password and
# keyboard-interactive prompts appear only on a terminal (driven here through
# a pseudo-terminal); without one, a server that offers only such methods
# gives one clear line naming what it offers, exit 1.
#
# The password and keyboard-interactive prompts are answered wrong and the
# refusal is checked, and answered right to an sshd that runs in a mount
# namespace of its own where /etc/shadow is a copy giving this account a
# known password: the system's accounts are never touched (needs root and
# unshare -m).  The passphrase of a key is answered right and the session
# is made.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/remote.sh"
export SITESYNC_PLUGIN_PATH="$SITESYNC_PLUGIN_PATH:$abs_top_builddir/tests/plugins/.libs"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "sshd is not installed"
command -v python3 >/dev/null && test_set_prereq PTY

PTY_RUN="$abs_top_srcdir/tests/lib/pty-run.py"
ME=$(id -un)

# probe NAME ARGS...: ssh-probe against sshd NAME with its known_hosts
probe() {
	local name=$1 port kh
	shift
	eval "port=\$SSH_${name}_PORT kh=\$SSH_${name}_KNOWN_HOSTS"
	"$SITESYNC_BIN" ssh-probe --host=127.0.0.1 \
		--ssh-options="-p $port -o UserKnownHostsFile=$kh $*" connect
}

test_expect_success 'sshds offering only password, only keyboard-interactive, only keys' '
	start_sshd pw &&
	sshd_reconfigure pw "PasswordAuthentication yes" "PubkeyAuthentication no" &&
	start_sshd kbd &&
	sshd_reconfigure kbd "UsePAM yes" "KbdInteractiveAuthentication yes" "PubkeyAuthentication no" &&
	start_sshd key &&
	ssh-keygen -q -t ed25519 -N "the phrase" -C locked -f "$TRASH/locked_key" &&
	cat "$TRASH/locked_key.pub" >>"$SSH_key_DIR/authorized_keys"
'

test_expect_success 'no terminal, only password offered: one line naming it, exit 1' '
	test_must_fail --status=1 probe pw </dev/null >out 2>err &&
	test_grep "^sitesync: error: alias .@probe.: ssh authentication as .$ME. on .$ME@127.0.0.1:$SSH_pw_PORT. failed (server offers: password; tried: nothing; password and passphrase prompts need a terminal)$" err &&
	grep -v "^sitesync: warning: " err >errors &&
	test_line_count = 1 errors
'

test_expect_success 'no terminal, only keyboard-interactive offered: the same, naming it' '
	test_must_fail --status=1 probe kbd </dev/null 2>err &&
	test_grep "failed (server offers: keyboard-interactive; tried: nothing; password and passphrase prompts need a terminal)$" err &&
	grep -v "^sitesync: warning: " err >errors &&
	test_line_count = 1 errors
'

test_expect_success PTY 'BatchMode=yes never prompts, even on a terminal' '
	test_must_fail --status=1 python3 "$PTY_RUN" -- "$SITESYNC_BIN" ssh-probe --host=127.0.0.1 \
		--ssh-options="-p $SSH_pw_PORT -o UserKnownHostsFile=$SSH_pw_KNOWN_HOSTS -o BatchMode=yes" connect >out &&
	test_grep "server offers: password; tried: nothing; password and passphrase prompts need a terminal" out &&
	test_must_fail grep "password: " out
'

test_expect_success PTY 'on a terminal: the password prompt names the account; a wrong one is refused' '
	test_must_fail --status=1 python3 "$PTY_RUN" --expect "$ME@127.0.0.1:$SSH_pw_PORT.s password: " \
		--send "not-the-password-42
" -- "$SITESYNC_BIN" ssh-probe --host=127.0.0.1 \
		--ssh-options="-p $SSH_pw_PORT -o UserKnownHostsFile=$SSH_pw_KNOWN_HOSTS" connect >out &&
	test_grep "failed (server offers: password; tried: password)$" out &&
	# no default answer offered: an empty buffer, not stack garbage
	test_grep "password: $" out &&
	test_must_fail grep "not-the-password-42" out &&
	test_must_fail grep "need a terminal" out
'

test_expect_success PTY 'on a terminal: keyboard-interactive shows the server prompt; a wrong answer is refused' '
	test_must_fail --status=1 python3 "$PTY_RUN" --expect "[Pp]assword: " \
		--send "wrong-answer-43
" -- "$SITESYNC_BIN" ssh-probe --host=127.0.0.1 \
		--ssh-options="-p $SSH_kbd_PORT -o UserKnownHostsFile=$SSH_kbd_KNOWN_HOSTS" connect >out &&
	test_grep "failed (server offers: keyboard-interactive; tried: keyboard-interactive)$" out &&
	test_grep "^Password: $" out &&
	test_must_fail grep "wrong-answer-43" out
'

test_expect_success 'no terminal: a passphrase-protected key is skipped, clear error' '
	test_must_fail --status=1 probe key -i "$TRASH/locked_key" </dev/null 2>err &&
	test_grep "server offers: publickey; tried: $TRASH/locked_key, default identity files; password and passphrase prompts need a terminal" err
'

test_expect_success PTY 'on a terminal: the passphrase is asked and the key unlocks the session' '
	python3 "$PTY_RUN" --expect "[Pp]assphrase" --send "the phrase
" -- "$SITESYNC_BIN" ssh-probe --host=127.0.0.1 \
		--ssh-options="-p $SSH_key_PORT -o UserKnownHostsFile=$SSH_key_KNOWN_HOSTS -i $TRASH/locked_key" connect >out &&
	test_grep "auth: publickey ($TRASH/locked_key)" out &&
	test_must_fail grep "[Pp]assphrase.*\\[" out &&
	test_must_fail grep "the phrase" out
'

# an sshd whose /etc/shadow, private to its mount namespace, gives this
# account the password $GOOD_PW
GOOD_PW='right-pw-44 with spaces'
[ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null &&
	command -v openssl >/dev/null && test_set_prereq PRIVATE_SHADOW

test_expect_success PRIVATE_SHADOW 'sshds that know a password for this account, in a mount namespace' '
	hash=$(openssl passwd -6 "$GOOD_PW") &&
	awk -F: -v OFS=: -v u="$ME" -v h="$hash" "\$1 == u { \$2 = h } { print }" /etc/shadow \
		>"$TRASH/shadow" &&
	grep -q "^$ME:\\\$6\\\$" "$TRASH/shadow" &&
	chmod 600 "$TRASH/shadow" &&
	printf "#!/bin/sh\nmount --bind \"\$1\" /etc/shadow && shift && exec \"\$@\"\n" \
		>"$TRASH/with-shadow" &&
	chmod +x "$TRASH/with-shadow" &&
	start_sshd pwok &&
	SSHD_LAUNCH="unshare -m --propagation private $TRASH/with-shadow $TRASH/shadow" \
		sshd_reconfigure pwok "PasswordAuthentication yes" "PubkeyAuthentication no" \
		"PermitRootLogin yes" &&
	start_sshd kbdok &&
	SSHD_LAUNCH="unshare -m --propagation private $TRASH/with-shadow $TRASH/shadow" \
		sshd_reconfigure kbdok "UsePAM yes" "KbdInteractiveAuthentication yes" \
		"PubkeyAuthentication no" "PermitRootLogin yes" &&
	# the system file is as it was
	! grep -qF "$hash" /etc/shadow
'

test_expect_success PTY,PRIVATE_SHADOW 'on a terminal: the right password makes the session' '
	python3 "$PTY_RUN" --expect "$ME@127.0.0.1:$SSH_pwok_PORT.s password: " \
		--send "$GOOD_PW
" -- "$SITESYNC_BIN" ssh-probe --host=127.0.0.1 \
		--ssh-options="-p $SSH_pwok_PORT -o UserKnownHostsFile=$SSH_pwok_KNOWN_HOSTS" connect >out &&
	test_grep "^auth: password" out &&
	test_must_fail grep "right-pw-44" out
'

test_expect_success PTY,PRIVATE_SHADOW 'on a terminal: the right keyboard-interactive answer makes the session' '
	python3 "$PTY_RUN" --expect "[Pp]assword: " --send "$GOOD_PW
" -- "$SITESYNC_BIN" ssh-probe --host=127.0.0.1 \
		--ssh-options="-p $SSH_kbdok_PORT -o UserKnownHostsFile=$SSH_kbdok_KNOWN_HOSTS" connect >out &&
	test_grep "^auth: keyboard-interactive" out &&
	test_must_fail grep "right-pw-44" out
'

test_expect_success PRIVATE_SHADOW 'no terminal: the password is never guessed or read from stdin' '
	echo "$GOOD_PW" | test_must_fail --status=1 probe pwok >out 2>err &&
	test_grep "server offers: password; tried: nothing; password and passphrase prompts need a terminal" err
'

test_done

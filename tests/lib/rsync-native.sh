# rsync-native.sh - what the native rsync engine's interrupt, stale
# temporary and error tests share: their prerequisites, the alias
# directory $A, the "remote" tree $R and the local tree $L, ss (sitesync
# with $A), and an sshd on 127.0.0.2, an address sitesync does not take
# for this machine.  Source after test-lib.sh.
. "$abs_top_srcdir/tests/lib/servers.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "no sshd"
sitesync help rsync >/dev/null 2>&1 || test_skip_all "the rsync plugin is not built"

A="$TRASH/aliases"
R="$TRASH/remote"
L="$TRASH/local"
ss() { sitesync --alias-path="$A" "$@"; }

# temp_has_data DIR NAME: the temporary file of NAME in DIR has data
temp_has_data() {
	test -n "$(find "$1" -maxdepth 1 -name ".$2.sitesync-*" -size +1 2>/dev/null)"
}

# native_sshd: start sshd "r" on 127.0.0.2, make $A and ~/.ssh private and
# set $opts to the ssh.options that reach it
native_sshd() {
	SS_SSHD_ADDR=127.0.0.2 start_sshd r &&
	mkdir -p "$A" "$HOME/.ssh" &&
	chmod 700 "$HOME/.ssh" "$A" &&
	opts="-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS -o BatchMode=yes"
}

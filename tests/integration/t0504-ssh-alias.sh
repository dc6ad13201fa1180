#!/bin/bash
# SSH from real alias files: host (mapped by ~/.ssh/config), user, root,
# env-vars, ssh.options, hooks and db, resolved the way every command does.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
export SITESYNC_PLUGIN_PATH="$SITESYNC_PLUGIN_PATH:$abs_top_builddir/tests/plugins/.libs"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "no sshd"
command -v mariadbd >/dev/null || test_skip_all "no mariadbd"

test_expect_success 'start sshd and a MariaDB without networking; write the aliases' '
	start_sshd r &&
	SS_MARIADB_OPTS=--skip-networking start_mariadb m &&
	mkdir -p "$HOME/.ssh" "$TRASH/aliases" "$TRASH/web root" &&
	chmod 700 "$HOME/.ssh" "$TRASH/aliases" &&
	cat >"$HOME/.ssh/config" <<-CONF &&
	Host sshtest
	    HostName 127.0.0.1
	CONF
	cat >"$TRASH/aliases/site.site.yml" <<-YML
	dev:
	  host: sshtest
	  user: $(id -un)
	  root: $TRASH/web root
	  ssh:
	    options: "-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS"
	  env-vars:
	    SITE_ENV: "dev'"'"'; touch $TRASH/pwned #"
	  hooks:
	    post-sql-sync:
	      - pwd > hook.out
	      - echo "\$SITE_ENV" >> hook.out
	  db:
	    driver: mysql
	    socket: $MY_m_SOCK
	    name: mysql
	  role: development
	badopt:
	  host: sshtest
	  ssh:
	    options: "-p $SSH_r_PORT -A"
	unknownhost:
	  host: sshtest
	  ssh:
	    options: "-p $SSH_r_PORT -i $SSH_r_KEY"
	YML
'

alias_probe() { sitesync --alias-path="$TRASH/aliases" ssh-probe "$@"; }

test_expect_success 'connect to a remote alias' '
	alias_probe @site.dev connect >out &&
	test_grep "^where: $(id -un)@127.0.0.1:$SSH_r_PORT$" out &&
	test_grep "^auth: publickey ($SSH_r_KEY)$" out
'

test_expect_success 'exec runs in the alias root with its env-vars, nothing injected' '
	alias_probe @site.dev exec -- sh -c "pwd; printf \"%s\\n\" \"\$SITE_ENV\"" >out &&
	printf "%s\n" "$TRASH/web root" "dev'"'"'; touch $TRASH/pwned #" >expect &&
	test_cmp expect out &&
	test_must_fail test -e "$TRASH/pwned"
'

test_expect_success 'hook command lines from the alias run remotely in root' '
	alias_probe @site.dev hook "pwd > hook.out && echo \"\$SITE_ENV\" >> hook.out" &&
	printf "%s\n" "$TRASH/web root" "dev'"'"'; touch $TRASH/pwned #" >expect &&
	test_cmp expect "$TRASH/web root/hook.out"
'

test_expect_success 'the alias database through the tunnel' '
	alias_probe @site.dev tunnel -- sh -c "mariadb --no-defaults -uroot -N -B -S \"\$TUNNEL_SOCKET\" -e \"SELECT DATABASE() IS NULL, 1+1\"" >out &&
	test_grep "^1	2$" out
'

test_expect_success 'an unsupported ssh option names the alias' '
	test_must_fail --status=2 alias_probe @site.badopt connect 2>err &&
	test_grep "alias .@site.badopt.: ssh option .-A. is not supported" err
'

test_expect_success 'an unknown host key names the alias' '
	test_must_fail --status=3 alias_probe @site.unknownhost connect 2>err &&
	test_grep "alias .@site.unknownhost.: host .\[127.0.0.1\]:$SSH_r_PORT. is not in ~/.ssh/known_hosts" err
'

test_done

#!/bin/bash
# Hooks of a remote alias run on its host over SSH: sql-drop of a remote
# development site runs pre-sql-drop in its root with its env-vars, and a
# failing post-sql-drop names the alias, the event, the command and status.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

command -v /usr/sbin/sshd >/dev/null || test_skip_all "no sshd"
command -v mariadbd >/dev/null || test_skip_all "mariadbd is not installed"
sitesync help sql-drop >/dev/null 2>&1 || test_skip_all "the sql-drop plugin is not built"
. "$abs_top_srcdir/tests/lib/servers.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

test_expect_success 'start sshd and MariaDB; a remote alias with hooks' '
	start_sshd r &&
	start_mariadb m &&
	my_sql m "CREATE DATABASE devdb; CREATE TABLE devdb.t (x INT);
		CREATE VIEW devdb.v AS SELECT x FROM devdb.t;
		CREATE USER drupal@\"%\" IDENTIFIED BY \"pw\"; GRANT ALL ON devdb.* TO drupal@\"%\"" &&
	export HOOK_DB_PW=pw &&
	mkdir -p "$HOME/.ssh" aliases "remote root" &&
	chmod 700 "$HOME/.ssh" aliases &&
	printf "Host sshtest\n    HostName 127.0.0.1\n" >"$HOME/.ssh/config" &&
	cat >aliases/site.site.yml <<-YML
	dev:
	  host: sshtest
	  user: $(id -un)
	  root: $TRASH/remote root
	  role: development
	  ssh:
	    options: "-p $SSH_r_PORT -i $SSH_r_KEY -o UserKnownHostsFile=$SSH_r_KNOWN_HOSTS"
	  env-vars:
	    SITE_ENV: "it'"'"'s remote"
	  hooks:
	    pre-sql-drop:
	      - pwd > hook.out
	      - echo "\$SITE_ENV" >> hook.out
	    post-sql-drop:
	      - echo post >> hook.out
	      - exit 6
	      - echo never >> hook.out
	  db:
	    driver: mysql
	    host: 127.0.0.1
	    port: $MY_m_PORT
	    name: devdb
	    user: drupal
	    password-env: HOOK_DB_PW
	YML
'

test_expect_success 'pre hook runs remotely in root; a failing post hook fails the run' '
	test_must_fail --status=1 sitesync --alias-path="$TRASH/aliases" -y sql-drop @site.dev 2>err &&
	test_grep "hook post-sql-drop of .@site.dev. failed: .exit 6. exited with status 6 on sshtest" err &&
	printf "%s\n" "$TRASH/remote root" "it'"'"'s remote" post >expect &&
	test_cmp expect "remote root/hook.out" &&
	test -z "$(my_sql m "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"'"'devdb'"'"'")"
'

test_expect_success 'the failed run is in the history with the hook error' '
	sitesync history >out &&
	test_grep "sql-drop  *@site.dev  *failed .*exit 6" out
'

test_done

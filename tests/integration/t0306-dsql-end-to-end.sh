#!/bin/bash
# dsql @prod for real: the bash wrapper, the real sitesync and its sql-sync,
# two MariaDB servers; the answer typed on a terminal.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd is not installed"
command -v script >/dev/null || test_skip_all "script (util-linux) is not installed"
sitesync help sql-sync >/dev/null 2>&1 ||
	test_skip_all "needs the sql-sync command (branch mysqlsync, not merged here yet)"
. "$abs_top_srcdir/tests/lib/servers.sh"

mkdir -p bin site/drush/sites
ln -s "$SITESYNC_BIN" bin/sitesync
PATH="$TRASH/bin:$PATH"

test_expect_success 'start a production and a local server' '
	start_mariadb prod && start_mariadb local &&
	for s in prod local; do
		my_sql $s "CREATE DATABASE drupal; CREATE USER drupal@\"%\" IDENTIFIED BY \"pw\";
			GRANT ALL ON *.* TO drupal@\"%\"" || return 1
	done &&
	my_sql prod "CREATE TABLE drupal.node (nid INT PRIMARY KEY, title VARCHAR(64));
		INSERT INTO drupal.node VALUES (1, \"hello\"), (2, \"wörld\")" &&
	my_sql local "CREATE TABLE drupal.node (nid INT PRIMARY KEY, title VARCHAR(64));
		INSERT INTO drupal.node VALUES (9, \"old local\")" &&
	cat >site/drush/sites/self.site.yml <<-YML &&
	default:
	  role: local
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_local_PORT, name: drupal, user: drupal, password-env: E2E_PW }
	prod:
	  role: production
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_prod_PORT, name: drupal, user: drupal, password-env: E2E_PW }
	YML
	chmod -R go-w site &&
	export E2E_PW=pw
'

test_expect_success 'dsql @prod copies production into default after a typed yes' '
	(cd site && printf "y\n" | script -qec "bash --norc --noprofile -c \". $abs_top_srcdir/shell/sitesync.bash; dsql @prod\"" /dev/null) >out 2>&1 &&
	my_sql prod "CHECKSUM TABLE drupal.node" | cut -f2 >expect &&
	my_sql local "CHECKSUM TABLE drupal.node" | cut -f2 >actual &&
	test_cmp expect actual &&
	sitesync history >hist &&
	test_grep "sql-sync  *@prod → default  *ok" hist
'

test_expect_success 'without a terminal dsql @prod -y copies; -d names each endpoint once' '
	my_sql local "INSERT INTO drupal.node VALUES (9, \"local again\")" &&
	(cd site && bash --norc --noprofile -c ". $abs_top_srcdir/shell/sitesync.bash; dsql @prod -y" \
		</dev/null) >out 2>err &&
	my_sql prod "CHECKSUM TABLE drupal.node" | cut -f2 >expect &&
	my_sql local "CHECKSUM TABLE drupal.node" | cut -f2 >actual &&
	test_cmp expect actual &&
	grep "^sitesync: debug: connecting to " err >connecting &&
	test_grep -c "connecting to .@prod. at 127.0.0.1:$MY_prod_PORT as .drupal. with a password$" connecting >n &&
	test "$(cat n)" = 1 &&
	test_grep -c "connecting to .default. at 127.0.0.1:$MY_local_PORT as .drupal. with a password$" connecting >n &&
	test "$(cat n)" = 1 &&
	test_line_count = 2 connecting &&
	test_grep "^sitesync: @prod → default: 1 tables, 2 rows, .* in [0-9.]* s with " err
'

test_expect_success 'dsql with a bad alias runs nothing' '
	(cd site && bash --norc --noprofile -c ". $abs_top_srcdir/shell/sitesync.bash; dsql \"@prod; true\"") 2>err;
	test $? = 2 &&
	test_grep "^usage: dsql @alias" err
'

test_done

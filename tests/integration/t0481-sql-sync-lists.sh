#!/bin/bash
# sql-sync table lists by key: from the alias's command.sql.sync.options and
# from a sitesync.yml beside the alias files (drush.yml's sql.*-tables), and
# a clear error for a key that names no list.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"

# rows SERVER DB TABLE
rows() { my_sql "$1" "SELECT COUNT(*) FROM \`$2\`.\`$3\`"; }

# aliases DIR [EXTRA-YAML-FOR-DEFAULT]: a prod and a default alias in DIR
aliases() {
	mkdir -p "$1" &&
	cat >"$1/self.site.yml" <<-YML
	prod:
	  role: production
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_db_PORT, name: shop, user: sync, password-env: PW }
	default:
	  role: local
	  db: { driver: mysql, host: 127.0.0.1, port: $MY_db_PORT, name: copy, user: sync, password-env: PW }
	${2:-}
	YML
}

test_expect_success 'one server with a source and a target database' '
	start_mariadb db &&
	my_sql db "CREATE DATABASE shop; CREATE DATABASE copy;
		CREATE USER sync@127.0.0.1 IDENTIFIED BY \"pw\"; GRANT ALL ON *.* TO sync@127.0.0.1;
		USE shop;
		CREATE TABLE cache_render (cid INT PRIMARY KEY, data TEXT);
		CREATE TABLE cache_page (cid INT PRIMARY KEY, data TEXT);
		CREATE TABLE watchdog (wid INT PRIMARY KEY, msg TEXT);
		CREATE TABLE node (nid INT PRIMARY KEY, title TEXT);
		INSERT INTO cache_render VALUES (1, \"r\"); INSERT INTO cache_page VALUES (1, \"p\");
		INSERT INTO watchdog VALUES (1, \"w\"), (2, \"w\"); INSERT INTO node VALUES (1, \"n\")" &&
	export PW=pw
'

test_expect_success '--structure-tables-key reads sql.structure-tables of sitesync.yml' '
	aliases a &&
	cat >a/sitesync.yml <<-YML &&
	sql:
	  structure-tables:
	    common: [cache_*]
	  skip-tables:
	    common: [watchdog]
	YML
	sitesync --alias-path=a sql-sync @prod default -y --structure-tables-key=common &&
	test "$(rows db copy cache_render)" = 0 &&
	test "$(rows db copy cache_page)" = 0 &&
	test "$(rows db copy watchdog)" = 2 &&
	test "$(rows db copy node)" = 1
'

test_expect_success 'both keys at once: skipped tables are not copied' '
	my_sql db "DROP DATABASE copy; CREATE DATABASE copy" &&
	sitesync --alias-path=a sql-sync @prod default -y --structure-tables-key=common \
		--skip-tables-key=common &&
	test "$(rows db copy cache_render)" = 0 &&
	test "$(rows db copy node)" = 1 &&
	test -z "$(my_sql db "SHOW TABLES FROM copy LIKE \"watchdog\"")"
'

test_expect_success 'a default key in sitesync.yml command.sql.sync.options applies without options' '
	aliases b &&
	cat >b/sitesync.yml <<-YML &&
	command:
	  sql:
	    sync:
	      options:
	        structure-tables-key: common
	sql:
	  structure-tables:
	    common: [watchdog, "cache_*"]
	YML
	sitesync --alias-path=b sql-sync @prod default -y &&
	test "$(rows db copy watchdog)" = 0 &&
	test "$(rows db copy cache_page)" = 0 &&
	test "$(rows db copy node)" = 1
'

test_expect_success 'the alias own command.sql.sync.options names and holds lists' '
	aliases c "  command: {sql: {sync: {options: {structure-tables-key: mine, structure-tables: {mine: [node]}}}}}" &&
	sitesync --alias-path=c sql-sync @prod default -y &&
	test "$(rows db copy node)" = 0 &&
	test "$(rows db copy watchdog)" = 2 &&
	test "$(rows db copy cache_page)" = 1
'

test_expect_success 'an explicit --structure-tables-list wins over keys' '
	sitesync --alias-path=b sql-sync @prod default -y --structure-tables-list=node &&
	test "$(rows db copy node)" = 0 &&
	test "$(rows db copy watchdog)" = 2
'

test_expect_success 'an unknown --structure-tables-key is a usage error naming the key and file' '
	my_sql db "CHECKSUM TABLE copy.node, copy.watchdog" >before &&
	test_must_fail --status=2 sitesync --alias-path=a sql-sync @prod default -y \
		--structure-tables-key=nope 2>err &&
	test_grep "no structure-tables list named .nope." err &&
	test_grep "a/sitesync.yml" err &&
	test_line_count = 1 err &&
	my_sql db "CHECKSUM TABLE copy.node, copy.watchdog" >after &&
	test_cmp before after
'

test_expect_success 'without any sitesync.yml the error says where it looked' '
	aliases d &&
	test_must_fail --status=2 sitesync --alias-path=d sql-sync @prod default -y \
		--skip-tables-key=common 2>err &&
	test_grep "no skip-tables list named .common." err &&
	test_grep "no .*d/sitesync.yml" err
'

test_expect_success 'an unknown key named in the settings fails (exit 1)' '
	aliases e &&
	printf "command: {sql: {sync: {options: {structure-tables-key: gone}}}}\n" >e/sitesync.yml &&
	test_must_fail --status=1 sitesync --alias-path=e sql-sync @prod default -y 2>err &&
	test_grep "no structure-tables list named .gone." err
'

test_expect_success 'a broken sitesync.yml is reported with its position' '
	aliases f &&
	printf "sql:\n  structure-tables: [unclosed\n" >f/sitesync.yml &&
	test_must_fail --status=1 sitesync --alias-path=f sql-sync @prod default -y 2>err &&
	test_grep "f/sitesync.yml:[0-9]*:[0-9]*" err
'

test_done

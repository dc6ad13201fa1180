#!/bin/bash
# sql-sync over an SSH tunnel compresses the link by default (zlib in the
# SSH session): the bytes that cross it, which the summary reports, are a
# fraction of those of --compress=none for the same rows; --incremental
# through the tunnel moves a fraction of what a full sync moves; a bad
# --compress is a usage error.
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"
unset SSH_AUTH_SOCK SSH_AGENT_PID

command -v /usr/sbin/sshd >/dev/null || test_skip_all "sshd is not installed"
command -v mariadbd >/dev/null || test_skip_all "mariadbd is not installed"
command -v python3 >/dev/null || test_skip_all "python3 is not installed"

json_get() { python3 -c "import json, sys; s = json.load(open(sys.argv[1])); print($2)" "$1"; }
site() { sitesync --alias-path=aliases "$@"; }

test_expect_success 'a remote MariaDB behind sshd, a local one, compressible rows' '
	start_sshd prod &&
	start_mariadb prod &&
	start_mariadb local &&
	my_sql prod "CREATE DATABASE shop; USE shop;
		CREATE TABLE pages (id int PRIMARY KEY, title varchar(200), body text) ENGINE=InnoDB;
		INSERT INTO pages SELECT seq, CONCAT(\"Page \", seq),
			REPEAT(CONCAT(\"lorem ipsum dolor sit amet \", seq % 100, \" \"), 60) FROM seq_1_to_3000" &&
	my_sql local "CREATE DATABASE shop" &&
	mkdir -p aliases "$HOME/.ssh" &&
	chmod 700 aliases "$HOME/.ssh" &&
	printf "Host prodhost\n    HostName 127.0.0.1\n" >"$HOME/.ssh/config" &&
	cat >aliases/self.site.yml <<-YML
	prod:
	  host: prodhost
	  user: $(id -un)
	  role: staging
	  ssh:
	    options: "-p $SSH_prod_PORT -i $SSH_prod_KEY -o UserKnownHostsFile=$SSH_prod_KNOWN_HOSTS"
	  db: { driver: mysql, socket: $MY_prod_SOCK, name: shop, user: root }
	default:
	  role: local
	  db: { driver: mysql, socket: $MY_local_SOCK, name: shop, user: root }
	YML
'

test_expect_success 'a bad --compress is a usage error' '
	test_must_fail --status=2 site sql-sync @prod default -y --compress=max 2>err &&
	test_grep "compress must be none, fast or best" err
'

test_expect_success 'by default the tunnel compresses: a fraction of the bytes of --compress=none' '
	site sql-sync @prod default -y --compress=none --format=json >plain &&
	test "$(json_get plain "s[\"compress\"]")" = none &&
	site sql-sync @prod default -y --format=json >packed &&
	test "$(json_get packed "s[\"compress\"]")" = auto &&
	checksums prod shop >expect &&
	checksums local shop >actual &&
	test_cmp expect actual &&
	plain_in=$(json_get plain "s[\"link_bytes_in\"]") &&
	packed_in=$(json_get packed "s[\"link_bytes_in\"]") &&
	rows_bytes=$(json_get plain "s[\"bytes\"]") &&
	say "link bytes in: $plain_in uncompressed, $packed_in compressed, rows $rows_bytes" &&
	test "$plain_in" -gt "$rows_bytes" &&
	test $((packed_in * 4)) -lt "$plain_in"
'

test_expect_success '--compress=best and the summary line name what crossed the link' '
	site sql-sync @prod default -y --compress=best -v >out 2>&1 &&
	test_grep "over ssh .* in, .* out (compress: best)" out &&
	checksums local shop >actual &&
	test_cmp expect actual
'

test_expect_success '--incremental through the tunnel moves a fraction of a full sync' '
	my_sql prod "UPDATE shop.pages SET title = CONCAT(title, \" (edited)\") WHERE id % 300 = 0" &&
	site sql-sync @prod default -y --incremental --compress=none --format=json >inc &&
	checksums prod shop >expect &&
	checksums local shop >actual &&
	test_cmp expect actual &&
	inc_in=$(json_get inc "s[\"link_bytes_in\"]") &&
	say "link bytes in: $inc_in incremental, $plain_in full" &&
	test $((inc_in * 10)) -lt "$plain_in"
'

test_done

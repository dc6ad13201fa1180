#!/bin/bash
# The web page of sitesync serve in a real browser (headless Chromium driven
# by chromedriver + python3-selenium, tests/lib/serve-browser.py): token
# once, site and Database tab, only downward directions offered, the
# confirmation, a prod -> dev job followed to its end and in the history.
# The screenshot is left at tests/serve-browser.png in the build directory.
# Also: the page's files come with a strict Content-Security-Policy.  The
# browser's profile is a short directory in /tmp: Chromium's singleton
# socket lives there and must fit a socket path (deep trees: make distcheck).
. "$abs_top_srcdir/tests/lib/test-lib.sh"
. "$abs_top_srcdir/tests/lib/servers.sh"
. "$abs_top_srcdir/tests/lib/sync-mysql.sh"
. "$abs_top_srcdir/tests/lib/serve.sh"

command -v mariadbd >/dev/null || test_skip_all "mariadbd not installed"
command -v curl >/dev/null || test_skip_all "curl needed"
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] &&
	/usr/bin/python3 -c "import selenium" 2>/dev/null && test_set_prereq BROWSER

SHOT="$abs_top_builddir/tests/serve-browser.png"

test_expect_success 'MariaDB with prod, stage, dev and loc; serve' '
	start_mariadb db &&
	my_sql db "CREATE USER db@127.0.0.1 IDENTIFIED BY \"Web-db-secret-99\"; GRANT ALL ON *.* TO db@127.0.0.1;
		CREATE DATABASE prod; USE prod; CREATE TABLE node (nid INT PRIMARY KEY, title VARCHAR(80));
		INSERT INTO node SELECT seq, CONCAT(\"node \", seq) FROM seq_1_to_2000;
		CREATE DATABASE stage; CREATE DATABASE dev; CREATE DATABASE loc" &&
	mkdir -p aliases &&
	{
		my_alias prod production db prod db SHOP_PW && my_alias stage staging db stage db SHOP_PW &&
		my_alias dev development db dev db SHOP_PW && my_alias loc local db loc db SHOP_PW
	} >aliases/shop.site.yml &&
	chmod -R go-w aliases &&
	export SHOP_PW=Web-db-secret-99 &&
	new_token web --sites=shop && TOKEN=$TOKEN_web &&
	serve_start
'

test_expect_success 'the page and its files, with a strict Content-Security-Policy' '
	for f in / /app.js /style.css; do
		test "$(api -t "" GET $f)" = 200 || return 1
	done &&
	test_grep -i "^Content-Security-Policy: default-src .self.;" headers &&
	test "$(api -t "" GET /index.html)" = 200 && test_grep "<title>sitesync</title>" body &&
	test "$(api -t "" GET /../etc/passwd)" = 404 &&
	test "$(api -t "" GET /nosuch.js)" = 404 &&
	! grep -q "https\?://" "$abs_top_srcdir/share/sitesync/web/index.html" &&
	! grep -q "<script>\|style=" "$abs_top_srcdir/share/sitesync/web/index.html"
'

test_expect_success BROWSER 'headless Chromium: token, prod -> dev confirmed, completed, in the history' '
	rm -f "$SHOT" &&
	profile=$(mktemp -d /tmp/ssweb.XXXXXX) &&
	test_at_exit "rm -rf $profile" &&
	TMPDIR=$profile /usr/bin/python3 "$abs_top_srcdir/tests/lib/serve-browser.py" "$SERVE_URL/" \
		"$TOKEN" "$SHOT" "$profile/profile" >browser.out 2>&1 ||
		{ cat browser.out; false; } &&
	cat browser.out &&
	test -s "$SHOT" &&
	test "$(my_sql db "SELECT COUNT(*) FROM dev.node")" = 2000
'

test_expect_success 'serve stops' '
	serve_stop TERM
'

test_done

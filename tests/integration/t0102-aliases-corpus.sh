#!/bin/bash
# Alias files as teams and hosting platforms write them (tests/aliases-corpus):
# every value drush resolves, checked field by field in sa's JSON; broken
# files beside good ones; Drush 8 files; transports sitesync does not speak;
# paths an alias declares outside its root.  No servers.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

python3 -c "import yaml" 2>/dev/null || test_skip_all "python3 with yaml is not installed"
command -v rsync >/dev/null && test_set_prereq RSYNC
export SITESYNC_PLUGIN_PATH="$abs_top_builddir/plugins/.libs:$abs_top_builddir/plugins/example/.libs"
export SS_CORPUS_USER=corpus-user SS_CORPUS_HOST=bastion
C="$TRASH/corpus"

test_expect_success 'copy the corpus (alias files must not be group-writable)' '
	cp -R "$abs_top_srcdir/tests/aliases-corpus" "$C" &&
	chmod -R go-w "$C" &&
	test $(find "$C" -name "*.site.yml" | wc -l) -ge 40
'

test_expect_success 'every alias resolves as drush resolves it (sa --format=json, sa @x)' '
	{ python3 "$abs_top_srcdir/tests/lib/alias-corpus.py" "$SITESYNC_BIN" "$C/sites" >out; rc=$?; } &&
	cat out &&
	test $rc = 0 &&
	test_grep " 0 failures$" out
'

test_expect_success 'one broken file beside good ones: every format and command works' '
	mkdir -p mixed &&
	cp "$C/sites/broken-syntax.site.yml" "$C/sites/remote.site.yml" "$C/sites/wild.site.yml" mixed/ &&
	bad=0 &&
	for fmt in yaml json list; do
		sitesync --alias-path=mixed --format=$fmt sa >out.$fmt 2>err.$fmt &&
		test_line_count = 1 err.$fmt &&
		test_grep "^sitesync: warning: skipped: $TRASH/mixed/broken-syntax.site.yml:9:7: " err.$fmt ||
		bad=1
	done &&
	test $bad = 0 &&
	test_grep "^@remote.live$" out.list &&
	test_grep "^@wild.dev$" out.list &&
	test_grep "^.@remote.live.:$" out.yaml &&
	python3 -c "import json; d = json.load(open(\"out.json\")); assert \"@wild.dev\" in d" &&
	sitesync --alias-path=mixed hello @remote.live >out 2>err &&
	test_grep "^@remote.live is a production site on server.domain.com$" out &&
	test_must_fail --status=1 sitesync --alias-path=mixed sa @broken-syntax.prod 2>err &&
	test_grep "broken-syntax.site.yml:9:7: did not find expected" err &&
	test_must_fail --status=2 sitesync --alias-path=mixed sa @remote.nope 2>err &&
	test_grep "not found in $TRASH/mixed/remote.site.yml" err
'

test_expect_success 'a broken self.site.yml is skipped for @site, and fails @env' '
	mkdir -p brokenself &&
	printf "prod: [\n" >brokenself/self.site.yml &&
	cp "$C/sites/studio.site.yml" brokenself/ &&
	sitesync --alias-path=brokenself hello @studio >out 2>err &&
	test_grep "^@studio.dev is a development site on this machine$" out &&
	test_line_count = 1 err &&
	test_grep "^sitesync: warning: skipped: .*brokenself/self.site.yml:2:1: " err &&
	test_must_fail --status=1 sitesync --alias-path=brokenself hello @prod 2>err &&
	test_grep "self.site.yml:2:1: " err
'

test_expect_success 'a failed lookup names the Drush 8 files on the path, once' '
	test_must_fail --status=2 sitesync --alias-path="$C/legacy" sa @mysite.live 2>err &&
	test_grep -c "mysite.aliases.drushrc.php is a Drush 8 alias file" err >count &&
	echo 1 >expect && test_cmp expect count &&
	test_grep "legacy/aliases.drushrc.php is a Drush 8 alias file, which sitesync does not read: convert it to \*.site.yml (.drush site:alias-convert. of Drush 9 to 11, or by hand)$" err &&
	test_grep "^sitesync: error: alias .@mysite.live. not found" err &&
	test_line_count = 3 err &&
	sitesync --alias-path="$C/legacy" sa --format=list >out 2>err &&
	test_grep "^@current.prod$" out &&
	test_line_count = 0 err &&
	sitesync --alias-path="$C/legacy" hello @current.prod 2>err &&
	test_line_count = 0 err
'

test_expect_success 'aliases for transports sitesync does not speak, with databases' '
	mkdir -p tr &&
	cat >tr/box.site.yml <<-EOF &&
	local:
	  docker:
	    service: php
	  root: $TRASH/box/web
	  db:
	    driver: mysql
	    socket: $TRASH/no-such.sock
	    name: box
	k8s:
	  kubectl:
	    namespace: shop
	    resource: deploy/php
	  root: /app/web
	  role: development
	  db:
	    driver: pgsql
	    name: shop
	EOF
	cat >tr/self.site.yml <<-EOF
	default:
	  root: $TRASH/here/web
	  db:
	    driver: mysql
	    socket: $TRASH/no-such.sock
	    name: here
	EOF
'

test_expect_success 'sa and status say which transport; status does not connect (exit 3)' '
	sitesync --alias-path=tr sa @box.local >out &&
	test_grep "^  # transport: docker (sitesync does not speak it yet" out &&
	sitesync --alias-path=tr --format=json sa @box.k8s >out.json &&
	python3 -c "import json; a = json.load(open(\"out.json\"))[\"@box.k8s\"]; assert a[\"transport\"] == \"kubectl\" and a[\"remote\"] is False" &&
	test_must_fail --status=3 sitesync --alias-path=tr status @box.local >out 2>err &&
	test_grep "^host: *reached with docker (sitesync does not speak it yet)$" out &&
	test_grep "^database: *not checked (reached with docker)$" out &&
	test_grep "^sitesync: error: alias .@box.local. is reached with docker ($TRASH/tr/box.site.yml:1), which sitesync does not speak yet; refusing to act on this machine instead$" err &&
	test_must_fail --status=3 sitesync --alias-path=tr --format=json status @box.k8s >out.json 2>err &&
	python3 -c "import json; a = json.load(open(\"out.json\")); assert a[\"transport\"] == \"kubectl\" and a[\"remote\"] is False"
'

test_expect_success 'commands that need the transport refuse it (exit 3), never acting here' '
	test_must_fail --status=3 sitesync --alias-path=tr -y sql-drop @box.local 2>err &&
	test_grep "alias .@box.local. is reached with docker" err &&
	test_must_fail --status=3 sitesync --alias-path=tr -y sql-sync @box.local default 2>err &&
	test_grep "alias .@box.local. is reached with docker" err &&
	test_must_fail --status=3 sitesync --alias-path=tr -y sql-sync @box.k8s @box.local 2>err &&
	test_grep "alias .@box.k8s. is reached with kubectl" err &&
	test_must_fail --status=3 sitesync --alias-path=tr -y rsync @box.k8s:%files default:%files 2>err &&
	test_grep "alias .@box.k8s. is reached with kubectl" err &&
	test_must_fail --status=3 sitesync --alias-path=tr -y schema-diff @box.k8s @box.k8s 2>err &&
	test_grep "alias .@box.k8s. is reached with kubectl" err &&
	! test -e "$TRASH/here/web"
'

test_expect_success RSYNC 'rsync into a path the alias declares outside its root' '
	mkdir -p decl "$TRASH/stage/web/sites/default/files" "$TRASH/dev/web" "$TRASH/mnt" &&
	echo one >"$TRASH/stage/web/sites/default/files/a.txt" &&
	cat >decl/site.site.yml <<-EOF &&
	stage:
	  root: $TRASH/stage/web
	dev:
	  root: $TRASH/dev/web
	  paths:
	    files: $TRASH/mnt/site/files
	    private: ../private
	    drush-script: $TRASH/bin/drush
	EOF
	sitesync --alias-path=decl -y rsync @site.stage:%files @site.dev:%files &&
	test_cmp "$TRASH/stage/web/sites/default/files/a.txt" "$TRASH/mnt/site/files/a.txt" &&
	sitesync --alias-path=decl -y rsync @site.stage:%files @site.dev:%private/copy &&
	test -e "$TRASH/dev/private/copy/a.txt" &&
	test_must_fail --status=3 sitesync --alias-path=decl -y rsync @site.stage:%files @site.dev:$TRASH/mnt/elsewhere 2>err &&
	test_grep "outside the alias.s root .$TRASH/dev/web. and the paths it declares" err &&
	test_must_fail --status=3 sitesync --alias-path=decl -y rsync @site.stage:%files @site.dev:%files/../../x 2>err &&
	test_must_fail --status=3 sitesync --alias-path=decl -y rsync @site.stage:%files @site.dev:$TRASH/bin/drush 2>err &&
	! test -e "$TRASH/mnt/elsewhere" && ! test -e "$TRASH/mnt/x"
'

test_done

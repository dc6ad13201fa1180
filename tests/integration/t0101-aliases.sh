#!/bin/bash
# Site aliases through the real host: `sitesync sa` and the example `hello` plugin.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

export SITESYNC_PLUGIN_PATH="$SITESYNC_PLUGIN_PATH:$abs_top_builddir/plugins/example/.libs"
A="$TRASH/aliases"
mkdir -p "$A" "$TRASH/examples"
cp "$abs_top_srcdir/aliases/example.site.yml" "$abs_top_srcdir/aliases/pgexample.site.yml" \
	"$TRASH/examples/"
chmod 644 "$TRASH/examples/"*.yml

# write_alias NAME: the alias file $A/NAME.site.yml from stdin, mode 644
write_alias() { cat >"$A/$1.site.yml" && chmod 644 "$A/$1.site.yml"; }

test_expect_success 'the example alias files load' '
	sitesync --alias-path="$TRASH/examples" sa --format=list >out &&
	printf "%s\n" @example.dev @example.prod @example.staging @pgexample.prod \
		@pgexample.staging default >expect &&
	test_cmp expect out
'

test_expect_success 'sa prints one alias as yaml with role and file:line' '
	sitesync --alias-path="$TRASH/examples" sa @example.prod >out &&
	test_grep "^.@example.prod.:$" out &&
	test_grep "^  # $TRASH/examples/example.site.yml:6$" out &&
	test_grep "^  role: production$" out &&
	test_grep "^    password-env: EXAMPLE_PROD_DB_PASSWORD$" out &&
	test_grep "^          structure-tables-key: common$" out
'

test_expect_success 'sa (alias site-alias) prints them all; the alias works too' '
	sitesync --alias-path="$TRASH/examples" site-alias >all &&
	test_grep "^.@pgexample.staging.:$" all &&
	test_grep "^  role: staging  # inferred from the name$" all &&
	test_grep "^default:$" all
'

test_expect_success 'sa --format=json is valid JSON keyed by name' '
	sitesync --alias-path="$TRASH/examples" --format=json sa >out.json &&
	python3 -m json.tool out.json >/dev/null &&
	python3 -c "import json,sys; d=json.load(open(\"out.json\")); \
assert d[\"@example.prod\"][\"db\"][\"driver\"] == \"mysql\"; \
assert d[\"@pgexample.prod\"][\"db\"][\"port\"] == 5432; \
assert d[\"@example.prod\"][\"role\"] == \"production\"; \
assert d[\"default\"][\"db\"] is None"
'

test_expect_success 'sa --format=json stays valid for deeply nested drush keys' '
	mkdir -p deep && {
		printf "prod:\n  command:\n"
		i=0; ind="    "
		while [ $i -lt 40 ]; do printf "%sk%d:\n" "$ind" $i; ind="$ind  "; i=$((i + 1)); done
		printf "%sleaf: v\n" "$ind"
	} >deep/deep.site.yml &&
	sitesync --alias-path=deep --format=json sa @deep.prod >out.json &&
	python3 -m json.tool out.json >/dev/null &&
	sitesync --alias-path=deep sa @deep.prod >out.yml &&
	test_grep "leaf: v" out.yml
'

test_expect_success 'sa yaml reads back as what sa json says' '
	mkdir -p tricky &&
	cat >tricky/t.site.yml <<-\EOF &&
	prod:
	  host: "yes"
	  user: "it'\''s"
	  root: "/a: b #c"
	  uri: "0123"
	  paths:
	    files: " lead"
	    private: "~"
	    tmp: "@at"
	    multi: "line\none\ttab"
	    dot: ".5"
	  env-vars:
	    A: "- dash"
	    B: "*star"
	    C: "null"
	    D: "1:20"
	  hooks:
	    post-sql-sync: ["drush cr", "echo \"quoted\" & more"]
	  command:
	    sql:
	      sync:
	        options: {structure-tables-key: common, flag: "true", list: [a, "b: c"]}
	EOF
	sitesync --alias-path=tricky sa @t.prod >out.yml &&
	sitesync --alias-path=tricky --format=json sa @t.prod >out.json &&
	python3 -c "
import json, yaml
y = yaml.safe_load(open(\"out.yml\"))[\"@t.prod\"]
j = json.load(open(\"out.json\"))[\"@t.prod\"]
for k in (\"host\", \"user\", \"root\", \"uri\", \"paths\", \"env-vars\", \"hooks\", \"command\"):
    assert y[k] == j[k], (k, y[k], j[k])
assert y[\"paths\"][\"multi\"] == \"line\\none\\ttab\"
assert y[\"user\"] == \"it\x27s\"
"
'

test_expect_success 'a missing --alias-path dir is a usage error (exit 2)' '
	test_must_fail --status=2 sitesync --alias-path=/nonexistent sa 2>err &&
	echo "sitesync: error: alias path '\''/nonexistent'\'' does not exist" >expect &&
	test_cmp expect err
'

test_expect_success 'a missing $SITESYNC_ALIAS_PATH dir is a usage error too' '
	SITESYNC_ALIAS_PATH=/nowhere/aliases test_must_fail --status=2 sitesync sa 2>err &&
	test_grep "alias path .\/nowhere\/aliases. does not exist" err
'

test_expect_success 'a YAML syntax error names file:line:col (exit 1)' '
	mkdir -p syntax && printf "prod:\n  host: [web1\n  user: x\n" >syntax/bad.site.yml &&
	test_must_fail --status=1 sitesync --alias-path=syntax sa @bad.prod 2>err &&
	echo "sitesync: error: $TRASH/syntax/bad.site.yml:3:7: did not find expected '\'','\'' or '\'']'\'' (while parsing a flow sequence)" >expect &&
	test_cmp expect err
'

test_expect_success 'a tab-indented file says tabs are not allowed' '
	mkdir -p tabs && printf "prod:\n\thost: web1\n" >tabs/tab.site.yml &&
	test_must_fail --status=1 sitesync --alias-path=tabs sa @tab.prod 2>err &&
	test_grep "tab.site.yml:2:1: found character that cannot start any token .*; tabs are not allowed for indentation$" err &&
	test_line_count = 1 err
'

test_expect_success 'a wrong value names file:line:col and the key' '
	mkdir -p role && printf "prod:\n  db:\n    driver: mysql\n  role: prodution\n" >role/r.site.yml &&
	test_must_fail --status=1 sitesync --alias-path=role sa @r.prod 2>err &&
	test_grep "r.site.yml:4:9: unknown role .prodution. (use production, staging, development or local)$" err &&
	printf "prod:\n  db:\n    driver: mysql\n    port: abc\n" >role/p.site.yml &&
	test_must_fail --status=1 sitesync --alias-path=role sa @p.prod 2>err &&
	test_grep "p.site.yml:4:11: db port .abc. is not a number from 1 to 65535$" err
'

test_expect_success 'a plain-text db password is refused' '
	mkdir -p pw && printf "prod:\n  db:\n    driver: mysql\n    password: hunter2\n" >pw/p.site.yml &&
	test_must_fail --status=1 sitesync --alias-path=pw sa @p.prod 2>err &&
	test_grep "p.site.yml:4:5: a password in an alias file is not allowed: use db.password-env" err &&
	! grep hunter2 err
'

test_expect_success 'an alias with no db resolves (has_db 0)' '
	write_alias nodb <<-\EOF &&
	prod:
	  host: web1.example.com
	  root: /var/www
	EOF
	sitesync --alias-path="$A" sa @nodb.prod >out &&
	test_grep "^  host: web1.example.com$" out &&
	! grep "^  db:" out &&
	sitesync --alias-path="$A" hello @nodb.prod >out &&
	test_grep "^@nodb.prod is a production site on web1.example.com$" out &&
	sitesync --alias-path="$A" --format=json sa @nodb.prod >out.json &&
	python3 -c "import json; assert json.load(open(\"out.json\"))[\"@nodb.prod\"][\"db\"] is None"
'

test_expect_success '${env.VAR} is interpolated; an unset one is an error' '
	write_alias interp <<-\EOF &&
	prod:
	  host: ${env.SS_T0101_HOST}.example.com
	  root: /srv/$${env.literal}
	EOF
	SS_T0101_HOST=web7 sitesync --alias-path="$A" sa @interp.prod >out &&
	test_grep "^  host: web7.example.com$" out &&
	test_grep "^  root: ./srv/\${env.literal}.$" out &&
	test_must_fail --status=1 sitesync --alias-path="$A" sa @interp.prod 2>err &&
	echo "sitesync: error: $A/interp.site.yml:2:9: environment variable '\''SS_T0101_HOST'\'' is not set (in \${env.SS_T0101_HOST})" >expect &&
	test_cmp expect err &&
	rm "$A/interp.site.yml"
'

test_expect_success 'an unknown @alias names the closest ones (exit 2)' '
	write_alias self <<-\EOF &&
	prod:
	  host: web1.example.com
	staging:
	  host: staging.example.com
	EOF
	test_must_fail --status=2 sitesync --alias-path="$A" sa @prd 2>err &&
	echo "sitesync: error: alias '\''@prd'\'' not found; did you mean '\''@prod'\''?" >expect &&
	test_cmp expect err &&
	test_must_fail --status=2 sitesync --alias-path="$A" hello @stagign 2>err &&
	test_grep "alias .@stagign. not found; did you mean .@staging.?" err
'

test_expect_success 'an unknown @site.env lists what the site has (exit 2)' '
	cp "$TRASH/examples/example.site.yml" "$A/" &&
	test_must_fail --status=2 sitesync --alias-path="$A" sa @example.nope 2>err &&
	echo "sitesync: error: alias '\''@example.nope'\'' not found in $A/example.site.yml; it has '\''@example.prod'\'', '\''@example.staging'\'', '\''@example.dev'\''" >expect &&
	test_cmp expect err &&
	test_must_fail --status=2 sitesync --alias-path="$A" sa @example.prd 2>err &&
	test_grep "not found in $A/example.site.yml; did you mean .@example.prod.?" err &&
	test_must_fail --status=2 sitesync --alias-path="$A" sa @exmaple.prod 2>err &&
	test_grep "alias .@exmaple.prod. not found; did you mean .@example.prod.?" err
'

test_expect_success '@env comes from self.site.yml' '
	sitesync --alias-path="$A" sa --format=list @prod @self.prod >out &&
	echo @prod >expect &&
	test_cmp expect out
'

test_expect_success 'search path: drush/sites of the nearest parent beats XDG' '
	mkdir -p "$XDG_CONFIG_HOME/sitesync/aliases" proj/drush/sites proj/web/sub &&
	printf "prod:\n  host: from-xdg\n" >"$XDG_CONFIG_HOME/sitesync/aliases/where.site.yml" &&
	printf "prod:\n  host: from-drush\n" >proj/drush/sites/where.site.yml &&
	printf "only:\n  host: only-xdg\n" >"$XDG_CONFIG_HOME/sitesync/aliases/xdg.site.yml" &&
	(cd proj/web/sub && sitesync sa @where.prod) >out &&
	test_grep "^  host: from-drush$" out &&
	sitesync sa @where.prod >out &&
	test_grep "^  host: from-xdg$" out &&
	(cd proj/web/sub && sitesync hello @xdg.only) >out &&
	test_grep "on only-xdg$" out &&
	rm -r "$XDG_CONFIG_HOME/sitesync"
'

test_expect_success 'search path: .sitesync/aliases and --alias-path first' '
	mkdir -p proj/.sitesync/aliases &&
	printf "prod:\n  host: from-dot-sitesync\n" >proj/.sitesync/aliases/dot.site.yml &&
	(cd proj/web && sitesync sa @dot.prod) >out &&
	test_grep "^  host: from-dot-sitesync$" out &&
	mkdir -p first && printf "prod:\n  host: from-option\n" >first/where.site.yml &&
	(cd proj/web/sub && sitesync --alias-path="$TRASH/first" sa @where.prod) >out &&
	test_grep "^  host: from-option$" out
'

test_expect_success 'lazy: a broken unrelated file does not break a resolution' '
	mkdir -p lazy &&
	printf "prod:\n  host: good.example.com\n" >lazy/good.site.yml &&
	printf "prod: [\n" >lazy/broken.site.yml &&
	printf "prod:\n\thost: x\n" >lazy/self.site.yml &&
	sitesync --alias-path=lazy sa @good.prod >out &&
	test_grep "^  host: good.example.com$" out &&
	sitesync --alias-path=lazy hello @good.prod >out &&
	test_grep "on good.example.com$" out
'

test_expect_success 'sa without names skips a broken file with a warning' '
	sitesync --alias-path=lazy sa >out 2>err &&
	test_grep "^.@good.prod.:$" out &&
	test_grep "^sitesync: warning: skipped: .*lazy/broken.site.yml:2:1: " err &&
	test_must_fail --status=1 sitesync --alias-path=lazy sa @broken.prod 2>err &&
	test_grep "lazy/broken.site.yml:2:1: " err
'

test_expect_success 'sa --format=list skips broken files with a warning' '
	sitesync --alias-path=lazy sa --format=list >out 2>err &&
	printf "%s\n" @good.prod default >expect &&
	test_cmp expect out &&
	test_grep "^sitesync: warning: skipped: .*lazy/broken.site.yml:2:1: " err &&
	test_grep "^sitesync: warning: skipped: .*lazy/self.site.yml:2:1: .*tabs are not allowed" err
'

test_expect_success 'a group-writable alias file is refused (exit 3)' '
	mkdir -p unsafe && printf "prod:\n  host: x\n" >unsafe/w.site.yml &&
	chmod 664 unsafe/w.site.yml &&
	test_must_fail --status=3 sitesync --alias-path=unsafe sa @w.prod 2>err &&
	test_grep "alias file .$TRASH/unsafe/w.site.yml. is writable by group or others; refusing it" err &&
	chmod 644 unsafe/w.site.yml && chmod 775 unsafe &&
	test_must_fail --status=3 sitesync --alias-path=unsafe sa @w.prod 2>err &&
	test_grep "alias directory .$TRASH/unsafe. is writable by group or others" err &&
	chmod 755 unsafe && sitesync --alias-path=unsafe sa @w.prod
'

test_expect_success 'default comes from .env and the environment' '
	mkdir -p envproj/web &&
	printf "DB_HOST=db.local\nDB_DATABASE=app\nDB_USERNAME=app\nDB_PASSWORD=\"dotenv-Secret-42\"\n" >envproj/.env &&
	(cd envproj/web && sitesync sa default) >out &&
	test_grep "^default:$" out &&
	test_grep "^  # $TRASH/envproj/.env:1$" out &&
	test_grep "^  root: $TRASH/envproj$" out &&
	test_grep "^    host: db.local$" out &&
	(cd envproj/web && DB_HOST=from-env sitesync sa @self) >out &&
	test_grep "^    host: from-env$" out
'

test_expect_success 'a password is never printed' '
	mkdir -p secret &&
	cat >secret/secret.site.yml <<-\EOF &&
	prod:
	  db:
	    url: mysql://u:url-Secret-17@db.example.com/app
	staging:
	  db:
	    driver: pgsql
	    password-env: SS_T0101_PW
	EOF
	export SS_T0101_PW=env-Secret-99 &&
	cd envproj/web &&
	sitesync --alias-path="$TRASH/secret" sa >../../all.out 2>&1 &&
	sitesync --alias-path="$TRASH/secret" --format=json sa >>../../all.out 2>&1 &&
	sitesync --alias-path="$TRASH/secret" --format=list sa >>../../all.out 2>&1 &&
	sitesync --alias-path="$TRASH/secret" sa @secret.prod default >>../../all.out 2>&1 &&
	sitesync --alias-path="$TRASH/secret" --format=json sa @secret.prod @secret.staging default >>../../all.out 2>&1 &&
	cd "$TRASH" &&
	test_grep "url: .mysql://u:\*\*\*@db.example.com/app.$" all.out &&
	test_grep "\"url\": \"mysql://u:\*\*\*@db.example.com/app\"" all.out &&
	test_grep "password-env: SS_T0101_PW" all.out &&
	test_grep "# password: from the environment (not shown)" all.out &&
	! grep -e url-Secret-17 -e env-Secret-99 -e dotenv-Secret-42 all.out
'

test_done

#!/bin/bash
# The host: global options, help, unknown commands, exit codes.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

test_expect_success '--version names the version and the ABI' '
	sitesync --version >out &&
	test_grep "^sitesync [0-9.]* (plugin ABI [0-9]*)$" out
'

test_expect_success 'no command is a usage error (exit 2)' '
	test_must_fail --status=2 sitesync 2>err &&
	test_grep "no command given" err
'

test_expect_success 'help lists the loaded commands' '
	sitesync help >out &&
	test_grep "^  help " out
'

test_expect_success 'unknown command names the closest ones (exit 2)' '
	test_must_fail --status=2 sitesync hlep 2>err &&
	test_grep "unknown command .hlep.; did you mean .help.?" err
'

test_expect_success 'unknown global option is a usage error' '
	test_must_fail --status=2 sitesync --bogus help 2>err &&
	test_grep "unknown option .--bogus." err
'

test_expect_success 'bad --format is a usage error' '
	test_must_fail --status=2 sitesync --format=xml help 2>err &&
	test_grep "unknown format .xml." err
'

test_expect_success 'errors can be JSON' '
	test_must_fail --status=2 sitesync --format=json nosuchcommand 2>err &&
	test_grep "^{\"error\":\"unknown command .nosuchcommand.*\",\"status\":2}$" err
'

test_expect_success '--version --format=json: the version and the ABI as an object' '
	sitesync --version --format=json >out &&
	test_grep "^{\"version\":\"[0-9.]*\",\"plugin_abi\":[0-9]*}$" out &&
	sitesync --format=json --version >out2 &&
	test_cmp out out2
'

test_expect_success 'help --format=json: the commands and the global options' '
	sitesync help --format=json >out &&
	python3 - out <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	names = [c["name"] for c in d["commands"]]
	assert names[0] == "help" and "sql-sync" in names and names[1:] == sorted(names[1:]), names
	sa = [c for c in d["commands"] if c["name"] == "site-alias"][0]
	assert sa["aliases"] == ["sa"] and sa["summary"], sa
	g = {o["name"]: o for o in d["global_options"]}
	assert g["yes"]["short"] == "y" and g["yes"]["argument"] is None, g["yes"]
	assert g["format"]["argument"] == "FMT" and g["format"]["short"] is None, g["format"]
	PY
'

test_expect_success 'help COMMAND --format=json: its usage and options' '
	sitesync help sql-sync --format=json >out &&
	python3 - out <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["name"] == "sql-sync" and d["usage"].startswith("SOURCE TARGET"), d
	o = {o["name"]: o for o in d["options"]}
	assert o["jobs"] == {"name": "jobs", "short": "j", "argument": "N",
	                     "help": o["jobs"]["help"]}, o["jobs"]
	assert any(g["name"] == "simulate" for g in d["global_options"])
	PY
'

test_expect_success 'global options go before and after help, as for any command' '
	sitesync help sql-sync >expect &&
	sitesync -q help sql-sync >out1 &&
	sitesync help -q sql-sync >out2 &&
	sitesync help sql-sync --quiet -v >out3 &&
	test_cmp expect out1 && test_cmp expect out2 && test_cmp expect out3 &&
	sitesync --format=json help >a.json &&
	sitesync help --format=json >b.json &&
	test_cmp a.json b.json &&
	sitesync --format=json sql-sync --help >c.json &&
	sitesync --help --format=json sql-sync >d.json &&
	sitesync help sql-sync --format=json >e.json &&
	test_cmp c.json d.json && test_cmp c.json e.json &&
	test_must_fail --status=2 sitesync help --bogus 2>err &&
	test_grep "unknown option .--bogus. for .help." err &&
	test_must_fail --status=2 sitesync help sql-sync rsync 2>err &&
	test_grep "help takes at most one command" err
'

test_done

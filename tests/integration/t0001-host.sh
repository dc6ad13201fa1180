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

test_done

#!/bin/bash
# Every input of tests/fuzz/corpus/NAME (seeds, and the inputs of crashes
# the fuzzers found and that were fixed) through fuzz target NAME, built with
# the ordinary compiler (replay.c): one result per target.
. "$abs_top_srcdir/tests/lib/test-lib.sh"

for name in alias_yaml dotenv dburl ssh_options args mysql_requalify; do
	test_expect_success "$name: every input of tests/fuzz/corpus/$name" "
		ls \"\$abs_top_srcdir/tests/fuzz/corpus/$name\" >inputs &&
		test_line_count -gt 2 inputs &&
		\"\$abs_top_builddir/tests/fuzz/replay_$name\" \
			\"\$abs_top_srcdir/tests/fuzz/corpus/$name\" >out &&
		test_grep '^replayed [0-9]* inputs$' out
	"
done

test_done

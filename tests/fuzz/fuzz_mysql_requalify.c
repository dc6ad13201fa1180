/*
 * fuzz_mysql_requalify.c - a view, trigger or routine definition pointed at
 * another database (lib/mysql/lex.c, requalify.c).  The first byte picks the
 * sql_mode (ANSI_QUOTES, NO_BACKSLASH_ESCAPES); a text that never names the
 * source database must come back unchanged.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lib/mysql/lex.h"
#include "lib/mysql/requalify.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned mode = size ? data[0] & 3u : 0;
	char *text = fuzz_string(size ? data + 1 : data, size ? size - 1 : 0);
	struct ss_buf others = SS_BUF_INIT;
	char *out = ss_my_requalify(text, "shop", "shop_copy", mode, &others);
	char *same = ss_my_requalify(text, "ss-fuzz-absent", "x", mode, NULL);

	if (!strstr(text, "ss-fuzz-absent") && strcmp(same, text)) {
		fprintf(stderr, "fuzz_mysql_requalify: text changed without the name in it\n");
		abort();
	}
	free(same);
	free(out);
	ss_buf_release(&others);
	free(text);
	return 0;
}

/* fuzz_ssh_options.c - an alias's ssh.options: shell-like words, then options. */
#include "config.h"

#include <stdlib.h>

#include "lib/ssh/options.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct ss_ssh_opts o;
	struct ss_error err;
	char **words;
	size_t n;

	if (ss_ssh_split_words(text, &words, &n, &err) == 0)
		ss_ssh_words_free(words);
	if (ss_ssh_opts_parse(text, "@fuzz", &o, &err) == 0)
		ss_ssh_opts_release(&o);
	free(text);
	return 0;
}

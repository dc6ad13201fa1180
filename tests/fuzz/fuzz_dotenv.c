/* fuzz_dotenv.c - a .env file: KEY=VALUE lines, quotes, export, comments. */
#include "config.h"

#include <stdlib.h>

#include "lib/alias/internal.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct ss_dotenv env;

	memset(&env, 0, sizeof(env));
	ss_dotenv_parse(text, &env);
	for (size_t i = 0; i < env.n; i++)
		ss_dotenv_get(&env, env.vars[i].key);
	ss_dotenv_get(&env, "SS_FUZZ_NOT_SET");
	ss_dotenv_release(&env);
	free(text);
	return 0;
}

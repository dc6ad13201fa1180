/* suggest.c - closest names for "did you mean" messages. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/core/suggest.h"

unsigned ss_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned row[256];

	if (la > 254 || lb > 254)
		return 255;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned prev = row[0];

		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned cur = row[j];
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned best = prev + cost;

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb] > 255 ? 255 : row[lb];
}

struct scored {
	const char *name;
	unsigned score;
};

static int by_score(const void *x, const void *y)
{
	const struct scored *a = x, *b = y;

	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return strcmp(a->name, b->name);
}

size_t ss_suggest(const char *word, const char *const *candidates, size_t n,
		  size_t max, struct ss_buf *out)
{
	struct scored *s;
	size_t k = 0, added = 0, wlen = strlen(word);

	if (!n)
		return 0;
	s = ss_xcalloc(n, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		unsigned d = ss_edit_distance(word, candidates[i]);
		size_t clen = strlen(candidates[i]);
		/* plausible: within ~40% of the longer name, or a prefix either way */
		size_t longer = wlen > clen ? wlen : clen;
		int prefix = wlen && (!strncmp(word, candidates[i], wlen) ||
				      !strncmp(word, candidates[i], clen));

		if (prefix || d * 5 <= longer * 2 + 2)
			s[k++] = (struct scored){ candidates[i], prefix ? 0 : d };
	}
	qsort(s, k, sizeof(*s), by_score);
	for (size_t i = 0; i < k && added < max; i++)
		if (i == 0 || strcmp(s[i].name, s[i - 1].name))
			s[added++] = s[i];
	for (size_t i = 0; i < added; i++) {
		if (i)
			ss_buf_adds(out, i + 1 == added ? " or " : ", ");
		ss_buf_addf(out, "'%s'", s[i].name);
	}
	free(s);
	return added;
}

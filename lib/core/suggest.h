/* suggest.h - "did you mean" from edit distance (internal). */
#ifndef SS_SUGGEST_H
#define SS_SUGGEST_H

#include <stddef.h>
#include <sitesync/buf.h>

/* Levenshtein distance, capped at 255. */
unsigned ss_edit_distance(const char *a, const char *b);

/*
 * Append to out the candidates closest to word (at most max, best first,
 * only those close enough to be plausible), as "'a', 'b' or 'c'".
 * Returns how many were added.
 */
size_t ss_suggest(const char *word, const char *const *candidates, size_t n,
		  size_t max, struct ss_buf *out);

#endif

/*
 * fuzz.h - what every fuzz target shares: the libFuzzer entry point each
 * defines (run by libFuzzer in `make fuzz-targets` builds, by replay.c in
 * `make check`) and the input as a C string.
 */
#ifndef SS_FUZZ_H
#define SS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sitesync/buf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (it ends at its first NUL); caller frees. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	return ss_xstrndup((const char *)data, size);
}

#endif

/*
 * plugins/serve/crypto.h - what serve needs of cryptography, from GnuTLS:
 * SHA-256 (token hashes), HMAC-SHA256 (webhook signatures), a comparison
 * in constant time, random tokens.
 */
#ifndef SERVE_CRYPTO_H
#define SERVE_CRYPTO_H

#include <stddef.h>

#define SERVE_SHA256_LEN 32
#define SERVE_SHA256_HEX (2 * SERVE_SHA256_LEN + 1)

/* SHA-256 of data into out (32 bytes); -1 when GnuTLS fails. */
int serve_sha256(const void *data, size_t len, unsigned char out[SERVE_SHA256_LEN]);

/* HMAC-SHA256 of data under key, as 64 lowercase hex digits and a NUL. */
int serve_hmac_sha256_hex(const void *key, size_t keylen, const void *data, size_t len,
			  char hex[SERVE_SHA256_HEX]);

/* Lowercase hex of n bytes into out (2n + 1 bytes). */
void serve_hex(const unsigned char *in, size_t n, char *out);

/* 64 hex digits into 32 bytes; -1 when it is not that. */
int serve_unhex32(const char *hex, unsigned char out[SERVE_SHA256_LEN]);

/* Nonzero when a and b (n bytes each) are equal; time depends on n only. */
int serve_equal_ct(const unsigned char *a, const unsigned char *b, size_t n);

/* A new token: "sst_" and 44 base64url characters of 33 random bytes (owned; wipe it). */
char *serve_new_token(void);

#endif

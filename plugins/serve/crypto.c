/* crypto.c - SHA-256, HMAC-SHA256, constant-time comparison and random tokens, on GnuTLS. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <sitesync/alias.h>
#include <sitesync/buf.h>

#include "plugins/serve/crypto.h"

int serve_sha256(const void *data, size_t len, unsigned char out[SERVE_SHA256_LEN])
{
	return gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, out) < 0 ? -1 : 0;
}

void serve_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

int serve_unhex32(const char *hex, unsigned char out[SERVE_SHA256_LEN])
{
	gnutls_datum_t in = { (unsigned char *)hex, (unsigned)strlen(hex) }, bin = { NULL, 0 };
	int rc = -1;

	if (in.size == 2 * SERVE_SHA256_LEN && gnutls_hex_decode2(&in, &bin) == 0 &&
	    bin.size == SERVE_SHA256_LEN) {
		memcpy(out, bin.data, SERVE_SHA256_LEN);
		rc = 0;
	}
	gnutls_free(bin.data);
	return rc;
}

int serve_hmac_sha256_hex(const void *key, size_t keylen, const void *data, size_t len,
			  char hex[SERVE_SHA256_HEX])
{
	unsigned char mac[SERVE_SHA256_LEN];

	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, key, keylen, data, len, mac) < 0)
		return -1;
	serve_hex(mac, sizeof(mac), hex);
	ss_secret_wipe(mac, sizeof(mac));
	return 0;
}

int serve_equal_ct(const unsigned char *a, const unsigned char *b, size_t n)
{
	volatile unsigned char diff = 0;

	for (size_t i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

char *serve_new_token(void)
{
	static const char b64url[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[33];
	char *tok;
	size_t o = 0;

	if (gnutls_rnd(GNUTLS_RND_KEY, raw, sizeof(raw)) < 0)
		return NULL;
	tok = ss_xmalloc(4 + 44 + 1);
	memcpy(tok, "sst_", 4);
	o = 4;
	/* 33 bytes are 44 base64 characters without padding; 32 of them are random enough */
	for (size_t i = 0; i < sizeof(raw); i += 3) {
		unsigned v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];

		tok[o++] = b64url[v >> 18 & 63];
		tok[o++] = b64url[v >> 12 & 63];
		tok[o++] = b64url[v >> 6 & 63];
		tok[o++] = b64url[v & 63];
	}
	tok[o] = '\0';
	ss_secret_wipe(raw, sizeof(raw));
	return tok;
}

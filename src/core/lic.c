/*
 * lic.c — the keyed hash of electronic licences; see lic.h.
 */
#include "lic.h"

#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

/*
 * HMAC-SHA-256 through EVP_MAC, with the algorithm fetched and a context made
 * once per process and keyed again on every call (the one-shot HMAC() of
 * OpenSSL 3 fetches the algorithm on every call, ~20 µs).  A backend runs one
 * call at a time.  The context keeps the key it was last given (its inner
 * and outer padded states): a call with the same key (compared in constant
 * time) only re-initialises it, which saves hashing the two padded key
 * blocks on every licence (one office signs with one key for months).
 */
#define LIC_KEY_CACHE_MAX 256
lic_status
lic_hmac_sha256_hex(const unsigned char *key, size_t keylen,
					const char *msg, size_t msglen, char *out)
{
	static const char hex[] = "0123456789abcdef";
	static EVP_MAC *hmac = NULL;
	static EVP_MAC_CTX *ctx = NULL;
	static unsigned char keyed[LIC_KEY_CACHE_MAX];
	static size_t keyed_len = 0;	/* 0: the context holds no known key */
	unsigned char mac[EVP_MAX_MD_SIZE];
	int			same;
	size_t		maclen = 0;
	size_t		i;
	OSSL_PARAM	params[2];

	out[0] = '\0';
	if (key == NULL || keylen < 16)
		return LIC_BAD_KEY;
	if (hmac == NULL && (hmac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		return LIC_CRYPTO;
	if (ctx == NULL)
	{
		/* the digest is set once: a later init keeps it (no lookup by name per call) */
		if ((ctx = EVP_MAC_CTX_new(hmac)) == NULL)
			return LIC_CRYPTO;
		params[0] = OSSL_PARAM_construct_utf8_string("digest", (char *) "SHA256", 0);
		params[1] = OSSL_PARAM_construct_end();
		if (EVP_MAC_CTX_set_params(ctx, params) != 1)
		{
			EVP_MAC_CTX_free(ctx);
			ctx = NULL;
			return LIC_CRYPTO;
		}
	}
	same = keyed_len == keylen && CRYPTO_memcmp(keyed, key, keylen) == 0;
	keyed_len = 0;
	if ((same ? EVP_MAC_init(ctx, NULL, 0, NULL) : EVP_MAC_init(ctx, key, keylen, NULL)) != 1 ||
		EVP_MAC_update(ctx, (const unsigned char *) msg, msglen) != 1 ||
		EVP_MAC_final(ctx, mac, &maclen, sizeof mac) != 1 ||
		maclen != LIC_HMAC_HEX_LEN / 2)
		return LIC_CRYPTO;
	if (keylen <= LIC_KEY_CACHE_MAX)
	{
		memcpy(keyed, key, keylen);
		keyed_len = keylen;
	}
	for (i = 0; i < maclen; i++)
	{
		out[2 * i] = hex[mac[i] >> 4];
		out[2 * i + 1] = hex[mac[i] & 15];
	}
	out[2 * maclen] = '\0';
	return LIC_OK;
}

static int
lic_day_ok(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int
lic_message(char *out, size_t cap, const char *number, const char *type,
			const char *holder_identifier, int iy, int im, int id,
			int has_until, int uy, int um, int ud)
{
	char		until[16];
	int			n;

	if (strchr(number, '\n') || strchr(type, '\n') || strchr(holder_identifier, '\n')
		|| !lic_day_ok(iy, im, id) || (has_until && !lic_day_ok(uy, um, ud)))
		return -1;
	if (has_until)
		snprintf(until, sizeof until, "%04d-%02d-%02d", uy, um, ud);
	else
		strcpy(until, "-");
	n = snprintf(out, cap, "SAL1\n%s\n%s\n%s\n%04d-%02d-%02d\n%s",
				 number, type, holder_identifier, iy, im, id, until);
	if (n < 0 || (size_t) n >= cap)
		return -1;
	return n;
}

static int
lic_is(lic_text t, const char *v)
{
	return t.s != NULL && (size_t) t.len == strlen(v) && memcmp(t.s, v, t.len) == 0;
}

int
lic_row_ok(lic_text number, lic_text status, lic_text origin, lic_text reference,
		   lic_text hmac, int has_item, int has_changed_at)
{
	int			i;

	if (number.s && (number.len == 0 || number.len > 300))
		return 0;
	if (status.s && !lic_is(status, "valid") && !lic_is(status, "expired")
		&& !lic_is(status, "revoked") && !lic_is(status, "superseded"))
		return 0;
	if (origin.s && !lic_is(origin, "issued") && !lic_is(origin, "recorded"))
		return 0;
	if (reference.s && reference.len > 200)
		return 0;
	if (hmac.s)
	{
		if (hmac.len != LIC_HMAC_HEX_LEN)
			return 0;
		for (i = 0; i < hmac.len; i++)
			if (!((hmac.s[i] >= '0' && hmac.s[i] <= '9') || (hmac.s[i] >= 'a' && hmac.s[i] <= 'f')))
				return 0;
	}
	if (origin.s && has_item >= 0 && lic_is(origin, "issued") != (has_item != 0))
		return 0;
	if (status.s && has_changed_at >= 0 && lic_is(status, "valid") != (has_changed_at == 0))
		return 0;
	return 1;
}

/*
 * lic.c — the keyed hash of electronic licences; see lic.h.
 */
#include "lic.h"

#include <openssl/hmac.h>
#include <openssl/evp.h>

lic_status
lic_hmac_sha256_hex(const unsigned char *key, size_t keylen,
					const char *msg, size_t msglen, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	unsigned int i;

	out[0] = '\0';
	if (key == NULL || keylen < 16)
		return LIC_BAD_KEY;
	if (HMAC(EVP_sha256(), key, (int) keylen, (const unsigned char *) msg, msglen, mac, &maclen) == NULL
		|| maclen != LIC_HMAC_HEX_LEN / 2)
		return LIC_CRYPTO;
	for (i = 0; i < maclen; i++)
	{
		out[2 * i] = hex[mac[i] >> 4];
		out[2 * i + 1] = hex[mac[i] & 15];
	}
	out[2 * maclen] = '\0';
	return LIC_OK;
}

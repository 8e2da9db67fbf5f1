/*
 * test_licence.c — unit tests of src/core/licence.c: HMAC-SHA-256 against the
 * test vectors of RFC 4231 and the key-length rule.
 */
#include <stdio.h>
#include <string.h>

#include "lic.h"
#include "tap.h"

int
main(void)
{
	char		out[LIC_HMAC_HEX_LEN + 1];
	unsigned char key20[20];
	unsigned char key131[131];
	const char *m2 = "what do ya want for nothing?";

	memset(key20, 0x0b, sizeof key20);
	memset(key131, 0xaa, sizeof key131);

	/* RFC 4231 test case 1 */
	is_int(lic_hmac_sha256_hex(key20, sizeof key20, "Hi There", 8, out), LIC_OK, "case 1: ok");
	is_str(out, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", "case 1: RFC 4231 value");
	/* RFC 4231 test case 6: a key longer than the block */
	is_int(lic_hmac_sha256_hex(key131, sizeof key131,
							   "Test Using Larger Than Block-Size Key - Hash Key First", 54, out), LIC_OK, "case 6: ok");
	is_str(out, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", "case 6: RFC 4231 value");
	/* test case 2 has a 4-byte key ("Jefe"): refused, keys have at least 16 bytes */
	is_int(lic_hmac_sha256_hex((const unsigned char *) "Jefe", 4, m2, strlen(m2), out), LIC_BAD_KEY, "short key refused");
	is_str(out, "", "short key: empty output");
	is_int(lic_hmac_sha256_hex(NULL, 0, m2, strlen(m2), out), LIC_BAD_KEY, "no key refused");
	/* an empty message is signed */
	is_int(lic_hmac_sha256_hex(key20, sizeof key20, "", 0, out), LIC_OK, "empty message: ok");
	is_int((int) strlen(out), LIC_HMAC_HEX_LEN, "64 hex digits");
	return tap_done();
}

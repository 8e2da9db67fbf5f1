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
	/* the key is not cached: a second key gives its own value */
	is_int(lic_hmac_sha256_hex(key20, sizeof key20, "Hi There", 8, out), LIC_OK, "case 1 again: ok");
	is_str(out, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", "case 1 again: same value");

	/* the canonical message */
	{
		char		msg[256];
		int			n;

		n = lic_message(msg, sizeof msg, "BL3302252026000001", "lc_bizlic", "11010519491231002X",
						2026, 8, 4, 1, 2027, 8, 4);
		is_str(msg, "SAL1\nBL3302252026000001\nlc_bizlic\n11010519491231002X\n2026-08-04\n2027-08-04", "message with a last valid day");
		is_int(n, (int) strlen(msg), "its length");
		lic_message(msg, sizeof msg, "N1", "t", "X", 26, 1, 2, 0, 0, 0, 0);
		is_str(msg, "SAL1\nN1\nt\nX\n0026-01-02\n-", "no expiry: -, years on four digits");
		is_int(lic_message(msg, sizeof msg, "N\n1", "t", "X", 2026, 1, 2, 0, 0, 0, 0), -1, "a field with LF refused");
		is_int(lic_message(msg, sizeof msg, "N1", "t", "X", 10000, 1, 2, 0, 0, 0, 0), -1, "year 10000 refused");
		is_int(lic_message(msg, 20, "N1", "t", "X", 2026, 1, 2, 0, 0, 0, 0), -1, "too small a buffer refused");
	}
	return tap_done();
}

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
	/* the same key twice in a row (the context re-initialised, not keyed again) */
	is_int(lic_hmac_sha256_hex(key20, sizeof key20, "Hi There", 8, out), LIC_OK, "case 1 a third time: ok");
	is_str(out, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", "same key again: same value");
	/* then a key differing in its last byte only: keyed again */
	{
		unsigned char k2[20];

		memcpy(k2, key20, sizeof k2);
		k2[19] = 0x0c;
		is_int(lic_hmac_sha256_hex(k2, sizeof k2, "Hi There", 8, out), LIC_OK, "a key differing in one byte: ok");
		is_int(strcmp(out, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7") != 0, 1,
		   "a key differing in one byte gives another value");
		is_int(lic_hmac_sha256_hex(key131, sizeof key131,
								   "Test Using Larger Than Block-Size Key - Hash Key First", 54, out), LIC_OK, "case 6 after it: ok");
		is_str(out, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", "case 6 after it: RFC 4231 value");
		is_int(lic_hmac_sha256_hex(key131, sizeof key131,
								   "Test Using Larger Than Block-Size Key - Hash Key First", 54, out), LIC_OK, "case 6 twice: ok");
		is_str(out, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", "case 6 twice: RFC 4231 value");
		/* a refused key leaves the next call correct */
		is_int(lic_hmac_sha256_hex(k2, 4, "x", 1, out), LIC_BAD_KEY, "a short key between: refused");
		is_int(lic_hmac_sha256_hex(key131, sizeof key131,
								   "Test Using Larger Than Block-Size Key - Hash Key First", 54, out), LIC_OK, "case 6 after a refusal: ok");
		is_str(out, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", "case 6 after a refusal: RFC 4231 value");
	}

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

	/* the row invariants (CHECK licence_row) */
	{
		const char *h = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
		char		big[301];
		lic_text	none = {NULL, 0};
		lic_text	num = {"BL1", 3};
		lic_text	valid = {"valid", 5};
		lic_text	superseded = {"superseded", 10};
		lic_text	issued = {"issued", 6};
		lic_text	recorded = {"recorded", 8};
		lic_text	hm = {h, 64};

		memset(big, 'x', sizeof big);
		is_int(lic_row_ok(num, valid, issued, none, hm, 1, 0), 1, "an issued valid licence passes");
		is_int(lic_row_ok(num, superseded, recorded, none, hm, 0, 1), 1, "a recorded superseded licence passes");
		is_int(lic_row_ok((lic_text) {"", 0}, valid, issued, none, hm, 1, 0), 0, "empty number refused");
		is_int(lic_row_ok((lic_text) {big, 301}, valid, issued, none, hm, 1, 0), 0, "number of 301 bytes refused");
		is_int(lic_row_ok((lic_text) {big, 300}, valid, issued, none, hm, 1, 0), 1, "number of 300 bytes passes");
		is_int(lic_row_ok(num, (lic_text) {"Valid", 5}, issued, none, hm, 1, 0), 0, "unknown status refused");
		is_int(lic_row_ok(num, (lic_text) {"valid ", 6}, issued, none, hm, 1, 0), 0, "status with a trailing blank refused");
		is_int(lic_row_ok(num, valid, (lic_text) {"issue", 5}, none, hm, 1, 0), 0, "unknown origin refused");
		is_int(lic_row_ok(num, valid, issued, (lic_text) {big, 201}, hm, 1, 0), 0, "reference of 201 bytes refused");
		is_int(lic_row_ok(num, valid, issued, (lic_text) {big, 200}, hm, 1, 0), 1, "reference of 200 bytes passes");
		is_int(lic_row_ok(num, valid, issued, none, (lic_text) {h, 63}, 1, 0), 0, "hmac of 63 digits refused");
		is_int(lic_row_ok(num, valid, issued, none, (lic_text) {"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", 64}, 1, 0), 0, "upper-case hex refused");
		is_int(lic_row_ok(num, valid, issued, none, hm, 0, 0), 0, "an issued licence without item refused");
		is_int(lic_row_ok(num, valid, recorded, none, hm, 1, 0), 0, "a recorded licence with an item refused");
		is_int(lic_row_ok(num, valid, issued, none, hm, 1, 1), 0, "a valid licence with changed_at refused");
		is_int(lic_row_ok(num, superseded, issued, none, hm, 1, 0), 0, "a superseded licence without changed_at refused");
		is_int(lic_row_ok(none, none, none, none, none, -1, -1), 1, "all NULL passes (three-valued logic)");
		is_int(lic_row_ok(num, valid, issued, none, hm, -1, -1), 1, "unknown flags leave their conditions out");
		is_int(lic_row_ok(num, none, recorded, none, hm, 1, 1), 0, "a NULL status keeps the origin rule");
	}
	return tap_done();
}

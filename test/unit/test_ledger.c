/*
 * test_ledger.c — digests (SHA-256, SM3 test vectors), the UTC formatting
 * and the canonical bytes of inspection_log entries.
 */
#include <stdlib.h>
#include <string.h>

#include "insp.h"
#include "tap.h"

static const char *
hexof(const unsigned char *h)
{
	static char buf[2 * INSP_HASH_LEN + 1];

	insp_hex(h, INSP_HASH_LEN, buf);
	return buf;
}

static const char *
utc(int64_t usec)
{
	static char buf[40];

	insp_format_utc(usec, buf);
	return buf;
}

int
main(void)
{
	unsigned char h[INSP_HASH_LEN];
	insp_alg	a;
	char	   *b;
	size_t		n;
	unsigned char zero[INSP_HASH_LEN] = {0};

	/* algorithms */
	ok(insp_alg_parse("sha256", &a) == INSP_OK && a == INSP_SHA256, "sha256 parses");
	ok(insp_alg_parse("sm3", &a) == INSP_OK && a == INSP_SM3, "sm3 parses");
	ok(insp_alg_parse("SHA256", &a) == INSP_EALG, "names are case-sensitive");
	ok(insp_alg_parse("md5", &a) == INSP_EALG, "md5 is refused");

	/* FIPS 180-2 and GB/T 32905-2016 test vectors */
	ok(insp_digest(INSP_SHA256, "abc", 3, h) == INSP_OK, "sha256 digest");
	is_str(hexof(h), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "sha256(abc)");
	ok(insp_digest(INSP_SM3, "abc", 3, h) == INSP_OK, "sm3 digest (OpenSSL EVP_sm3)");
	is_str(hexof(h), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", "sm3(abc)");
	ok(insp_digest(INSP_SM3, "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", 64, h) == INSP_OK,
	   "sm3 of 64 bytes");
	is_str(hexof(h), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732", "sm3 second test vector");

	/* UTC formatting of PostgreSQL timestamps (µs since 2000-01-01 UTC) */
	is_str(utc(0), "2000-01-01T00:00:00.000000Z", "epoch");
	is_str(utc(-1), "1999-12-31T23:59:59.999999Z", "one microsecond before the epoch");
	is_str(utc(INT64_C(1544400000000000)), "2048-12-09T00:00:00.000000Z", "2048-12-09 (checked with Python datetime)");
	is_str(utc(INT64_C(883526400000000) + INT64_C(500000)), "2027-12-31T00:00:00.500000Z", "half a second");
	is_str(utc(INT64_C(888710400000000)), "2028-02-29T00:00:00.000000Z", "leap day 2028");
	is_str(utc(INT64_C(-946684800000000)), "1970-01-01T00:00:00.000000Z", "Unix epoch");
	is_str(utc(INT64_C(-3155673600000000)), "1900-01-01T00:00:00.000000Z", "1900 (not a leap year)");
	is_str(utc(INT64_C(3155760000000000) - 1), "2099-12-31T23:59:59.999999Z", "end of 2099");

	/* canonical bytes */
	ok(insp_entry_bytes("market", 1, INT64_C(820893600500000), "plan", "{\"a\": \"x\", \"b\": 1}",
						zero, INSP_HASH_LEN, &b, &n) == INSP_OK, "entry bytes");
	ok(n == strlen(b) && strcmp(b, "market\n1\n2026-01-05T02:00:00.500000Z\nplan\n{\"a\": \"x\", \"b\": 1}\n"
								"0000000000000000000000000000000000000000000000000000000000000000") == 0,
	   "entry bytes: fields joined by LF, hex prev_hash last, no trailing LF");
	free(b);
	ok(insp_entry_bytes("l", -5, 0, "k", "", NULL, 0, &b, &n) == INSP_OK && strcmp(b, "l\n-5\n2000-01-01T00:00:00.000000Z\nk\n\n") == 0,
	   "entry bytes with empty payload and prev");
	free(b);
	ok(insp_entry_hash(INSP_SHA256, "insp_a", 1, INT64_C(820893600500000), "plan", "{\"a\": \"x\", \"b\": 1}",
					   zero, INSP_HASH_LEN, h) == INSP_OK, "entry hash");
	is_str(hexof(h), "8896b6d7f02390f7043659b1517f3f723bb3540862670d33e727c3dfda5a8e49",
		   "entry hash = sha256sum of the documented bytes");
	ok(insp_entry_hash(INSP_SM3, "insp_a", 1, INT64_C(820893600500000), "plan", "{\"a\": \"x\", \"b\": 1}",
					   zero, INSP_HASH_LEN, h) == INSP_OK, "sm3 entry hash");
	is_str(hexof(h), "f085d884ca19c20b60a03e6d6e7c742fbf0451d386994926ceba06e881d62ca6",
		   "sm3 entry hash = openssl dgst -sm3 of the documented bytes");
	return tap_done();
}

/*
 * fuzz_uscc.c — libFuzzer harness for ident_uscc_parse.
 *
 * Invariants (abort on violation):
 *   - the status does not depend on whether a result struct is passed;
 *   - an accepted input yields 18 canonical alphabet characters whose check
 *     character is right, equal to the input's significant characters
 *     upper-cased, and the canonical text re-parses to the same value;
 *   - a rejection's details are consistent: BAD_CHAR names a byte that is
 *     neither white space nor in the alphabet, BAD_LENGTH a length other than
 *     18, BAD_CHECK two different characters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static int
is_ws(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	char		out[IDENT_LEN];
	char		again[IDENT_LEN];
	char		tmp[IDENT_LEN];
	ident_result r;
	ident_status st = ident_uscc_parse(s, size, out, &r);

	CHECK(r.status == st);
	CHECK(ident_uscc_parse(s, size, tmp, NULL) == st);

	switch (st)
	{
		case IDENT_OK:
			{
				size_t		n = 0;

				for (int i = 0; i < IDENT_LEN; i++)
					CHECK(out[i] != '\0' && strchr(IDENT_USCC_ALPHABET, out[i]) != NULL);
				CHECK(ident_uscc_check_char(out) == out[17]);
				for (size_t i = 0; i < size; i++)
				{
					if (is_ws(data[i]))
						continue;
					CHECK(n < IDENT_LEN);
					CHECK(ident_uscc_value(data[i]) == ident_uscc_value((unsigned char) out[n]));
					n++;
				}
				CHECK(n == IDENT_LEN);
				CHECK(ident_uscc_parse(out, IDENT_LEN, again, NULL) == IDENT_OK);
				CHECK(memcmp(out, again, IDENT_LEN) == 0);
			}
			break;
		case IDENT_BAD_CHAR:
			CHECK(r.offset < size);
			CHECK(!is_ws(data[r.offset]));
			CHECK(ident_uscc_value(data[r.offset]) < 0);
			CHECK(r.position >= 1 && r.position <= r.offset + 1);
			break;
		case IDENT_BAD_LENGTH:
			CHECK(r.length != IDENT_LEN);
			CHECK(r.length <= size);
			break;
		case IDENT_BAD_CHECK:
			CHECK(r.found != r.expected);
			CHECK(ident_uscc_value((unsigned char) r.found) >= 0);
			CHECK(ident_uscc_value((unsigned char) r.expected) >= 0);
			break;
		default:
			/* dates are not part of a uscc */
			CHECK(0);
	}
	return 0;
}

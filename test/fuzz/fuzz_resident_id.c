/*
 * fuzz_resident_id.c — libFuzzer harness for ident_resident_id_parse.
 *
 * Invariants (abort on violation):
 *   - the status does not depend on whether a result struct is passed;
 *   - an accepted input has a 17-digit body with a valid birth date in the
 *     fixed range, formats to 18 canonical characters equal to the input's
 *     significant characters (x upper-cased), and the canonical text
 *     re-parses to the same body;
 *   - a rejection's details are consistent with its status.
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
	int64_t		body = -1,
				again = -1,
				tmp;
	char		canon[IDENT_LEN + 1];
	ident_result r;
	ident_status st = ident_resident_id_parse(s, size, &body, &r);

	CHECK(r.status == st);
	CHECK(ident_resident_id_parse(s, size, &tmp, NULL) == st);

	switch (st)
	{
		case IDENT_OK:
			{
				size_t		n = 0;
				int			y,
							m,
							d;

				CHECK(body >= 0 && body <= INT64_C(99999999999999999));
				CHECK(ident_resident_id_body_ok(body));
				ident_resident_id_birth(body, &y, &m, &d);
				CHECK(y >= IDENT_BIRTH_YEAR_MIN && y <= IDENT_BIRTH_YEAR_MAX);
				CHECK(ident_valid_date(y, m, d));
				ident_resident_id_format(body, canon);
				CHECK(strlen(canon) == IDENT_LEN);
				for (size_t i = 0; i < size; i++)
				{
					unsigned char c = data[i];

					if (is_ws(c))
						continue;
					CHECK(n < IDENT_LEN);
					CHECK((c == 'x' ? 'X' : c) == (unsigned char) canon[n]);
					n++;
				}
				CHECK(n == IDENT_LEN);
				CHECK(ident_resident_id_parse(canon, IDENT_LEN, &again, NULL) == IDENT_OK);
				CHECK(again == body);
			}
			break;
		case IDENT_BAD_CHAR:
			CHECK(r.offset < size);
			CHECK(!is_ws(data[r.offset]));
			CHECK(!(data[r.offset] >= '0' && data[r.offset] <= '9'));
			/* X is bad only before the 18th significant character */
			if (data[r.offset] == 'X' || data[r.offset] == 'x')
				CHECK(r.position < IDENT_LEN);
			break;
		case IDENT_BAD_LENGTH:
			CHECK(r.length != IDENT_LEN);
			CHECK(r.length <= size);
			break;
		case IDENT_BAD_CHECK:
			CHECK(r.found != r.expected);
			break;
		case IDENT_DATE_RANGE:
			CHECK(r.year < IDENT_BIRTH_YEAR_MIN || r.year > IDENT_BIRTH_YEAR_MAX);
			break;
		case IDENT_BAD_DATE:
			CHECK(r.year >= IDENT_BIRTH_YEAR_MIN && r.year <= IDENT_BIRTH_YEAR_MAX);
			CHECK(!ident_valid_date(r.year, r.month, r.day));
			break;
	}
	return 0;
}

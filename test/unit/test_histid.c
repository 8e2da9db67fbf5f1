/*
 * Unit tests of the ids of the partitioned history (src/core/histid.c)
 * against doc/scale.md: case id = base + ((year − 2000) × 12 + month) × 10^10
 * + n mod 10^10; the expected values are written out by hand.
 */
#include <stdint.h>
#include <string.h>

#include "histid.h"
#include "tap.h"

int
main(void)
{
	int64_t		id = -1;
	int			y,
				m;

	is_int(sa_hist_month_index(2000, 1), 1, "2000-01 is month 1");
	is_int(sa_hist_month_index(2026, 11), 323, "2026-11 is month 323");
	is_int(sa_hist_month_index(2026, 12), 324, "2026-12 is month 324");

	ok(sa_hist_case_id(2026, 11, 42, 0, &id) == SA_HIST_OK && id == INT64_C(3230000000042),
	   "a case of 2026-11 with n 42 is 3230000000042");
	ok(sa_hist_case_id(2026, 11, INT64_C(10000000042), 0, &id) == SA_HIST_OK && id == INT64_C(3230000000042),
	   "n is taken modulo 10^10");
	ok(sa_hist_case_id(2026, 11, 0, 0, &id) == SA_HIST_OK && id == INT64_C(3230000000000),
	   "n 0 gives the month's lower bound");
	ok(sa_hist_case_id(2026, 3, 7, INT64_C(2000000000000000), &id) == SA_HIST_OK && id == INT64_C(2003150000000007),
	   "shard 2 (base 2 x 10^15): 2003150000000007");
	is_int(sa_hist_case_id(1999, 12, 1, 0, &id), SA_HIST_MONTH_RANGE, "1999-12 is refused");
	is_int(sa_hist_case_id(10333, 3, 1, 0, &id), SA_HIST_OK, "month 99999 (10333-03) is the last");
	is_int(sa_hist_case_id(10333, 4, 1, 0, &id), SA_HIST_MONTH_RANGE, "month 100000 is refused");
	is_int(sa_hist_case_id(2026, 1, -1, 0, &id), SA_HIST_NEGATIVE, "a negative n is refused");
	is_int(sa_hist_case_id(2026, 1, 1, -5, &id), SA_HIST_NEGATIVE, "a negative base is refused");
	is_int(sa_hist_case_id(10333, 3, 1, INT64_C(9223000000000000000), &id), SA_HIST_OVERFLOW,
		   "base plus month id beyond bigint is refused");

	is_int(sa_hist_month_floor(INT64_C(3230000012345)), INT64_C(3230000000000), "month_floor of a 2026-11 id");
	is_int(sa_hist_month_floor(INT64_C(3230000000000)), INT64_C(3230000000000), "month_floor of a month's first id");
	is_int(sa_hist_month_floor(12345), 0, "an id of 0.1 (below 10^10) is month 0");
	is_int(sa_hist_month_floor(-12345), 0, "a negative id: towards zero, as SQL's %");

	ok(sa_hist_month_id(INT64_C(3150000000009), 77, &id) == SA_HIST_OK && id == INT64_C(3150000000077),
	   "a task of a 2026-03 case has a 2026-03 id");
	ok(sa_hist_month_id(INT64_C(3150000000009), INT64_C(20000000077), &id) == SA_HIST_OK && id == INT64_C(3150000000077),
	   "the task's n is taken modulo 10^10");
	is_int(sa_hist_month_id(INT64_C(3150000000009), -1, &id), SA_HIST_NEGATIVE, "a negative n is refused");

	is_int(sa_hist_id_base(1), 0, "a single node's sequence (from 1) has base 0");
	is_int(sa_hist_id_base(INT64_C(999999999999)), 0, "below 10^12: base 0");
	is_int(sa_hist_id_base(INT64_C(3000000000001)), INT64_C(3000000000000000), "shard 3 (from 3 x 10^12 + 1): base 3 x 10^15");

	/* every month of 2000..2100 maps to consecutive, disjoint id ranges */
	{
		int64_t		prev = -1;
		int			okall = 1;

		for (y = 2000; y <= 2100; y++)
			for (m = 1; m <= 12; m++)
			{
				int64_t		lo = 0,
							hi = 0;

				if (sa_hist_case_id(y, m, 0, 0, &lo) != SA_HIST_OK ||
					sa_hist_case_id(y, m, INT64_C(9999999999), 0, &hi) != SA_HIST_OK ||
					sa_hist_month_floor(hi) != lo || (prev >= 0 && lo != prev + 1))
					okall = 0;
				prev = hi;
			}
		ok(okall, "months 2000-01..2100-12: ranges consecutive and disjoint, floor of the last id is the first");
	}
	return tap_done();
}

/*
 * test_caseid.c — unit tests of src/core/caseid.c: ids that carry the month
 * of submission and the shard that numbered them.
 */
#include <stdio.h>
#include <stdint.h>

#include "tap.h"
#include "caseid.h"

int
main(void)
{
	int64_t		id = -1;
	int64_t		id2 = -1;
	int64_t		y = -1;
	int			m = -1;
	int			bad;

	ok(sa_caseid_month_index(2000, 1) == 1, "2000-01 is month 1");
	ok(sa_caseid_month_index(2026, 12) == 324, "2026-12 is month 324");

	ok(sa_caseid_make(2026, 12, 42, &id) == SA_CASEID_OK && id == INT64_C(3240000000042),
	   "a single node's case 42 of 2026-12 is 3240000000042 (got %lld)", (long long) id);
	ok(sa_caseid_make(2026, 11, 42, &id) == SA_CASEID_OK && id == INT64_C(3230000000042),
	   "the same sequence value in 2026-11: 3230000000042");
	ok(sa_caseid_make(2000, 1, 0, &id) == SA_CASEID_OK && id == SA_CASEID_MONTH_SPAN,
	   "the first id of 2000-01 is 10^10: every month-carrying id lies above the ids of 0.1");
	ok(sa_caseid_make(1999, 12, 1, &id) == SA_CASEID_MONTH_RANGE, "1999-12 is refused");
	ok(sa_caseid_make(10333, 3, 1, &id) == SA_CASEID_OK && id / SA_CASEID_MONTH_SPAN == 99999,
	   "10333-03 is the last month (index 99999)");
	ok(sa_caseid_make(10333, 4, 1, &id) == SA_CASEID_MONTH_RANGE, "10333-04 is refused");
	ok(sa_caseid_make(INT64_MAX / 2, 1, 1, &id) == SA_CASEID_MONTH_RANGE, "an absurd year is refused without overflow");
	ok(sa_caseid_make(2026, 0, 1, &id) == SA_CASEID_MONTH_RANGE, "month 0 is refused");
	ok(sa_caseid_make(2026, 13, 1, &id) == SA_CASEID_MONTH_RANGE, "month 13 is refused");
	ok(sa_caseid_make(2026, 12, -1, &id) == SA_CASEID_BAD_SEQUENCE, "a negative sequence value is refused");

	/* the shard: setup_shard() numbers shard k's sequences from k × 10^12 + 1 */
	ok(sa_caseid_make(2026, 12, INT64_C(7000000000001), &id) == SA_CASEID_OK
	   && id == INT64_C(7003240000000001),
	   "shard 7's first case of 2026-12 is 7003240000000001 (got %lld)", (long long) id);
	ok(id / SA_CASEID_SHARD_SPAN == 7, "its shard is id div 10^15");
	ok(sa_caseid_make(2026, 12, INT64_C(9222999999999999), &id) == SA_CASEID_OK && id / SA_CASEID_SHARD_SPAN == 9222,
	   "the last value of shard 9222 still makes an id");
	ok(sa_caseid_make(10333, 3, INT64_C(9222999999999999), &id) == SA_CASEID_OK && id > 0,
	   "the largest id (shard 9222, month 99999) fits a bigint: %lld", (long long) id);
	ok(sa_caseid_make(2026, 12, INT64_C(9223000000000000), &id) == SA_CASEID_BAD_SEQUENCE,
	   "a sequence value beyond shard 9222 is refused");

	/* every id of a (shard, month) range differs while n differs below 10^10 */
	bad = 0;
	for (int64_t n = 0; n < 200000; n++)
	{
		if (sa_caseid_make(2026, 12, n, &id) != SA_CASEID_OK || sa_caseid_make(2026, 12, n + 1, &id2) != SA_CASEID_OK
			|| id2 != id + 1)
			bad++;
	}
	ok(bad == 0, "within a month ids follow the sequence one by one (%d exceptions)", bad);
	ok(sa_caseid_make(2026, 12, SA_CASEID_MONTH_SPAN - 1, &id) == SA_CASEID_OK
	   && sa_caseid_make(2027, 1, 0, &id2) == SA_CASEID_OK && id < id2,
	   "the last id of a month lies below the first of the next");

	/* month_floor, in_month, month_of */
	ok(sa_caseid_month_floor(INT64_C(3240000000042), &id) == SA_CASEID_OK && id == INT64_C(3240000000000),
	   "month_floor(3240000000042) = 3240000000000");
	ok(sa_caseid_month_floor(INT64_C(7003240000000001), &id) == SA_CASEID_OK && id == INT64_C(7003240000000000),
	   "month_floor keeps the shard");
	ok(sa_caseid_month_floor(17, &id) == SA_CASEID_OK && id == 0, "an id of 0.1 is in month 0");
	ok(sa_caseid_month_floor(-1, &id) == SA_CASEID_BAD_ID, "a negative id is refused");
	ok(sa_caseid_month_floor(INT64_MAX, &id) == SA_CASEID_BAD_ID, "an id beyond shard 9222 is refused");

	ok(sa_caseid_in_month(INT64_C(3230000000042), INT64_C(123456789012), &id) == SA_CASEID_OK
	   && id == INT64_C(3233456789012),
	   "a task of case 3230000000042 with sequence value 123456789012 is 3233456789012 (got %lld)", (long long) id);
	ok(sa_caseid_in_month(INT64_C(7003240000000001), INT64_C(7000000000009), &id) == SA_CASEID_OK
	   && id == INT64_C(7003240000000009), "a task on shard 7 keeps shard and month");
	ok(sa_caseid_in_month(INT64_C(3003230000000001), INT64_C(2000000000007), &id) == SA_CASEID_OK
	   && id == INT64_C(2003230000000007),
	   "a task shard 2 makes for a case shard 3 numbered (its region moved): shard 2's range, the case's month (got %lld)", (long long) id);
	ok(sa_caseid_in_month(INT64_C(3003230000000001), INT64_C(9223000000000000), &id) == SA_CASEID_BAD_SEQUENCE,
	   "a sequence value beyond shard 9222 is refused");
	ok(sa_caseid_in_month(5, 9, &id) == SA_CASEID_OK && id == 9, "a task of a 0.1 case keeps its plain sequence value");
	ok(sa_caseid_in_month(5, -9, &id) == SA_CASEID_BAD_SEQUENCE, "a negative sequence value is refused");
	ok(sa_caseid_in_month(-5, 9, &id) == SA_CASEID_BAD_ID, "a negative case id is refused");
	ok(sa_caseid_in_month(INT64_C(9222999999999999), SA_CASEID_MONTH_SPAN - 1, &id) == SA_CASEID_OK && id > 0,
	   "the largest case id's month still holds any task id");

	ok(sa_caseid_month_of(INT64_C(3240000000042), &y, &m) == SA_CASEID_OK && y == 2026 && m == 12,
	   "3240000000042 carries 2026-12");
	ok(sa_caseid_month_of(INT64_C(7003230000000001), &y, &m) == SA_CASEID_OK && y == 2026 && m == 11,
	   "7003230000000001 carries 2026-11 (shard 7)");
	ok(sa_caseid_month_of(INT64_C(10000000000), &y, &m) == SA_CASEID_OK && y == 2000 && m == 1, "10^10 carries 2000-01");
	ok(sa_caseid_month_of(12, &y, &m) == SA_CASEID_OK && m == 0, "an id of 0.1 carries no month");
	ok(sa_caseid_month_of(-12, &y, &m) == SA_CASEID_BAD_ID, "a negative id is refused");

	/* round trip over every month of a century and a spread of sequence values */
	bad = 0;
	for (int64_t yy = 2000; yy < 2100; yy++)
		for (int mm = 1; mm <= 12; mm++)
			for (int64_t n = 1; n < INT64_C(9000000000000000); n = n * 7 + 3)
			{
				int64_t		fl;

				if (sa_caseid_make(yy, mm, n, &id) != SA_CASEID_OK
					|| sa_caseid_month_of(id, &y, &m) != SA_CASEID_OK || y != yy || m != mm
					|| id / SA_CASEID_SHARD_SPAN != n / SA_CASEID_SEQ_SPAN
					|| sa_caseid_month_floor(id, &fl) != SA_CASEID_OK || fl > id || id - fl >= SA_CASEID_MONTH_SPAN
					|| sa_caseid_in_month(id, n + 5, &id2) != SA_CASEID_OK
					|| sa_caseid_month_of(id2, &y, &m) != SA_CASEID_OK || y != yy || m != mm
					|| id2 / SA_CASEID_SHARD_SPAN != (n + 5) / SA_CASEID_SEQ_SPAN)
					bad++;
			}
	ok(bad == 0, "month and shard survive make, month_floor and in_month over 1,200 months (%d failures)", bad);
	return tap_done();
}

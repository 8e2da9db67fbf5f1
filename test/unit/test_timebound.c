/*
 * test_timebound.c — unit tests of src/core/timebound.c: the floor and the
 * ceiling counted again from the Gregorian leap rule, and the classes of
 * instants at and around them and at the infinities.
 */
#include <stdint.h>

#include "tap.h"
#include "timebound.h"

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
main(void)
{
	int64_t		up = 0,
				down = 0;
	const int64_t day = INT64_C(86400000000);

	for (int y = 2000; y < 9000; y++)
		up += leap(y) ? 366 : 365;
	for (int y = 1; y < 2000; y++)
		down += leap(y) ? 366 : 365;
	down -= 1;					/* 0001-01-02, not 0001-01-01 */
	is_int(SA_TIME_CEILING, up * day, "the ceiling is 9000-01-01 00:00 UTC in microseconds since 2000-01-01");
	is_int(SA_TIME_FLOOR, -down * day, "the floor is 0001-01-02 00:00 UTC");
	ok(sa_time_recordable(0), "2000-01-01 is recordable");
	ok(sa_time_recordable(SA_TIME_CEILING - 1), "the last microsecond before the ceiling is recordable");
	ok(sa_time_recordable(SA_TIME_FLOOR), "the floor is recordable");
	is_int(sa_time_classify(SA_TIME_CEILING), SA_TIME_TOO_LATE, "the ceiling is too late");
	is_int(sa_time_classify(INT64_MAX - 1), SA_TIME_TOO_LATE, "the year 294276 is too late");
	is_int(sa_time_classify(SA_TIME_FLOOR - 1), SA_TIME_TOO_EARLY, "a microsecond before the floor is too early");
	is_int(sa_time_classify(INT64_MIN + 1), SA_TIME_TOO_EARLY, "4713 BC is too early");
	is_int(sa_time_classify(INT64_MAX), SA_TIME_INFINITE, "infinity is infinite, not too late (its own error)");
	is_int(sa_time_classify(INT64_MIN), SA_TIME_INFINITE, "-infinity is infinite");
	ok(!sa_time_recordable(INT64_MAX) && !sa_time_recordable(INT64_MIN), "neither infinity is recordable");
	return tap_done();
}

/*
 * test_timebound.c — unit tests of src/core/timebound.c: the ceiling is
 * 9999-12-31 00:00 UTC counted again from the Gregorian leap rule, and the
 * two predicates at and around it and at the infinities.
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
	int64_t		days = 0;
	const int64_t day = INT64_C(86400000000);

	for (int y = 2000; y < 9999; y++)
		days += leap(y) ? 366 : 365;
	days += 364;				/* 9999-01-01 .. 9999-12-30: 9999 is not a leap year */
	is_int(SA_TIME_CEILING, days * day, "the ceiling is 9999-12-31 00:00 UTC in microseconds since 2000-01-01");
	ok(sa_time_recordable(0), "2000-01-01 is recordable");
	ok(sa_time_recordable(INT64_MIN + 1), "the earliest finite time is recordable (writers bound the past themselves)");
	ok(sa_time_recordable(SA_TIME_CEILING - 1), "the last microsecond before the ceiling is recordable");
	ok(!sa_time_recordable(SA_TIME_CEILING), "the ceiling is not");
	ok(!sa_time_recordable(INT64_MAX), "infinity is not");
	ok(!sa_time_recordable(INT64_MIN), "-infinity is not");
	ok(!sa_time_too_late(SA_TIME_CEILING - 1), "before the ceiling is not too late");
	ok(sa_time_too_late(SA_TIME_CEILING), "the ceiling is too late");
	ok(sa_time_too_late(INT64_MAX - 1), "the year 294276 is too late");
	ok(!sa_time_too_late(INT64_MAX), "infinity is not finite, not too late (its own error)");
	ok(!sa_time_too_late(INT64_MIN), "-infinity is not too late");
	return tap_done();
}

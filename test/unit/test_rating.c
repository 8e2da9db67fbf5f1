/*
 * test_rating.c — unit tests of src/core/rating.c: level and channel
 * validity, the bad-rating test, the rectification windows against a
 * day-by-day walk over a calendar with holidays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "rating.h"

static void *
std_alloc(size_t size, void *arg)
{
	(void) arg;
	return malloc(size);
}

/* the n-th working day after d by walking (n = 0: d or the next working day) */
static int32_t
walk_add(const sa_workcal *cal, int32_t d, int n)
{
	if (n == 0)
	{
		while (!sa_wd_is_workday(cal, d))
			d++;
		return d;
	}
	while (n > 0)
	{
		d++;
		if (sa_wd_is_workday(cal, d))
			n--;
	}
	return d;
}

int
main(void)
{
	sa_workcal	cal;
	sa_wd_override ov[3];
	int32_t		cb,
				fx,
				day;
	int			bad_walk = 0;

	/* levels */
	ok(!sa_rating_level_valid(0), "level 0 is not a level");
	ok(sa_rating_level_valid(1) && sa_rating_level_valid(5), "levels 1 and 5 are");
	ok(!sa_rating_level_valid(6), "level 6 is not");
	ok(!sa_rating_level_valid(-2147483648LL) && !sa_rating_level_valid(4294967297LL),
	   "extreme values are not levels");
	ok(sa_rating_is_bad(1) && sa_rating_is_bad(2), "levels 1 and 2 are bad ratings");
	ok(!sa_rating_is_bad(3) && !sa_rating_is_bad(4) && !sa_rating_is_bad(5), "levels 3 to 5 are not");
	ok(!sa_rating_is_bad(0) && !sa_rating_is_bad(-1), "an invalid level is not a bad rating");

	/* channels */
	ok(sa_rating_channel_valid("window", 6) && sa_rating_channel_valid("online", 6) &&
	   sa_rating_channel_valid("mobile", 6) && sa_rating_channel_valid("kiosk", 5) &&
	   sa_rating_channel_valid("sms", 3) && sa_rating_channel_valid("phone", 5),
	   "the six channels are valid");
	ok(!sa_rating_channel_valid("Online", 6), "channels are case-sensitive");
	ok(!sa_rating_channel_valid("onlinex", 6 + 1) && !sa_rating_channel_valid("online", 5),
	   "a prefix or an extension of a channel is not one");
	ok(!sa_rating_channel_valid("sms\0xx", 6), "an embedded NUL does not pass");
	ok(!sa_rating_channel_valid("", 0) && !sa_rating_channel_valid(NULL, 0), "empty and NULL are not channels");
	ok(!sa_rating_channel_valid("door", 4), "door is an intake channel, not a rating channel");

	/* day counts */
	ok(sa_rating_days_valid(0) && sa_rating_days_valid(365), "0 and 365 days are valid");
	ok(!sa_rating_days_valid(-1) && !sa_rating_days_valid(366), "-1 and 366 are not");

	/*
	 * A calendar: Monday..Friday, with day 4 (2000-01-05, a Wednesday) off
	 * and day 7 (2000-01-08, a Saturday) working.
	 */
	ov[0].day = 4;
	ov[0].workday = false;
	ov[1].day = 7;
	ov[1].workday = true;
	ov[2].day = 20;
	ov[2].workday = false;
	if (sa_wd_build(&cal, "1111100", ov, 3, std_alloc, NULL) != SA_WD_OK)
	{
		ok(0, "calendar builds");
		return tap_done();
	}
	ok(sa_rating_windows(&cal, 3, 1, 15, &cb, &fx) == SA_RATING_OK, "windows of a rating on day 3");
	is_int(cb, 5, "call-back due: day 4 is off, so day 5");
	is_int(fx, walk_add(&cal, 3, 15), "fix due: 15 working days by a walk");
	ok(sa_rating_windows(&cal, 6, 0, 0, &cb, &fx) == SA_RATING_OK && cb == 6 && fx == 6,
	   "0 days from a working Friday: that Friday");
	ok(sa_rating_windows(&cal, 8, 0, 1, &cb, &fx) == SA_RATING_OK && cb == 9 && fx == 9,
	   "from a Sunday: 0 days and 1 day are both the Monday");
	ok(sa_rating_windows(&cal, 6, 1, 2, &cb, &fx) == SA_RATING_OK && cb == 7 && fx == 9,
	   "the make-up Saturday counts");
	for (day = -400; day < 400; day++)
		for (int n = 0; n <= 30; n += 7)
			if (sa_rating_windows(&cal, day, n, n + 1, &cb, &fx) != SA_RATING_OK ||
				cb != walk_add(&cal, day, n) || fx != walk_add(&cal, day, n + 1))
				bad_walk++;
	is_int(bad_walk, 0, "800 days x 5 counts agree with a walk");

	cb = fx = -1;
	ok(sa_rating_windows(&cal, 3, -1, 15, &cb, &fx) == SA_RATING_BAD_DAYS && cb == -1 && fx == -1,
	   "a negative day count is refused and nothing is written");
	ok(sa_rating_windows(&cal, 3, 1, 366, &cb, &fx) == SA_RATING_BAD_DAYS, "366 fix days are refused");
	ok(sa_rating_windows(&cal, SA_WD_MAX_DAY - 3, 1, 15, &cb, &fx) == SA_RATING_OUT_OF_RANGE,
	   "a due date past the end of the date range is out of range");
	ok(sa_rating_windows(&cal, SA_WD_MIN_DAY - 1, 1, 1, &cb, &fx) == SA_RATING_OUT_OF_RANGE,
	   "a day before the date range is out of range");

	free(cal.bits);
	free(cal.rank);
	free(cal.wday);
	return tap_done();
}

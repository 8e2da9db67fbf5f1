/*
 * fuzz_rating.c — libFuzzer harness for src/core/rating.c.
 *
 * Input: byte 0 = weekmask bits (Monday..Sunday; 0 becomes 1), bytes 1-4 a
 * day number, 5-6 and 7-8 two day counts (as signed 16-bit), 9 a level, the
 * rest a channel text.  Checks: the channel test agrees with a plain list
 * lookup; a level is bad exactly when it is 1 or 2; the windows are refused
 * exactly for counts outside 0..365 and otherwise equal a day-by-day walk
 * (for counts up to 30; beyond, that they are working days in order).
 * Any mismatch aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rating.h"

static const char *const list[] = {"window", "online", "mobile", "kiosk", "sms", "phone"};

static void *
no_alloc(size_t size, void *arg)
{
	(void) size;
	(void) arg;
	abort();					/* no overrides: sa_wd_build must not allocate */
}

static int32_t
walk(const sa_workcal *cal, int32_t d, int n)
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
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		wm[8];
	sa_workcal	cal;
	int32_t		day,
				cb = 0,
				fx = 0;
	int16_t		a,
				b;
	int			level,
				want,
				i;
	sa_rating_status st;
	const char *ch;
	size_t		chlen;

	if (size < 10)
		return 0;
	for (i = 0; i < 7; i++)
		wm[i] = ((data[0] | (data[0] & 0x7f ? 0 : 1)) >> i) & 1 ? '1' : '0';
	wm[7] = '\0';
	if (sa_wd_build(&cal, wm, NULL, 0, no_alloc, NULL) != SA_WD_OK)
		abort();
	memcpy(&day, data + 1, 4);
	memcpy(&a, data + 5, 2);
	memcpy(&b, data + 7, 2);
	level = (int8_t) data[9];
	ch = (const char *) data + 10;
	chlen = size - 10;

	want = 0;
	for (i = 0; i < 6; i++)
		if (strlen(list[i]) == chlen && memcmp(list[i], ch, chlen) == 0)
			want = 1;
	if (sa_rating_channel_valid(ch, chlen) != want)
		abort();
	if (sa_rating_is_bad(level) != (level == 1 || level == 2))
		abort();
	if (sa_rating_level_valid(level) != (level >= 1 && level <= 5))
		abort();

	day %= 1000000;				/* stay well inside the date range */
	st = sa_rating_windows(&cal, day, a, b, &cb, &fx);
	if ((a < 0 || a > 365 || b < 0 || b > 365) != (st == SA_RATING_BAD_DAYS))
		abort();
	if (st == SA_RATING_OK)
	{
		if (a <= 30 && cb != walk(&cal, day, a))
			abort();
		if (b <= 30 && fx != walk(&cal, day, b))
			abort();
		if (!sa_wd_is_workday(&cal, cb) || !sa_wd_is_workday(&cal, fx))
			abort();
		if ((a < b && cb >= fx && a > 0) || (a == b && cb != fx))
			abort();
	}
	return 0;
}

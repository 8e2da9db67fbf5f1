/*
 * fuzz_complaint.c — libFuzzer harness for src/core/complaint.c.
 *
 * Input: byte 0 = weekmask bits (0 becomes Monday only), bytes 1-4 a day
 * number, 5-6 a day count (signed 16-bit), 7 a state, 8 an action, 9 the
 * anonymity bit, the rest a text tried as channel, category, state and
 * action.  Checks: the text tests agree with plain list lookups; a
 * transition succeeds only into a valid state and never writes on refusal;
 * the due is refused exactly for counts outside 0..365 and otherwise equals
 * a day-by-day walk (counts up to 30).  Any mismatch aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "complaint.h"

static const char *const channels[] = {"12345", "window", "online", "letter", "cannot_do"};
static const char *const categories[] = {"consultation", "complaint", "report", "suggestion", "cannot_do"};

static void *
no_alloc(size_t size, void *arg)
{
	(void) size;
	(void) arg;
	abort();
}

static int
in_list(const char *const *list, int n, const char *s, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return i;
	return -1;
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
				due = -1;
	int16_t		n;
	sa_cpl_state to = (sa_cpl_state) 77;
	sa_cpl_status st;
	const char *t;
	size_t		tlen;

	if (size < 10)
		return 0;
	for (int i = 0; i < 7; i++)
		wm[i] = ((data[0] | (data[0] & 0x7f ? 0 : 1)) >> i) & 1 ? '1' : '0';
	wm[7] = '\0';
	if (sa_wd_build(&cal, wm, NULL, 0, no_alloc, NULL) != SA_WD_OK)
		abort();
	memcpy(&day, data + 1, 4);
	memcpy(&n, data + 5, 2);
	t = (const char *) data + 10;
	tlen = size - 10;

	if (sa_cpl_channel_valid(t, tlen) != (in_list(channels, 5, t, tlen) >= 0))
		abort();
	if (sa_cpl_category_parse(t, tlen) != in_list(categories, 5, t, tlen))
		abort();
	if (sa_cpl_state_parse(t, tlen) >= SA_CPL_NSTATES || sa_cpl_action_parse(t, tlen) >= SA_CPL_NACTIONS)
		abort();

	st = sa_cpl_next((sa_cpl_state) (data[7] % 8), (sa_cpl_action) (data[8] % 9), data[9] & 1, &to);
	if (st == SA_CPL_OK ? (to < 0 || to >= SA_CPL_NSTATES) : to != (sa_cpl_state) 77)
		abort();
	if (st == SA_CPL_OK && (data[7] % 8 >= SA_CPL_NSTATES || data[8] % 9 >= SA_CPL_NACTIONS))
		abort();

	st = sa_cpl_due(&cal, day, n, &due);
	if (n < 0 || n > SA_CPL_DAYS_MAX)
	{
		if (st != SA_CPL_BAD_DAYS || due != -1)
			abort();
	}
	else if (day < SA_WD_MIN_DAY || day > SA_WD_MAX_DAY)
	{
		if (st != SA_CPL_OUT_OF_RANGE)
			abort();
	}
	else if (st == SA_CPL_OK)
	{
		if (n <= 30 && due != walk(&cal, day, n))
			abort();
		if (!sa_wd_is_workday(&cal, due) || due < day)
			abort();
	}
	else if (st != SA_CPL_OUT_OF_RANGE)
		abort();
	return 0;
}

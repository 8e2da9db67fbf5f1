/*
 * workday.c — working-day arithmetic (see workday.h for the model).
 */
#include "workday.h"

#include <string.h>

bool
sa_wd_parse_weekmask(const char *weekmask, uint8_t *mask)
{
	uint8_t		m = 0;
	int			i;

	if (weekmask == NULL || strlen(weekmask) != 7)
		return false;
	for (i = 0; i < 7; i++)
	{
		if (weekmask[i] == '1')
			m |= (uint8_t) (1u << i);
		else if (weekmask[i] != '0')
			return false;
	}
	if (m == 0)
		return false;
	*mask = m;
	return true;
}

sa_wd_status
sa_wd_build(sa_workcal *cal, const char *weekmask,
			const sa_wd_override *ov, int nov,
			sa_wd_alloc_fn alloc, void *arg)
{
	int			i,
				r;
	int64_t		lo,
				hi,
				minday,
				maxday;
	int32_t		w;

	memset(cal, 0, sizeof(*cal));
	if (!sa_wd_parse_weekmask(weekmask, &cal->mask))
		return SA_WD_BAD_WEEKMASK;
	cal->per_week = 0;
	for (r = 0; r < 7; r++)
	{
		cal->prefix[r] = (int8_t) cal->per_week;
		if (cal->mask & (1u << r))
			cal->select[cal->per_week++] = (int8_t) r;
	}
	cal->prefix[7] = (int8_t) cal->per_week;

	if (nov <= 0)
		return SA_WD_OK;

	minday = maxday = ov[0].day;
	for (i = 0; i < nov; i++)
	{
		if (ov[i].day < SA_WD_MIN_DAY || ov[i].day > SA_WD_MAX_DAY)
			return SA_WD_BAD_DAY;
		if (ov[i].day < minday)
			minday = ov[i].day;
		if (ov[i].day > maxday)
			maxday = ov[i].day;
	}
	if (maxday - minday >= SA_WD_MAX_WINDOW)
		return SA_WD_WINDOW_TOO_LARGE;

	lo = SA_WD_MONDAY0 + 7 * sa_wd_floordiv(minday - SA_WD_MONDAY0, 7);
	cal->nwords = (int32_t) ((maxday + 1 - lo + 63) / 64);
	hi = lo + 64 * (int64_t) cal->nwords;
	cal->lo = (int32_t) lo;
	cal->bits = alloc(sizeof(uint64_t) * cal->nwords, arg);
	cal->rank = alloc(sizeof(int32_t) * (cal->nwords + 1), arg);
	if (cal->bits == NULL || cal->rank == NULL)
		return SA_WD_NO_MEMORY;

	/* the weekmask pattern first: lo is a Monday */
	for (w = 0; w < cal->nwords; w++)
	{
		uint64_t	word = 0;
		int			j;

		for (j = 0; j < 64; j++)
			if (cal->mask & (1u << ((w * 64 + j) % 7)))
				word |= (uint64_t) 1 << j;
		cal->bits[w] = word;
	}
	/* then the overrides, in order (the last for a day wins) */
	for (i = 0; i < nov; i++)
	{
		int64_t		off = ov[i].day - lo;
		uint64_t	bit = (uint64_t) 1 << (off & 63);

		if (ov[i].workday)
			cal->bits[off >> 6] |= bit;
		else
			cal->bits[off >> 6] &= ~bit;
	}
	cal->rank[0] = 0;
	for (w = 0; w < cal->nwords; w++)
		cal->rank[w + 1] = cal->rank[w] + sa_wd_popcount64(cal->bits[w]);

	/* the working days of the window in order: select is one array read */
	cal->wday = alloc(sizeof(int32_t) * (cal->rank[cal->nwords] + 1), arg);
	if (cal->wday == NULL)
		return SA_WD_NO_MEMORY;
	for (w = 0, i = 0; w < cal->nwords; w++)
	{
		uint64_t	word = cal->bits[w];

		while (word != 0)
		{
			cal->wday[i++] = (int32_t) (lo + 64 * (int64_t) w + __builtin_ctzll(word));
			word &= word - 1;
		}
	}

	cal->lo_rank = sa_wd_rank_week(cal, lo);
	cal->delta = (int64_t) cal->rank[cal->nwords] - (sa_wd_rank_week(cal, hi) - cal->lo_rank);
	return SA_WD_OK;
}

/*
 * Civil calendar conversions (proleptic Gregorian), by counting 400-year eras
 * of 146097 days from 0000-03-01; day 0 of this module is 2000-01-01.
 */
#define DAY0_FROM_0000_03_01 730425	/* days from 0000-03-01 to 2000-01-01 */

int64_t
sa_wd_day_from_ymd(int64_t y, int m, int d)
{
	int64_t		era,
				yoe,
				doy,
				doe;

	if (m <= 2)
		y -= 1;
	era = sa_wd_floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - DAY0_FROM_0000_03_01;
}

void
sa_wd_ymd_from_day(int64_t day, int64_t *y, int *m, int *d)
{
	int64_t		z = day + DAY0_FROM_0000_03_01;
	int64_t		era = sa_wd_floordiv(z, 146097);
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;

	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

/*
 * workday.h — working-day arithmetic over a weekmask plus dated overrides.
 *
 * Pure C (no server headers).  Days are numbered like PostgreSQL's DateADT:
 * day 0 is 2000-01-01 (a Saturday), so day 2 is a Monday.
 *
 * A calendar is a weekmask (Monday..Sunday, which weekdays work) and a set of
 * overrides (a day declared working or not, whatever its weekday).  The
 * overrides are packed into a bitmap of working days over a window of whole
 * 64-day words starting on a Monday, with the cumulative count of working days
 * before each word.  Outside the window the weekmask alone decides.
 *
 * Everything rests on one function, the rank P(d): the number of working days
 * before day d, counted from a fixed origin (negative before it), so that
 * P(b) - P(a) is the number of working days in [a, b).  Its inverse, select(k),
 * is the working day whose rank is k.  Then
 *   workdays_between(f, t) = P(t + 1) - P(f + 1)
 *   add_workdays(s, n > 0) = select(P(s + 1) + n - 1)
 *   add_workdays(s, n <= 0) = select(P(s) + n)
 * P is O(1) (a word lookup and a popcount); select is O(1) too: inside the
 * window an array of the window's working days in order, outside it
 * arithmetic on the weekmask.
 */
#ifndef SA_WORKDAY_H
#define SA_WORKDAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PostgreSQL's finite date range, as day numbers (valid: MIN <= d <= MAX). */
#define SA_WD_MIN_DAY		(-2451545)		/* 4714-11-24 BC */
#define SA_WD_MAX_DAY		(2145031948)	/* 5874897-12-31 */

/* The largest window of overrides (days) a calendar may span: 1000 years. */
#define SA_WD_MAX_WINDOW	(366 * 1000)

typedef enum sa_wd_status
{
	SA_WD_OK = 0,
	SA_WD_BAD_WEEKMASK,			/* not 7 characters of 0/1, or no working day */
	SA_WD_BAD_DAY,				/* an override or argument outside the date range */
	SA_WD_WINDOW_TOO_LARGE,		/* overrides spread over more than SA_WD_MAX_WINDOW */
	SA_WD_NO_MEMORY,			/* the allocator returned NULL */
	SA_WD_OUT_OF_RANGE,			/* the result is outside the date range */
	SA_WD_BAD_COUNT				/* a count or order of days a clock rule does not take
								 * (src/core/routing.c: a negative limit or shift, a
								 * suspension resumed before it began) */
} sa_wd_status;

/* One override: day is (or is not) a working day. */
typedef struct sa_wd_override
{
	int32_t		day;
	bool		workday;
} sa_wd_override;

typedef struct sa_workcal
{
	uint8_t		mask;			/* bit i set: weekday i (0 = Monday) works */
	int32_t		per_week;		/* working days in a plain week */
	int8_t		prefix[8];		/* working weekdays among the first r of a week */
	int8_t		select[7];		/* weekday index of the r-th working weekday */
	int32_t		lo;				/* first day of the window (a Monday) */
	int32_t		nwords;			/* window length in 64-day words (0: no window) */
	int64_t		lo_rank;		/* P(lo) */
	int64_t		delta;			/* working days in the window minus weekmask-only count */
	uint64_t   *bits;			/* bit j of word w: day lo + 64w + j works */
	int32_t    *rank;			/* rank[w]: working days in [lo, lo + 64w); nwords + 1 */
	int32_t    *wday;			/* the window's working days in order; rank[nwords] */
} sa_workcal;

/* Allocator used by sa_wd_build (returns NULL on failure). */
typedef void *(*sa_wd_alloc_fn) (size_t size, void *arg);

/*
 * Build a calendar from a weekmask ("1111100": Monday..Sunday) and overrides
 * (any order; for a day given twice the last one wins).  Memory for the
 * bitmap comes from alloc(size, arg); the caller frees it (cal->bits,
 * cal->rank and cal->wday) or owns the arena.
 */
extern sa_wd_status sa_wd_build(sa_workcal *cal, const char *weekmask,
								const sa_wd_override *ov, int nov,
								sa_wd_alloc_fn alloc, void *arg);

/* Parse a weekmask into a bit set (bit 0 = Monday); false if malformed. */
extern bool sa_wd_parse_weekmask(const char *weekmask, uint8_t *mask);

/* Civil date of a day number and back (proleptic Gregorian). */
extern int64_t sa_wd_day_from_ymd(int64_t y, int m, int d);
extern void sa_wd_ymd_from_day(int64_t day, int64_t *y, int *m, int *d);

/*
 * The hot path, inline: every query below is O(1).
 *
 * Day 2 (2000-01-03) is a Monday: weeks are counted from it.
 */
#define SA_WD_MONDAY0 2

static inline int64_t
sa_wd_floordiv(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Weekday of a day number, 0 = Monday .. 6 = Sunday. */
static inline int
sa_wd_weekday(int64_t day)
{
	return (int) (day - SA_WD_MONDAY0 - 7 * sa_wd_floordiv(day - SA_WD_MONDAY0, 7));
}

/* P(d) by the weekmask alone. */
static inline int64_t
sa_wd_rank_week(const sa_workcal *cal, int64_t day)
{
	int64_t		q = sa_wd_floordiv(day - SA_WD_MONDAY0, 7);

	return q * cal->per_week + cal->prefix[day - SA_WD_MONDAY0 - 7 * q];
}

/* The working day of rank k by the weekmask alone. */
static inline int64_t
sa_wd_select_week(const sa_workcal *cal, int64_t k)
{
	int64_t		q = sa_wd_floordiv(k, cal->per_week);

	return SA_WD_MONDAY0 + 7 * q + cal->select[k - q * cal->per_week];
}

/*
 * Population count.  PostgreSQL builds extensions without -mpopcnt, where
 * sa_wd_popcount64 becomes a libgcc call; the SWAR version is inline.
 */
static inline int
sa_wd_popcount64(uint64_t x)
{
#if defined(__POPCNT__)
	return __builtin_popcountll(x);
#else
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (int) ((x * 0x0101010101010101ULL) >> 56);
#endif
}

/* P(d): working days before day d (relative to a fixed origin). */
static inline int64_t
sa_wd_rank(const sa_workcal *cal, int64_t day)
{
	int64_t		off = day - cal->lo;

	if (cal->nwords == 0 || off <= 0)
		return sa_wd_rank_week(cal, day);
	if (off >= (int64_t) cal->nwords * 64)
		return sa_wd_rank_week(cal, day) + cal->delta;
	{
		int64_t		w = off >> 6;
		int			j = (int) (off & 63);
		uint64_t	below = cal->bits[w] & ((((uint64_t) 1) << j) - 1);

		return cal->lo_rank + cal->rank[w] + sa_wd_popcount64(below);
	}
}

/* The working day of rank k (P(result) == k and result works). */
static inline int64_t
sa_wd_select(const sa_workcal *cal, int64_t k)
{
	int64_t		t = k - cal->lo_rank;

	if (cal->nwords == 0 || t < 0)
		return sa_wd_select_week(cal, k);
	if (t >= cal->rank[cal->nwords])
		return sa_wd_select_week(cal, k - cal->delta);
	return cal->wday[t];
}

/* Is day a working day?  (No range check.) */
static inline bool
sa_wd_is_workday(const sa_workcal *cal, int64_t day)
{
	int64_t		off = day - cal->lo;

	if (cal->nwords > 0 && off >= 0 && off < (int64_t) cal->nwords * 64)
		return (cal->bits[off >> 6] >> (off & 63)) & 1;
	return (cal->mask >> sa_wd_weekday(day)) & 1;
}

/* The n-th working day after start (see above). */
static inline sa_wd_status
sa_wd_add(const sa_workcal *cal, int32_t start, int32_t n, int32_t *result)
{
	int64_t		k,
				d;

	if (start < SA_WD_MIN_DAY || start > SA_WD_MAX_DAY)
		return SA_WD_BAD_DAY;
	if (n > 0)
		k = sa_wd_rank(cal, (int64_t) start + 1) + n - 1;
	else
		k = sa_wd_rank(cal, start) + n;
	d = sa_wd_select(cal, k);
	if (d < SA_WD_MIN_DAY || d > SA_WD_MAX_DAY)
		return SA_WD_OUT_OF_RANGE;
	*result = (int32_t) d;
	return SA_WD_OK;
}

/* Working days d with from < d <= to (negative when to < from). */
static inline sa_wd_status
sa_wd_between(const sa_workcal *cal, int32_t from, int32_t to, int32_t *result)
{
	int64_t		c;

	if (from < SA_WD_MIN_DAY || from > SA_WD_MAX_DAY ||
		to < SA_WD_MIN_DAY || to > SA_WD_MAX_DAY)
		return SA_WD_BAD_DAY;
	c = sa_wd_rank(cal, (int64_t) to + 1) - sa_wd_rank(cal, (int64_t) from + 1);
	if (c > INT32_MAX || c < -INT32_MAX)
		return SA_WD_OUT_OF_RANGE;	/* cannot happen for the date range */
	*result = (int32_t) c;
	return SA_WD_OK;
}

#endif							/* SA_WORKDAY_H */

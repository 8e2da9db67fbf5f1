/*
 * test_workday.c — unit tests of src/core/workday.c against a naive
 * day-by-day reference: random calendars and the official 'cn' data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "workday.h"

/* ---- naive reference --------------------------------------------------- */

typedef struct ref_cal
{
	uint8_t		mask;
	const sa_wd_override *ov;
	int			nov;
} ref_cal;

static int
ref_is_workday(const ref_cal *r, int64_t d)
{
	int			i,
				st = -1;

	for (i = 0; i < r->nov; i++)
		if (r->ov[i].day == d)
			st = r->ov[i].workday;	/* the last one wins */
	if (st >= 0)
		return st;
	return (r->mask >> sa_wd_weekday(d)) & 1;
}

/* speed: a dense copy of the window for the reference */
typedef struct ref_fast
{
	ref_cal		r;
	int64_t		lo,
				hi;				/* [lo, hi) dense */
	unsigned char *w;
} ref_fast;

static void
ref_fast_init(ref_fast *f, uint8_t mask, const sa_wd_override *ov, int nov)
{
	int64_t		d;
	int			i;

	f->r.mask = mask;
	f->r.ov = ov;
	f->r.nov = nov;
	f->lo = f->hi = 0;
	f->w = NULL;
	if (nov == 0)
		return;
	f->lo = f->hi = ov[0].day;
	for (i = 0; i < nov; i++)
	{
		if (ov[i].day < f->lo)
			f->lo = ov[i].day;
		if (ov[i].day + 1 > f->hi)
			f->hi = ov[i].day + 1;
	}
	f->w = malloc(f->hi - f->lo);
	for (d = f->lo; d < f->hi; d++)
		f->w[d - f->lo] = (unsigned char) ((mask >> sa_wd_weekday(d)) & 1);
	for (i = 0; i < nov; i++)
		f->w[ov[i].day - f->lo] = ov[i].workday;
}

static int
ref_work(const ref_fast *f, int64_t d)
{
	if (f->w && d >= f->lo && d < f->hi)
		return f->w[d - f->lo];
	return (f->r.mask >> sa_wd_weekday(d)) & 1;
}

static int64_t
ref_add(const ref_fast *f, int64_t start, int n)
{
	int64_t		d = start;

	if (n > 0)
	{
		while (n > 0)
		{
			d++;
			if (ref_work(f, d))
				n--;
		}
		return d;
	}
	while (!ref_work(f, d))
		d++;
	while (n < 0)
	{
		d--;
		if (ref_work(f, d))
			n++;
	}
	return d;
}

static int64_t
ref_between(const ref_fast *f, int64_t from, int64_t to)
{
	int64_t		c = 0,
				d;

	if (to >= from)
	{
		for (d = from + 1; d <= to; d++)
			c += ref_work(f, d);
		return c;
	}
	for (d = to + 1; d <= from; d++)
		c += ref_work(f, d);
	return -c;
}

/* ---- helpers ----------------------------------------------------------- */

static void *
test_alloc(size_t size, void *arg)
{
	(void) arg;
	return malloc(size);
}

static void
cal_free(sa_workcal *c)
{
	free(c->bits);
	free(c->rank);
	free(c->wday);
}

static uint64_t rng_state = 0x5eed5eedULL;

static uint64_t
rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static int64_t
rnd(int64_t lo, int64_t hi)		/* inclusive */
{
	return lo + (int64_t) (rng() % (uint64_t) (hi - lo + 1));
}

static int32_t
ymd(int y, int m, int d)
{
	return (int32_t) sa_wd_day_from_ymd(y, m, d);
}

static void
mask_text(uint8_t mask, char *buf)
{
	int			i;

	for (i = 0; i < 7; i++)
		buf[i] = (mask >> i) & 1 ? '1' : '0';
	buf[7] = '\0';
}

/* Check add/between/is_workday on cal against f for many queries; returns mismatches. */
static int
check_queries(const sa_workcal *cal, const ref_fast *f, int64_t qlo, int64_t qhi,
			  int nq, int maxn, const char *what)
{
	int			bad = 0,
				i;

	for (i = 0; i < nq; i++)
	{
		int32_t		s = (int32_t) rnd(qlo, qhi);
		int32_t		n = (int32_t) rnd(-maxn, maxn);
		int32_t		t = (int32_t) rnd(qlo, qhi);
		int32_t		got = 0;
		int64_t		want;

		if (ref_work(f, s) != ref_is_workday(&f->r, s))
		{
			if (bad++ < 5)
				printf("# %s: the dense reference disagrees with the plain one at %d\n", what, s);
		}
		if (sa_wd_is_workday(cal, s) != ref_work(f, s))
		{
			if (bad++ < 5)
				printf("# %s: is_workday(%d) wrong\n", what, s);
		}
		want = ref_add(f, s, n);
		if (sa_wd_add(cal, s, n, &got) != SA_WD_OK || got != want)
		{
			if (bad++ < 5)
				printf("# %s: add(%d, %d) = %d, want %lld\n", what, s, n, got, (long long) want);
		}
		want = ref_between(f, s, t);
		if (sa_wd_between(cal, s, t, &got) != SA_WD_OK || got != want)
		{
			if (bad++ < 5)
				printf("# %s: between(%d, %d) = %d, want %lld\n", what, s, t, got, (long long) want);
		}
		/* inverse: for n > 0, between(start, add(start, n)) == n */
		if (n > 0)
		{
			int32_t		e = 0,
						b = 0;

			sa_wd_add(cal, s, n, &e);
			if (sa_wd_between(cal, s, e, &b) != SA_WD_OK || b != n)
			{
				if (bad++ < 5)
					printf("# %s: between(%d, add(%d, %d)) = %d\n", what, s, s, n, b);
			}
		}
	}
	return bad;
}

/* ---- the 'cn' data ----------------------------------------------------- */

static sa_wd_override cn_ov[1000];
static int	cn_nov = 0;

static int
load_cn(void)
{
	FILE	   *fp = fopen("data/cn-workday-overrides.csv", "r");
	char		line[256];

	if (fp == NULL)
		return 0;
	while (fgets(line, sizeof line, fp))
	{
		int			y,
					m,
					d;
		char		kind[8];

		if (sscanf(line, "%d-%d-%d,%7[a-z],", &y, &m, &d, kind) == 4 && cn_nov < 1000)
		{
			cn_ov[cn_nov].day = ymd(y, m, d);
			cn_ov[cn_nov].workday = strcmp(kind, "work") == 0;
			cn_nov++;
		}
	}
	fclose(fp);
	return cn_nov;
}

int
main(void)
{
	sa_workcal	cal;
	ref_fast	f;
	int			i,
				bad;
	int32_t		r;
	uint8_t		m;

	/* civil dates and weekdays */
	is_int(sa_wd_day_from_ymd(2000, 1, 1), 0, "2000-01-01 is day 0");
	is_int(sa_wd_day_from_ymd(-4713, 11, 24), SA_WD_MIN_DAY, "4714-11-24 BC is the first day");
	is_int(sa_wd_day_from_ymd(5874897, 12, 31), SA_WD_MAX_DAY, "5874897-12-31 is the last day");
	is_int(sa_wd_weekday(0), 5, "2000-01-01 is a Saturday");
	is_int(sa_wd_weekday(ymd(2026, 2, 14)), 5, "2026-02-14 is a Saturday");
	is_int(sa_wd_weekday(ymd(2025, 9, 28)), 6, "2025-09-28 is a Sunday");
	is_int(sa_wd_weekday(SA_WD_MIN_DAY), 0, "4714-11-24 BC is a Monday");
	bad = 0;
	for (i = SA_WD_MIN_DAY; i < SA_WD_MIN_DAY + 2000000; i += 7)
	{
		int64_t		y;
		int			mm,
					dd;

		sa_wd_ymd_from_day(i, &y, &mm, &dd);
		if (sa_wd_day_from_ymd(y, mm, dd) != i)
			bad++;
	}
	is_int(bad, 0, "civil date round trip");

	/* weekmask parsing */
	ok(sa_wd_parse_weekmask("1111100", &m) && m == 0x1f, "1111100 parses to Monday..Friday");
	ok(!sa_wd_parse_weekmask("0000000", &m), "0000000 is refused");
	ok(!sa_wd_parse_weekmask("111110", &m), "6 characters are refused");
	ok(!sa_wd_parse_weekmask("11111000", &m), "8 characters are refused");
	ok(!sa_wd_parse_weekmask("11111x0", &m), "other characters are refused");
	is_int(sa_wd_build(&cal, "abc", NULL, 0, test_alloc, NULL), SA_WD_BAD_WEEKMASK,
		   "build refuses a bad weekmask");
	{
		sa_wd_override far[2] = {{0, true}, {SA_WD_MAX_WINDOW + 10, true}};

		is_int(sa_wd_build(&cal, "1111100", far, 2, test_alloc, NULL), SA_WD_WINDOW_TOO_LARGE,
			   "build refuses overrides too far apart");
		cal_free(&cal);
	}

	/* the official data */
	ok(load_cn() > 100, "data/cn-workday-overrides.csv read (%d rows)", cn_nov);
	is_int(sa_wd_build(&cal, "1111100", cn_ov, cn_nov, test_alloc, NULL), SA_WD_OK, "cn builds");
	ref_fast_init(&f, 0x1f, cn_ov, cn_nov);
	for (i = 0, bad = 0; i < cn_nov; i++)
		if (sa_wd_is_workday(&cal, cn_ov[i].day) != cn_ov[i].workday)
			bad++;
	is_int(bad, 0, "every cn override is seen by is_workday");
	for (i = 0, bad = 0; i < cn_nov; i++)
		if (cn_ov[i].workday == ((0x1f >> sa_wd_weekday(cn_ov[i].day)) & 1))
			bad++;
	is_int(bad, 0, "every cn override differs from the weekmask (days off on weekdays, work on weekends)");

	/* hand-checked: Spring Festival 2026, off Feb 16-23 (Sat 14 and Sat 28 work) */
	ok(sa_wd_is_workday(&cal, ymd(2026, 2, 14)), "2026-02-14 (Saturday) works");
	ok(!sa_wd_is_workday(&cal, ymd(2026, 2, 16)), "2026-02-16 is off");
	ok(!sa_wd_is_workday(&cal, ymd(2026, 2, 23)), "2026-02-23 is off");
	ok(sa_wd_is_workday(&cal, ymd(2026, 2, 28)), "2026-02-28 (Saturday) works");
	sa_wd_add(&cal, ymd(2026, 2, 13), 1, &r);
	is_int(r, ymd(2026, 2, 14), "add(2026-02-13, 1) = 2026-02-14");
	sa_wd_add(&cal, ymd(2026, 2, 14), 1, &r);
	is_int(r, ymd(2026, 2, 24), "add(2026-02-14, 1) = 2026-02-24");
	sa_wd_add(&cal, ymd(2026, 2, 14), 5, &r);
	is_int(r, ymd(2026, 2, 28), "add(2026-02-14, 5) = 2026-02-28");
	sa_wd_add(&cal, ymd(2026, 2, 16), 0, &r);
	is_int(r, ymd(2026, 2, 24), "add(2026-02-16, 0) = 2026-02-24");
	sa_wd_add(&cal, ymd(2026, 2, 24), -1, &r);
	is_int(r, ymd(2026, 2, 14), "add(2026-02-24, -1) = 2026-02-14");
	sa_wd_between(&cal, ymd(2026, 2, 13), ymd(2026, 2, 28), &r);
	is_int(r, 6, "between(2026-02-13, 2026-02-28) = 6");
	/* National Day 2025: off Oct 1-8, Sun Sep 28 and Sat Oct 11 work */
	sa_wd_add(&cal, ymd(2025, 9, 26), 1, &r);
	is_int(r, ymd(2025, 9, 28), "add(2025-09-26, 1) = 2025-09-28 (Sunday)");
	sa_wd_add(&cal, ymd(2025, 9, 30), 1, &r);
	is_int(r, ymd(2025, 10, 9), "add(2025-09-30, 1) = 2025-10-09");
	sa_wd_add(&cal, ymd(2025, 9, 30), 3, &r);
	is_int(r, ymd(2025, 10, 11), "add(2025-09-30, 3) = 2025-10-11 (Saturday)");
	sa_wd_between(&cal, ymd(2025, 9, 26), ymd(2025, 10, 12), &r);
	is_int(r, 6, "between(2025-09-26, 2025-10-12) = 6 (Sep 28, 29, 30, Oct 9, 10, 11)");
	/* year end: 2025-12-31 + 1 skips Jan 1-2 2026, Sunday Jan 4 works */
	sa_wd_add(&cal, ymd(2025, 12, 31), 1, &r);
	is_int(r, ymd(2026, 1, 4), "add(2025-12-31, 1) = 2026-01-04 (Sunday)");

	bad = check_queries(&cal, &f, ymd(2019, 6, 1), ymd(2027, 6, 30), 20000, 300, "cn 2019-2027");
	is_int(bad, 0, "cn: 20000 random queries 2019-2027 agree with the reference");
	bad = check_queries(&cal, &f, ymd(1990, 1, 1), ymd(2060, 1, 1), 3000, 3000, "cn wide");
	is_int(bad, 0, "cn: 3000 random queries with |n| <= 3000 agree");
	bad = check_queries(&cal, &f, ymd(1800, 1, 1), ymd(2019, 1, 1), 2000, 100, "cn before");
	is_int(bad, 0, "cn: weekmask-only region before the data agrees");
	bad = check_queries(&cal, &f, ymd(2027, 1, 1), ymd(2400, 1, 1), 2000, 100, "cn after");
	is_int(bad, 0, "cn: weekmask-only region after the data agrees");
	/* window edges: starts right around the first and last words */
	bad = check_queries(&cal, &f, cal.lo - 80, cal.lo + 80, 3000, 150, "cn lo edge");
	is_int(bad, 0, "cn: queries around the window start agree");
	bad = check_queries(&cal, &f, cal.lo + 64 * cal.nwords - 80, cal.lo + 64 * cal.nwords + 80,
						3000, 150, "cn hi edge");
	is_int(bad, 0, "cn: queries around the window end agree");
	cal_free(&cal);
	free(f.w);

	/* random calendars */
	for (i = 0; i < 200; i++)
	{
		char		wm[8];
		sa_wd_override ov[400];
		int			nov = (int) rnd(0, 399),
					j;
		int64_t		center = rnd(-200000, 200000);
		int64_t		span = rnd(1, 3000);

		do
			m = (uint8_t) rnd(0, 127);
		while (m == 0);
		mask_text(m, wm);
		for (j = 0; j < nov; j++)
		{
			ov[j].day = (int32_t) (center + rnd(-span, span));
			/* mostly days off; weekmasks with few days need some work days too */
			ov[j].workday = rnd(0, 3) == 0;
		}
		if (sa_wd_build(&cal, wm, ov, nov, test_alloc, NULL) != SA_WD_OK)
		{
			ok(0, "random calendar %d builds", i);
			continue;
		}
		ref_fast_init(&f, m, ov, nov);
		bad = check_queries(&cal, &f, center - span - 200, center + span + 200, 300, 200, "random");
		ok(bad == 0, "random calendar %d (weekmask %s, %d overrides): 300 queries agree", i, wm, nov);
		cal_free(&cal);
		free(f.w);
	}

	/* a calendar whose window has no working day at all */
	{
		sa_wd_override ov[200];
		int			j;

		for (j = 0; j < 200; j++)
		{
			ov[j].day = 1000 + j;
			ov[j].workday = false;
		}
		sa_wd_build(&cal, "1000000", ov, 200, test_alloc, NULL);
		ref_fast_init(&f, 0x01, ov, 200);
		bad = check_queries(&cal, &f, 800, 1400, 3000, 60, "empty window");
		is_int(bad, 0, "a window without working days is skipped");
		cal_free(&cal);
		free(f.w);
	}

	/* range limits */
	sa_wd_build(&cal, "1111100", NULL, 0, test_alloc, NULL);
	is_int(sa_wd_add(&cal, SA_WD_MAX_DAY - 3, 10, &r), SA_WD_OUT_OF_RANGE, "add past the last date fails");
	is_int(sa_wd_add(&cal, SA_WD_MIN_DAY + 3, -10, &r), SA_WD_OUT_OF_RANGE, "add before the first date fails");
	is_int(sa_wd_add(&cal, SA_WD_MAX_DAY + 1, 1, &r), SA_WD_BAD_DAY, "a start past the last date is refused");
	is_int(sa_wd_add(&cal, SA_WD_MIN_DAY, 0, &r), SA_WD_OK, "add(first date, 0) works (a Monday)");
	is_int(r, SA_WD_MIN_DAY, "and is the first date");
	is_int(sa_wd_between(&cal, SA_WD_MIN_DAY, SA_WD_MAX_DAY, &r), SA_WD_OK, "between the first and last dates");
	{
		int64_t		want;

		/* weekmask-only: count by weeks instead of walking 2 billion days */
		{
			int64_t		days = (int64_t) SA_WD_MAX_DAY - SA_WD_MIN_DAY;
			int64_t		weeks = days / 7,
						d;

			want = weeks * 5;
			for (d = SA_WD_MIN_DAY + 1 + weeks * 7; d <= SA_WD_MAX_DAY; d++)
				want += (0x1f >> sa_wd_weekday(d)) & 1;
		}
		is_int(r, want, "between the first and last dates counts every working day");
	}
	cal_free(&cal);

	return tap_done();
}

/*
 * fuzz_workday.c — libFuzzer harness for src/core/workday.c.
 *
 * The input describes a calendar (weekmask, overrides around a centre day)
 * and a list of queries.  Every answer is compared with a naive day-by-day
 * walk; add and between must also be inverse where the contract says so.
 * Any mismatch aborts.
 *
 * Layout: [mask][centre:3][nov:1] nov × [offset:2][workday:1], then queries
 * of [unused:1][start offset:2][n:2][end - start:2] (at most 32).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workday.h"

#define MAX_OV 200
#define SPAN 4096				/* overrides lie within centre ± SPAN/2 */

/* The reference is not what we fuzz: keep coverage instrumentation out of it. */
#if defined(__clang__)
#define REF __attribute__((no_sanitize("coverage")))
#else
#define REF
#endif

typedef struct
{
	uint8_t		mask;
	int64_t		lo;				/* dense copy of [lo, lo + len) */
	int64_t		len;
	unsigned char *w;
} ref_t;

REF static int
ref_work(const ref_t *r, int64_t d)
{
	int64_t		k;

	if (d >= r->lo && d < r->lo + r->len)
		return r->w[d - r->lo];
	k = (d - 2) % 7;			/* day 2 is a Monday */
	return (r->mask >> (k < 0 ? k + 7 : k)) & 1;
}

/* Naive add; returns the day, which may lie outside the date range. */
REF static int64_t
ref_add(const ref_t *r, int64_t s, int n)
{
	int64_t		d = s;

	if (n > 0)
	{
		while (n > 0)
			if (ref_work(r, ++d))
				n--;
		return d;
	}
	while (!ref_work(r, d))
		d++;
	while (n < 0)
		if (ref_work(r, --d))
			n++;
	return d;
}

REF static int64_t
ref_between(const ref_t *r, int64_t f, int64_t t)
{
	int64_t		c = 0,
				d;

	if (t >= f)
	{
		for (d = f + 1; d <= t; d++)
			c += ref_work(r, d);
		return c;
	}
	for (d = t + 1; d <= f; d++)
		c += ref_work(r, d);
	return -c;
}

/* Dense copy of the calendar over centre ± SPAN (the weekday by plain arithmetic). */
REF static void
ref_init(ref_t *r, int64_t centre, const sa_wd_override *ov, int nov)
{
	int64_t		i;

	r->lo = centre - SPAN;
	r->len = 2 * SPAN;
	r->w = malloc(r->len);
	for (i = 0; i < r->len; i++)
	{
		int64_t		k = (r->lo + i - 2) % 7;

		r->w[i] = (unsigned char) ((r->mask >> (k < 0 ? k + 7 : k)) & 1);
	}
	for (i = 0; i < nov; i++)
		r->w[ov[i].day - r->lo] = ov[i].workday;
}

static void *
fz_alloc(size_t size, void *arg)
{
	(void) arg;
	return malloc(size);
}

static void
fail(const char *what, long long a, long long b, long long got, long long want)
{
	fprintf(stderr, "MISMATCH %s(%lld, %lld): got %lld, want %lld\n", what, a, b, got, want);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sa_wd_override ov[MAX_OV];
	sa_workcal	cal;
	ref_t		ref;
	char		wm[8];
	int			nov,
				i;
	int64_t		centre;
	size_t		p = 0;

	if (size < 5)
		return 0;
	ref.mask = data[0] & 0x7f;
	if (ref.mask == 0)
		ref.mask = 0x1f;
	for (i = 0; i < 7; i++)
		wm[i] = (ref.mask >> i) & 1 ? '1' : '0';
	wm[7] = '\0';
	/* the centre: within ±5700 years of 2000, or near either end of the range */
	centre = (int64_t) (((data[1] << 16) | (data[2] << 8) | data[3]) & 0x3fffff) - (1 << 21);
	if (data[1] == 0xff)
		centre = SA_WD_MAX_DAY - (data[2] << 4);
	else if (data[1] == 0xfe)
		centre = SA_WD_MIN_DAY + (data[2] << 4);
	nov = data[4] % (MAX_OV + 1);
	p = 5;
	if (size < p + 3 * (size_t) nov)
		nov = (int) ((size - p) / 3);
	for (i = 0; i < nov; i++, p += 3)
	{
		int64_t		d = centre + (int64_t) ((data[p] << 8) | data[p + 1]) % SPAN - SPAN / 2;

		if (d < SA_WD_MIN_DAY)
			d = SA_WD_MIN_DAY;
		if (d > SA_WD_MAX_DAY)
			d = SA_WD_MAX_DAY;
		ov[i].day = (int32_t) d;
		ov[i].workday = data[p + 2] & 1;
	}

	if (sa_wd_build(&cal, wm, ov, nov, fz_alloc, NULL) != SA_WD_OK)
		abort();				/* every input here is a valid calendar */

	ref_init(&ref, centre, ov, nov);

	for (int q = 0; q < 32 && p + 7 <= size; q++, p += 7)
	{
		int64_t		s = centre + (int16_t) ((data[p + 1] << 8) | data[p + 2]) % (SPAN + 300);
		int			n = (int16_t) ((data[p + 3] << 8) | data[p + 4]) % 300;
		int64_t		e = s + (int16_t) ((data[p + 5] << 8) | data[p + 6]) % 1500;
		int32_t		got,
					back;
		int64_t		want;
		sa_wd_status st;

		if (s < SA_WD_MIN_DAY || s > SA_WD_MAX_DAY || e < SA_WD_MIN_DAY || e > SA_WD_MAX_DAY)
			continue;

		if ((int) sa_wd_is_workday(&cal, s) != ref_work(&ref, s))
			fail("is_workday", s, 0, sa_wd_is_workday(&cal, s), ref_work(&ref, s));

		want = ref_add(&ref, s, n);
		st = sa_wd_add(&cal, (int32_t) s, n, &got);
		if (want < SA_WD_MIN_DAY || want > SA_WD_MAX_DAY)
		{
			if (st != SA_WD_OUT_OF_RANGE)
				fail("add range", s, n, st, SA_WD_OUT_OF_RANGE);
		}
		else if (st != SA_WD_OK || got != want)
			fail("add", s, n, st == SA_WD_OK ? got : -1, want);
		else
		{
			/* inverses */
			if (!sa_wd_is_workday(&cal, got))
				fail("add result works", s, n, got, 1);
			sa_wd_between(&cal, (int32_t) s, got, &back);
			if (n > 0 && back != n)
				fail("between(s, add(s, n))", s, n, back, n);
			if (n < 0 && back != n + 1 - (int) sa_wd_is_workday(&cal, s))
				fail("between(s, add(s, n < 0))", s, n, back, n + 1 - (int) sa_wd_is_workday(&cal, s));
			if (n == 0 && back != 1 - (int) sa_wd_is_workday(&cal, s))
				fail("between(s, add(s, 0))", s, n, back, 1 - (int) sa_wd_is_workday(&cal, s));
		}

		want = ref_between(&ref, s, e);
		if (sa_wd_between(&cal, (int32_t) s, (int32_t) e, &got) != SA_WD_OK || got != want)
			fail("between", s, e, got, want);
		/* add(s, between(s, e)) == e for a working e after s */
		if (e > s && ref_work(&ref, e))
		{
			int32_t		e2;

			if (sa_wd_add(&cal, (int32_t) s, got, &e2) == SA_WD_OK && got > 0 && e2 != e)
				fail("add(s, between(s, e))", s, e, e2, e);
		}
	}

	free(ref.w);
	free(cal.bits);
	free(cal.rank);
	free(cal.wday);
	return 0;
}

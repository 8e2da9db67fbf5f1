/*
 * fuzz_weekmask.c — libFuzzer harness for the weekmask text parser of
 * src/core/workday.c (calendar.weekmask, read by the calendar loader).
 *
 * The input, cut at 63 bytes and NUL-terminated, is a weekmask.  It must be
 * accepted exactly when it is seven characters of 0 and 1 with at least one
 * 1, and then bit i of the mask is character i.  sa_wd_build() must agree
 * with the parser and count the working days of a week.  Any mismatch aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workday.h"

static void *
no_alloc(size_t size, void *arg)
{
	(void) size;
	(void) arg;
	abort();					/* no overrides: sa_wd_build must not allocate */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		text[64];
	size_t		len = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	size_t		n;
	uint8_t		mask = 0xAA,
				want = 0;
	int			ok,
				want_ok,
				i,
				ones = 0;
	sa_workcal	cal;
	sa_wd_status st;

	memcpy(text, data, len);
	text[len] = '\0';
	n = strlen(text);			/* an embedded NUL ends the text, as in C */

	want_ok = (n == 7);
	for (i = 0; want_ok && i < 7; i++)
	{
		if (text[i] == '1')
		{
			want |= (uint8_t) (1u << i);
			ones++;
		}
		else if (text[i] != '0')
			want_ok = 0;
	}
	if (ones == 0)
		want_ok = 0;

	ok = sa_wd_parse_weekmask(text, &mask);
	if (ok != want_ok)
	{
		fprintf(stderr, "weekmask \"%s\": parser says %d, expected %d\n", text, ok, want_ok);
		abort();
	}
	if (ok && mask != want)
	{
		fprintf(stderr, "weekmask \"%s\": mask %02x, expected %02x\n", text, mask, want);
		abort();
	}

	st = sa_wd_build(&cal, text, NULL, 0, no_alloc, NULL);
	if ((st == SA_WD_OK) != want_ok || (!want_ok && st != SA_WD_BAD_WEEKMASK))
	{
		fprintf(stderr, "weekmask \"%s\": sa_wd_build status %d\n", text, (int) st);
		abort();
	}
	if (st == SA_WD_OK)
	{
		int			w = 0;
		int64_t		d;

		/* a week of days counts the ones of the mask */
		for (d = 0; d < 7; d++)
			w += sa_wd_is_workday(&cal, d) ? 1 : 0;
		if (w != ones)
		{
			fprintf(stderr, "weekmask \"%s\": %d working days a week, expected %d\n", text, w, ones);
			abort();
		}
	}
	return 0;
}

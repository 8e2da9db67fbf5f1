/*
 * histid.c — ids of the partitioned history; see histid.h.
 */
#include "histid.h"

int64_t
sa_hist_month_index(int year, int month)
{
	return ((int64_t) year - 2000) * 12 + month;
}

/*
 * n mod 10^10 as SQL's % gives it (the sign of n): callers refuse negative
 * n, so this is the plain remainder.
 */
sa_hist_status
sa_hist_case_id(int year, int month, int64_t n, int64_t base, int64_t *out)
{
	int64_t		m = sa_hist_month_index(year, month);
	int64_t		id;

	if (m < 1 || m > SA_HIST_MONTH_MAX)
		return SA_HIST_MONTH_RANGE;
	if (n < 0 || base < 0)
		return SA_HIST_NEGATIVE;
	id = m * SA_HIST_MONTH_SPAN + n % SA_HIST_MONTH_SPAN;
	if (base > INT64_MAX - id)
		return SA_HIST_OVERFLOW;
	*out = base + id;
	return SA_HIST_OK;
}

int64_t
sa_hist_month_floor(int64_t id)
{
	/* as SQL's id - id % 10^10: towards zero for a negative id */
	return id - id % SA_HIST_MONTH_SPAN;
}

sa_hist_status
sa_hist_month_id(int64_t of_id, int64_t n, int64_t *out)
{
	int64_t		floor = sa_hist_month_floor(of_id);
	int64_t		r;

	if (n < 0)
		return SA_HIST_NEGATIVE;
	r = n % SA_HIST_MONTH_SPAN;
	if (floor > 0 && r > INT64_MAX - floor)
		return SA_HIST_OVERFLOW;
	*out = floor + r;
	return SA_HIST_OK;
}

int64_t
sa_hist_id_base(int64_t seqmin)
{
	if (seqmin < INT64_C(1000000000000))
		return 0;
	return (seqmin / INT64_C(1000000000000)) * INT64_C(1000000000000000);
}

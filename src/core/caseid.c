/*
 * caseid.c — ids that carry the month of submission (see caseid.h).
 */
#include "caseid.h"

int64_t
sa_caseid_month_index(int64_t year, int month)
{
	return (year - 2000) * 12 + month;
}

sa_caseid_status
sa_caseid_make(int64_t year, int month, int64_t n, int64_t *out)
{
	int64_t		m;
	int64_t		k;

	if (month < 1 || month > 12 || year < 2000 || year > 2000 + SA_CASEID_MONTH_MAX / 12 + 1)
		return SA_CASEID_MONTH_RANGE;
	m = sa_caseid_month_index(year, month);
	if (m < 1 || m > SA_CASEID_MONTH_MAX)
		return SA_CASEID_MONTH_RANGE;
	if (n < 0)
		return SA_CASEID_BAD_SEQUENCE;
	k = n / SA_CASEID_SEQ_SPAN;
	if (k > SA_CASEID_SHARD_MAX)
		return SA_CASEID_BAD_SEQUENCE;
	*out = k * SA_CASEID_SHARD_SPAN + m * SA_CASEID_MONTH_SPAN + n % SA_CASEID_MONTH_SPAN;
	return SA_CASEID_OK;
}

static int
valid_id(int64_t id)
{
	return id >= 0 && id / SA_CASEID_SHARD_SPAN <= SA_CASEID_SHARD_MAX;
}

sa_caseid_status
sa_caseid_month_floor(int64_t id, int64_t *out)
{
	if (!valid_id(id))
		return SA_CASEID_BAD_ID;
	*out = id - id % SA_CASEID_MONTH_SPAN;
	return SA_CASEID_OK;
}

sa_caseid_status
sa_caseid_in_month(int64_t of_id, int64_t n, int64_t *out)
{
	if (!valid_id(of_id))
		return SA_CASEID_BAD_ID;
	if (n < 0 || n / SA_CASEID_SEQ_SPAN > SA_CASEID_SHARD_MAX)
		return SA_CASEID_BAD_SEQUENCE;

	/*
	 * The month of of_id, the shard that drew n: after a region moved, a
	 * shard makes tasks for cases another shard numbered, and their ids must
	 * lie in its own range (the copied rows keep the other's)
	 */
	*out = n / SA_CASEID_SEQ_SPAN * SA_CASEID_SHARD_SPAN
		+ (of_id % SA_CASEID_SHARD_SPAN - of_id % SA_CASEID_MONTH_SPAN)
		+ n % SA_CASEID_MONTH_SPAN;
	return SA_CASEID_OK;
}

sa_caseid_status
sa_caseid_month_of(int64_t id, int64_t *year, int *month)
{
	int64_t		m;

	if (!valid_id(id))
		return SA_CASEID_BAD_ID;
	m = id % SA_CASEID_SHARD_SPAN / SA_CASEID_MONTH_SPAN;
	if (m == 0)
	{
		*year = 0;
		*month = 0;
		return SA_CASEID_OK;
	}
	*year = 2000 + (m - 1) / 12;
	*month = (int) ((m - 1) % 12 + 1);
	return SA_CASEID_OK;
}

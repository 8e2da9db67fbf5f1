/*
 * caseid.c — fmgr glue of the ids that carry the month of submission
 * (src/core/caseid.[ch]; sql/parts/38_case_ids.sql).
 */
#include "postgres.h"

#include "fmgr.h"
#include "datatype/timestamp.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "caseid.h"

PG_FUNCTION_INFO_V1(sa_case_id);
PG_FUNCTION_INFO_V1(sa_month_floor);
PG_FUNCTION_INFO_V1(sa_month_id);
PG_FUNCTION_INFO_V1(sa_case_month);
PG_FUNCTION_INFO_V1(sa_month_floor_at);

static void
caseid_fail(sa_caseid_status st, int64 id, int64 n)
{
	switch (st)
	{
		case SA_CASEID_OK:
			return;
		case SA_CASEID_MONTH_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("time outside the range of case numbers"),
					 errdetail("Case numbers carry the month of submission from 2000-01 to 10333-03 (UTC).")));
			break;
		case SA_CASEID_BAD_SEQUENCE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sequence value outside the range of case numbers"),
					 errdetail("Sequence value " INT64_FORMAT " is negative or beyond shard %d's range.", n, SA_CASEID_SHARD_MAX)));
			break;
		case SA_CASEID_BAD_ID:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("id outside the range of case numbers"),
					 errdetail("Id " INT64_FORMAT " is negative or beyond shard %d's range.", id, SA_CASEID_SHARD_MAX)));
			break;
	}
}

/*
 * 22023 for a time whose month no case number carries, the time named in
 * UTC (the month the number would carry), whatever TimeZone and DateStyle
 * say: until 2026-12-07 the detail named no time (a review).  Reached only
 * on the error path.
 */
pg_attribute_noreturn() static void caseid_time_fail(TimestampTz at, const struct pg_tm *tm);

static void
caseid_time_fail(TimestampTz at, const struct pg_tm *tm)
{
	char		when[64];

	if (TIMESTAMP_IS_NOBEGIN(at))
		snprintf(when, sizeof(when), "-infinity");
	else if (TIMESTAMP_IS_NOEND(at) || tm == NULL)
		snprintf(when, sizeof(when), "%s", TIMESTAMP_IS_NOEND(at) ? "infinity" : "out of range");
	else
		snprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d:%02d UTC%s",
				 tm->tm_year > 0 ? tm->tm_year : 1 - tm->tm_year, tm->tm_mon, tm->tm_mday,
				 tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_year > 0 ? "" : " BC");
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("time outside the range of case numbers"),
			 errdetail("The time %s is outside the months case numbers carry, 2000-01 to 10333-03 (UTC).", when)));
}

/* case_id(at timestamptz, n bigint) → bigint: the month of at in UTC */
Datum
sa_case_id(PG_FUNCTION_ARGS)
{
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(0);
	int64		n = PG_GETARG_INT64(1);
	struct pg_tm tm;
	fsec_t		fsec;
	int64		id = 0;
	sa_caseid_status st;

	if (TIMESTAMP_NOT_FINITE(at) || timestamp2tm(at, NULL, &tm, &fsec, NULL, NULL) != 0)
		caseid_time_fail(at, NULL);
	st = sa_caseid_make(tm.tm_year, tm.tm_mon, n, &id);
	if (st == SA_CASEID_MONTH_RANGE)
		caseid_time_fail(at, &tm);
	caseid_fail(st, 0, n);
	PG_RETURN_INT64(id);
}

/*
 * month_floor_at(at timestamptz) → bigint: the first id of the month of at
 * (UTC) on a single node (shard 0), clamped to the months ids can carry: 0
 * before 2000-01 (and for -infinity), the last month's first id after
 * 10333-03 (and for infinity).  IMMUTABLE, so that a bound written with it
 * on constants is a constant when a query is planned, and prunes the
 * history's months (the period functions of the indicators, 65_views.sql).
 */
Datum
sa_month_floor_at(PG_FUNCTION_ARGS)
{
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(0);
	struct pg_tm tm;
	fsec_t		fsec;
	int64		id = 0;

	if (TIMESTAMP_IS_NOBEGIN(at))
		PG_RETURN_INT64(0);
	if (TIMESTAMP_IS_NOEND(at) || timestamp2tm(at, NULL, &tm, &fsec, NULL, NULL) != 0)
		PG_RETURN_INT64(SA_CASEID_SHARD_SPAN - SA_CASEID_MONTH_SPAN);
	if (sa_caseid_make(tm.tm_year, tm.tm_mon, 0, &id) != SA_CASEID_OK)
		PG_RETURN_INT64(tm.tm_year < 2000 ? 0 : SA_CASEID_SHARD_SPAN - SA_CASEID_MONTH_SPAN);
	PG_RETURN_INT64(id);
}

/* month_floor(id bigint) → bigint */
Datum
sa_month_floor(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);
	int64		out = 0;

	caseid_fail(sa_caseid_month_floor(id, &out), id, 0);
	PG_RETURN_INT64(out);
}

/* month_id(of_id bigint, n bigint) → bigint */
Datum
sa_month_id(PG_FUNCTION_ARGS)
{
	int64		of_id = PG_GETARG_INT64(0);
	int64		n = PG_GETARG_INT64(1);
	int64		out = 0;

	caseid_fail(sa_caseid_in_month(of_id, n, &out), of_id, n);
	PG_RETURN_INT64(out);
}

/* case_month(id bigint) → date: the first day of the month, NULL for month 0 */
Datum
sa_case_month(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);
	int64		year = 0;
	int			month = 0;

	caseid_fail(sa_caseid_month_of(id, &year, &month), id, 0);
	if (month == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(date2j((int) year, month, 1) - POSTGRES_EPOCH_JDATE);
}

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

/* case_id(at timestamptz, n bigint) → bigint: the month of at in UTC */
Datum
sa_case_id(PG_FUNCTION_ARGS)
{
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(0);
	int64		n = PG_GETARG_INT64(1);
	struct pg_tm tm;
	fsec_t		fsec;
	int64		id = 0;

	if (TIMESTAMP_NOT_FINITE(at) || timestamp2tm(at, NULL, &tm, &fsec, NULL, NULL) != 0)
		caseid_fail(SA_CASEID_MONTH_RANGE, 0, n);
	caseid_fail(sa_caseid_make(tm.tm_year, tm.tm_mon, n, &id), 0, n);
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

/*
 * history.c — SQL glue of the ids of the partitioned history
 * (sql/parts/38_history.sql; the rule is src/core/histid.c):
 *
 *   case_id(at timestamptz, n bigint) → bigint      IMMUTABLE STRICT
 *   month_floor(id bigint) → bigint                  IMMUTABLE STRICT
 *   month_id(of_id bigint, n bigint) → bigint        IMMUTABLE STRICT
 *   id_base() → bigint                               STABLE
 *   history_month_ready(at timestamptz) → boolean    STABLE
 *
 * They run on every submit(), task, rating and by-id lookup: written in C
 * so that none of them starts an executor (as SQL or PL/pgSQL functions
 * with a SET clause they did, twice per submission; doc/benchmarks-intake.md).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_sequence.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "histid.h"

PG_FUNCTION_INFO_V1(sa_case_id_sql);
PG_FUNCTION_INFO_V1(sa_month_floor_sql);
PG_FUNCTION_INFO_V1(sa_month_id_sql);
PG_FUNCTION_INFO_V1(sa_id_base_sql);
PG_FUNCTION_INFO_V1(sa_history_month_ready_sql);

/* The UTC year and month of a finite instant, else 22023 naming it. */
static void
utc_year_month(TimestampTz at, int *year, int *month)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (TIMESTAMP_NOT_FINITE(at) || timestamp2tm(at, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time outside the range of case ids"),
				 errdetail("Time %s is not a finite time from 2000-01-01 UTC on.",
						   DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(at))))));
	*year = tm.tm_year;
	*month = tm.tm_mon;
}

static int64
case_id_or_error(TimestampTz at, int64 n, int64 base)
{
	int			year,
				month;
	int64		id = 0;

	utc_year_month(at, &year, &month);
	switch (sa_hist_case_id(year, month, n, base, &id))
	{
		case SA_HIST_OK:
			break;
		case SA_HIST_MONTH_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("time outside the range of case ids"),
					 errdetail("Time %s is before 2000-01-01 or after month %d (10333-03) UTC.",
							   DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(at))),
							   SA_HIST_MONTH_MAX)));
			break;
		case SA_HIST_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("negative sequence value for a case id"),
					 errdetail("Sequence value " INT64_FORMAT " is negative.", n)));
			break;
		case SA_HIST_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("bigint out of range"),
					 errdetail("Id base " INT64_FORMAT " plus the id of the month passes the largest bigint.", base)));
			break;
	}
	return id;
}

/* The base of this database's case ids: from the minimum of cases_id_seq (one syscache lookup). */
static int64
id_base(void)
{
	Oid			ns = get_namespace_oid("service_affair", true);
	Oid			seq = OidIsValid(ns) ? get_relname_relid("cases_id_seq", ns) : InvalidOid;
	HeapTuple	tup;
	int64		base = 0;

	if (!OidIsValid(seq))
		return 0;
	tup = SearchSysCache1(SEQRELID, ObjectIdGetDatum(seq));
	if (HeapTupleIsValid(tup))
	{
		base = sa_hist_id_base(((Form_pg_sequence) GETSTRUCT(tup))->seqmin);
		ReleaseSysCache(tup);
	}
	return base;
}

/* case_id(at, n): without the base, as the SQL function was. */
Datum
sa_case_id_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(case_id_or_error(PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_INT64(1), 0));
}

Datum
sa_month_floor_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(sa_hist_month_floor(PG_GETARG_INT64(0)));
}

Datum
sa_month_id_sql(PG_FUNCTION_ARGS)
{
	int64		of_id = PG_GETARG_INT64(0),
				n = PG_GETARG_INT64(1),
				r = 0;

	switch (sa_hist_month_id(of_id, n, &r))
	{
		case SA_HIST_OK:
			break;
		case SA_HIST_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("negative sequence value for an id"),
					 errdetail("Sequence value " INT64_FORMAT " is negative.", n)));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("bigint out of range"),
					 errdetail("The month of id " INT64_FORMAT " plus " INT64_FORMAT " passes the largest bigint.", of_id, n)));
	}
	PG_RETURN_INT64(r);
}

Datum
sa_id_base_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(id_base());
}

/*
 * history_month_ready(at): whether the partition of cases for the month of
 * at exists (two syscache lookups); submit() makes the month's partitions
 * (history_month()) only when it does not.
 */
Datum
sa_history_month_ready_sql(PG_FUNCTION_ARGS)
{
	int64		lo = case_id_or_error(PG_GETARG_TIMESTAMPTZ(0), 0, id_base());
	char		name[NAMEDATALEN];
	Oid			ns = get_namespace_oid("service_affair", false);

	snprintf(name, sizeof name, "cases_p" INT64_FORMAT, lo);
	PG_RETURN_BOOL(OidIsValid(get_relname_relid(name, ns)));
}

/*
 * rating.c — fmgr glue of the rating rules (src/core/rating.[ch]).
 *
 * rating_level_valid / rating_channel_valid back the CHECK constraints of
 * service_affair.rating; rating_check raises the errors of rate() for its
 * arguments; rating_is_bad says whether a level opens a rectification;
 * rectification_windows computes its call-back and fix due dates.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "rating.h"
#include "arguments.h"

PG_FUNCTION_INFO_V1(sa_rating_level_valid_sql);
PG_FUNCTION_INFO_V1(sa_rating_channel_valid_sql);
PG_FUNCTION_INFO_V1(sa_rating_is_bad_sql);
PG_FUNCTION_INFO_V1(sa_rating_check_sql);
PG_FUNCTION_INFO_V1(sa_rectification_windows_sql);

/* rating_level_valid(level integer) → boolean */
Datum
sa_rating_level_valid_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(sa_rating_level_valid(PG_GETARG_INT32(0)));
}

/* rating_channel_valid(channel text) → boolean */
Datum
sa_rating_channel_valid_sql(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(sa_rating_channel_valid(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

/* rating_is_bad(level integer) → boolean: the level opens a rectification */
Datum
sa_rating_is_bad_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(sa_rating_is_bad(PG_GETARG_INT32(0)));
}

/*
 * rating_check(level integer, channel text, at timestamptz) → void: 22023
 * for a level outside 1..5, an unknown channel, a null or infinite time or
 * one outside the years 1..8999 (doc/ratings.md; this comment said 22008
 * for an infinite time until 2026-12-07, which the code never raised).
 * Not strict: a NULL argument is an error, named.
 */
Datum
sa_rating_check_sql(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || !sa_rating_level_valid(PG_GETARG_INT32(0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid rating level"),
				 errdetail("Level %s is not between %d (非常不满意) and %d (非常满意).",
						   PG_ARGISNULL(0) ? "NULL" : psprintf("%d", PG_GETARG_INT32(0)),
						   SA_RATING_LEVEL_MIN, SA_RATING_LEVEL_MAX)));
	if (PG_ARGISNULL(1) ||
		!sa_rating_channel_valid(VARDATA_ANY(PG_GETARG_TEXT_PP(1)),
								 VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(1))))
	{
		char	   *echo = "NULL";

		if (!PG_ARGISNULL(1))
		{
			text	   *t = PG_GETARG_TEXT_PP(1);

			echo = quote_literal_cstr(sa_echo(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
		}
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid rating channel"),
				 errdetail("Channel %s is not one of %s.", echo, SA_RATING_CHANNEL_LIST)));
	}
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at must not be null"),
				 errdetail("The time is NULL; give the time the rating was given.")));
	if (TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(2)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at must be finite"),
				 errdetail("A rating is given at a finite time, not %s.",
						   TIMESTAMP_IS_NOBEGIN(PG_GETARG_TIMESTAMPTZ(2)) ? "-infinity" : "infinity")));
	sa_refuse_unrecordable_time(PG_GETARG_TIMESTAMPTZ(2), "at");	/* outside the years 1..8999 */
	PG_RETURN_VOID();
}

/*
 * rectification_windows(at timestamptz, cal text, callback_days integer,
 * fix_days integer, OUT callback_due date, OUT fix_due date): the due dates
 * of the rectification of a bad rating given at `at` on calendar cal.  A
 * NULL day count is the default of the rule (1 and 15 working days).
 */
Datum
sa_rectification_windows_sql(PG_FUNCTION_ARGS)
{
	TimestampTz at;
	char	   *cal;
	int32		callback_days,
				fix_days;
	TupleDesc	tupdesc;
	DateADT		day;
	int32_t		cb,
				fx;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	sa_rating_status st;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rectification windows need a time and a calendar")));
	at = PG_GETARG_TIMESTAMPTZ(0);
	cal = text_to_cstring(PG_GETARG_TEXT_PP(1));
	/* a NULL count (its setting row was deleted) is the rule's default */
	callback_days = PG_ARGISNULL(2) ? SA_RATING_CALLBACK_DAYS_DEFAULT : PG_GETARG_INT32(2);
	fix_days = PG_ARGISNULL(3) ? SA_RATING_FIX_DAYS_DEFAULT : PG_GETARG_INT32(3);

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "rectification_windows must return a composite");
	tupdesc = BlessTupleDesc(tupdesc);

	day = sa_local_day(cal, at);
	st = sa_rating_windows(sa_calendar_workcal(cal), day, callback_days, fix_days, &cb, &fx);
	if (st == SA_RATING_BAD_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid rectification day count"),
				 errdetail("Call-back days %d and fix days %d must lie between 0 and %d.",
						   callback_days, fix_days, SA_RATING_DAYS_MAX)));
	if (st != SA_RATING_OK)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range"),
				 errdetail("The rectification of a rating given on %s in calendar \"%s\" would be due outside the supported date range.",
						   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(day))),
						   sa_echo(cal, -1))));
	values[0] = DateADTGetDatum(cb);
	values[1] = DateADTGetDatum(fx);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
